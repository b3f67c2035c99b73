// The photo pipeline's figures (issue 20), printed by `npm run bench` and runnable alone:
//   - one 4000×3000 camera photo (generated: tests/photos.mjs): processing time (median of 3), its
//     original bytes, and the bytes of the one file a phone reader (390 px at 3×) and a desktop reader
//     (the 820 px column at 1×) download, chosen from the srcset as a browser does;
//   - a full build of N articles with N photos (cold cache, then warm), and an incremental
//     build after adding one photo with its article.
// Prints, never asserts.
//
//   npx tsx scripts/tools/photo-bench.ts [--articles 1000] [--size 1600x1200] [--no-build]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { encodePhoto, photoHash, photoPlan, type PhotoPlan } from '../../lib/content'
import { settingsFromEnv } from '../../lib/settings'
import { cameraPhoto, tagLikeAPhone } from '../../tests/photos.mjs'
import { build } from '../publish/build'
import { writeCorpus } from './generate-corpus.mjs'

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`

/** The file a browser takes from a srcset for a slot of `css` pixels at `dpr`: the narrowest at least that wide, else the widest. */
const chosen = (plan: PhotoPlan, css: number, dpr: number) => plan.webp.find((v) => v.width >= css * dpr) ?? plan.webp[plan.webp.length - 1]

/** Processes one 4000×3000 camera photo and prints its time and what each reader downloads. */
export async function photoLines(): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'photo-bench-'))
  try {
    const file = path.join(dir, 'camera.jpg')
    fs.writeFileSync(file, await cameraPhoto(4000, 3000))
    tagLikeAPhone(file, 1)
    const bytes = fs.readFileSync(file)
    const plan = photoPlan('camera.jpg', photoHash(bytes), 4000, 3000)
    const times: number[] = []
    let made = new Map()
    for (let i = 0; i < 3; i++) {
      const started = performance.now()
      made = await encodePhoto(bytes, plan, file)
      times.push(performance.now() - started)
    }
    const size = (v: PhotoPlan['webp'][number]) => made.get(v)!.length
    const phone = chosen(plan, 390 - 32, 3)
    const desktop = chosen(plan, 820, 1)
    return [
      `photo    4000×3000 camera photo, ${kb(bytes.length)}: processed in ${(median(times) / 1000).toFixed(2)} s (median of 3; load ${os.loadavg()[0].toFixed(1)})`,
      `         files: ${[...plan.webp, plan.fallback].map((v) => `${v.width}.${v.format === 'jpeg' ? 'jpg' : 'webp'} ${kb(size(v))}`).join(', ')}`,
      `         phone 390 px at 3×: ${phone.width} px WebP, ${kb(size(phone))} (target ≤ 150 KB); desktop 1366 px: ${desktop.width} px WebP, ${kb(size(desktop))} (target ≤ 250 KB)`,
    ]
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
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
    const base = await Promise.all([1, 2, 3, 4].map((seed) => cameraPhoto(width, height, seed)))
    names.forEach((name, i) => {
      const photo = Buffer.concat([base[i % 4].subarray(0, 2), Buffer.from([0xff, 0xfe, 0x00, 0x06]), Buffer.from(String(i).padStart(4, '0')), base[i % 4].subarray(2)])
      fs.writeFileSync(path.join(contentDir, 'images', `${i}.jpg`), photo)
      fs.appendFileSync(path.join(contentDir, 'articles', name), `\n\n![现场照片](/images/${i}.jpg)\n`)
    })
    const lines = [`photos   ${count} photos of ${width}×${height} generated in ${((performance.now() - generated) / 1000).toFixed(0)} s`]
    const settings = { ...settingsFromEnv(), contentDir }
    const timed = async (label: string, full: boolean) => {
      const started = performance.now()
      const report = await build({ root: process.cwd(), out, settings, full, quiet: true })
      const seconds = (performance.now() - started) / 1000
      lines.push(`         ${label}: ${seconds.toFixed(1)} s (images stage ${((report.stages.images ?? 0) / 1000).toFixed(1)} s, ${report.photos.processed} of ${report.photos.published} photos processed)`)
    }
    await timed(`full build of ${count} articles with ${count} photos, empty cache`, true)
    await timed(`full build again, photos from the cache`, true)
    fs.writeFileSync(path.join(contentDir, 'images', 'new.jpg'), await cameraPhoto(width, height, 99))
    fs.writeFileSync(path.join(contentDir, 'articles', 'new-photo.md'), '---\ntitle: 新照片\ndate: 2026-01-02\ncategory: 关注民生\n---\n\n![新照片](/images/new.jpg)\n')
    await timed('incremental build with one new article and photo', false)
    return lines
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { articles: { type: 'string', default: '1000' }, size: { type: 'string', default: '1600x1200' }, 'no-build': { type: 'boolean', default: false } } })
  process.env.NEXT_TELEMETRY_DISABLED = '1'
  for (const line of await photoLines()) console.log(line)
  if (!values['no-build']) {
    const [w, h] = values.size!.split('x').map(Number)
    for (const line of await photoBuildLines(Number(values.articles), w, h)) console.log(line)
  }
}
