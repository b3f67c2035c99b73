// The photo pipeline's figures (issue 20), printed by `npm run bench` and runnable alone:
//   - one 4000×3000 camera photo: a real photograph when Debian's lomiri-wallpapers-16.04 is
//     installed (Dragonfly_by_Bolly.jpg, 4224×3168, CC BY-SA 4.0, cropped and scaled to 4000×3000
//     and saved at JPEG quality 92 as a phone does), and the generated one (tests/photos.mjs, noisier
//     than any real photo: a worst case). For each: processing time (median of 3), its original
//     bytes, and the bytes of the one file a phone reader (390 px at 3×, the 358 px column) and a
//     desktop reader (1366 px: the 820 px column at 1×) download, chosen from the srcset as a browser does;
//   - the WebP settings sweep the pipeline's choice rests on (quality, effort, smartSubsample: bytes
//     and encode time of the 1080 px file);
//   - a full build of N articles with N photos (cold cache, then warm), and an incremental
//     build after adding one photo with its article.
// Prints, never asserts.
//
//   npx tsx scripts/tools/photo-bench.ts [--articles 1000] [--size 1600x1200] [--no-build] [--photo file.jpg]
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import { encodePhoto, photoHash, photoPlan, type PhotoPlan, WEBP_OPTIONS } from '../../lib/content'
import { settingsFromEnv } from '../../lib/settings'
import { cameraPhoto, tagLikeAPhone } from '../../tests/photos.mjs'
import { build } from '../publish/build'
import { writeCorpus } from './generate-corpus.mjs'

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`
const load = () => os.loadavg()[0].toFixed(1)

/** A real photograph Debian ships (apt-get install lomiri-wallpapers-16.04), if installed. */
export const REAL_PHOTO = '/usr/share/backgrounds/Dragonfly_by_Bolly.jpg'
/** Other real photographs of the same package, for the build's photos. */
const REAL_PHOTOS = ['Dragonfly_by_Bolly', 'seeding_by_Clements_Engelhardt', 'Bridge_by_Sander_Klootwijk', 'sunset_by_Aitzol_Berasategi'].map(
  (name) => `/usr/share/backgrounds/${name}.jpg`,
)

/** A real photo as a phone saves it: `width`×`height`, JPEG quality 92. */
const asCameraPhoto = (file: string, width: number, height: number) =>
  sharp(fs.readFileSync(file)).resize(width, height, { fit: 'cover' }).jpeg({ quality: 92 }).toBuffer()

/** The file a browser takes from a srcset for a slot of `css` pixels at `dpr`: the narrowest at least that wide, else the widest. */
const chosen = (plan: PhotoPlan, css: number, dpr: number) => plan.webp.find((v) => v.width >= css * dpr) ?? plan.webp[plan.webp.length - 1]

/** Processes one 4000×3000 photo (3 times) and prints its time and what each reader downloads. */
async function onePhoto(label: string, bytes: Buffer): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'photo-bench-'))
  try {
    const file = path.join(dir, 'camera.jpg')
    fs.writeFileSync(file, bytes)
    tagLikeAPhone(file, 1)
    const tagged = fs.readFileSync(file)
    const plan = photoPlan('camera.jpg', photoHash(tagged), 4000, 3000)
    const times: number[] = []
    let made = new Map()
    for (let i = 0; i < 3; i++) {
      const started = performance.now()
      made = await encodePhoto(tagged, plan, file)
      times.push(performance.now() - started)
    }
    const size = (v: PhotoPlan['webp'][number]) => made.get(v)!.length
    const phone = chosen(plan, 390 - 32, 3)
    const desktop = chosen(plan, 820, 1)
    return [
      `photo    ${label}, 4000×3000, ${kb(tagged.length)}: processed in ${(median(times) / 1000).toFixed(2)} s (median of 3, target ≤ 1.5 s; load ${load()})`,
      `         files: ${[...plan.webp, plan.fallback].map((v) => `${v.width}.${v.format === 'jpeg' ? 'jpg' : 'webp'} ${kb(size(v))}`).join(', ')}`,
      `         phone 390 px at 3×: ${phone.width} px WebP, ${kb(size(phone))} (target ≤ 150 KB); desktop 1366 px: ${desktop.width} px WebP, ${kb(size(desktop))} (target ≤ 250 KB)`,
    ]
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Bytes and encode time (median of 3) of the 1080 px WebP under each setting the choice weighed. */
async function settingsSweep(bytes: Buffer): Promise<string[]> {
  const base = await sharp(bytes).resize(1080).raw().toBuffer({ resolveWithObject: true })
  const lines = [`         WebP settings at 1080 px (chosen: quality ${WEBP_OPTIONS.quality}, effort ${WEBP_OPTIONS.effort}, smartSubsample ${WEBP_OPTIONS.smartSubsample}):`]
  for (const quality of [70, 75, 80]) {
    const cells: string[] = []
    for (const effort of [4, 6]) {
      for (const smartSubsample of [false, true]) {
        const times: number[] = []
        let out = Buffer.alloc(0)
        for (let i = 0; i < 3; i++) {
          const started = performance.now()
          out = await sharp(base.data, { raw: base.info }).webp({ quality, effort, smartSubsample }).toBuffer()
          times.push(performance.now() - started)
        }
        cells.push(`e${effort}${smartSubsample ? '+smart' : ''} ${kb(out.length)} ${median(times).toFixed(0)} ms`)
      }
    }
    lines.push(`           q${quality}: ${cells.join(', ')}`)
  }
  return lines
}

/** The photo figures: the real photo (when installed) and the generated one, and the settings sweep. */
export async function photoLines(photo = REAL_PHOTO): Promise<string[]> {
  const lines: string[] = []
  if (fs.existsSync(photo)) {
    const real = await asCameraPhoto(photo, 4000, 3000)
    lines.push(...(await onePhoto(`real photo ${path.basename(photo)}`, real)), ...(await settingsSweep(real)))
  } else {
    lines.push(`photo    (no real photo at ${photo}: apt-get install lomiri-wallpapers-16.04 to measure one)`)
  }
  lines.push(...(await onePhoto('generated photo (tests/photos.mjs, noisier than a real one)', await cameraPhoto(4000, 3000))))
  return lines
}

/** A full build of `count` articles each with a photo, cold and warm, and an incremental one adding a photo. */
export async function photoBuildLines(count: number, width: number, height: number): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'photo-build-bench-'))
  const contentDir = path.join(dir, 'content')
  const out = path.join(dir, 'out')
  try {
    writeCorpus(contentDir, { count })
    fs.mkdirSync(path.join(contentDir, 'images'))
    const names = fs.readdirSync(path.join(contentDir, 'articles')).filter((n) => n.endsWith('.md'))
    const generated = performance.now()
    // A handful of distinct photos, each written under many names with one changed byte in a
    // comment: every file has its own bytes (and is processed on its own), at a fraction of the cost of making each.
    // Real photographs when installed (lomiri-wallpapers-16.04), else generated ones.
    const real = REAL_PHOTOS.filter((file) => fs.existsSync(file))
    const base = await Promise.all([1, 2, 3, 4].map((seed, i) => (real.length === 4 ? asCameraPhoto(real[i], width, height) : cameraPhoto(width, height, seed))))
    names.forEach((name, i) => {
      const photo = Buffer.concat([base[i % 4].subarray(0, 2), Buffer.from([0xff, 0xfe, 0x00, 0x06]), Buffer.from(String(i).padStart(4, '0')), base[i % 4].subarray(2)])
      fs.writeFileSync(path.join(contentDir, 'images', `${i}.jpg`), photo)
      fs.appendFileSync(path.join(contentDir, 'articles', name), `\n\n![现场照片](/images/${i}.jpg)\n`)
    })
    const lines = [`photos   ${count} ${real.length === 4 ? 'real' : 'generated'} photos of ${width}×${height} written in ${((performance.now() - generated) / 1000).toFixed(0)} s (load ${load()})`]
    const settings = { ...settingsFromEnv(), contentDir }
    const timed = async (label: string, full: boolean) => {
      const started = performance.now()
      const report = await build({ root: process.cwd(), out, settings, full, quiet: true })
      const seconds = (performance.now() - started) / 1000
      lines.push(`         ${label}: ${seconds.toFixed(1)} s (images stage ${((report.stages.images ?? 0) / 1000).toFixed(1)} s, ${report.photos.processed} of ${report.photos.published} photos processed; load ${load()})`)
    }
    await timed(`full build of ${count} articles with ${count} photos, empty cache`, true)
    await timed(`full build again, photos from the cache`, true)
    fs.writeFileSync(path.join(contentDir, 'images', 'new.jpg'), await cameraPhoto(width, height, 99))
    fs.writeFileSync(path.join(contentDir, 'articles', 'new-photo.md'), '---\ntitle: 新照片\ndate: 2026-01-02\ncategory: 关注民生\n---\n\n![新照片](/images/new.jpg)\n')
    await timed('incremental build with one new article and photo', false)
    // Lighthouse (phone profile: the mobile preset, throttled) on the new photo article.
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/tools/lighthouse.ts', '--dir', out, '--page', '/articles/new-photo/'], { encoding: 'utf8' })
    const row = run.stdout.split('\n').find((line) => line.startsWith('page-1'))
    const below = run.stdout.split('\n').find((line) => line.includes('below 100'))
    lines.push(`         Lighthouse on the photo article, phone: ${row ? row.replace(/\s+/g, ' ').trim() : `failed (${run.stderr.trim().split('\n').at(-1)})`}${below ? `;${below.trim()}` : ''} (performance accessibility best-practices seo; target performance 100)`)
    return lines
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { articles: { type: 'string', default: '1000' }, size: { type: 'string', default: '1600x1200' }, 'no-build': { type: 'boolean', default: false }, photo: { type: 'string', default: REAL_PHOTO } },
  })
  process.env.NEXT_TELEMETRY_DISABLED = '1'
  for (const line of await photoLines(values.photo)) console.log(line)
  if (!values['no-build']) {
    const [w, h] = values.size!.split('x').map(Number)
    for (const line of await photoBuildLines(Number(values.articles), w, h)) console.log(line)
  }
}
