import fs from 'node:fs'
import path from 'node:path'
import { transform } from 'esbuild'
import { cachedVariant, contentImagesDir, photoCacheFor, processPhoto, pruneCache, type StoredPhoto } from '../../lib/content'
import { writeWithGzip } from './files'
import { STATIC_DIR, STATIC_URL } from './next-internals'

// The files a release takes from the code rather than the content: public/ (our scripts minified
// with esbuild, the logo), and Next's compiled stylesheets and media from .next/static/. Next's
// JavaScript chunks are left out: no page references them once the runtime is stripped.

/** Copies public/ and Next's static CSS and media into a release folder; returns how many files. */
export async function copyAssets(root: string, release: string): Promise<number> {
  let count = 0
  const copy = async (from: string, to: string, include: (file: string) => boolean) => {
    if (!fs.existsSync(from)) return
    for (const entry of fs.readdirSync(from, { recursive: true, withFileTypes: true })) {
      const source = path.join(entry.parentPath, entry.name)
      const target = path.join(to, path.relative(from, source))
      if (entry.isFile() && include(source)) {
        let bytes: Uint8Array = fs.readFileSync(source)
        // Our scripts and the reader modes' stylesheet stay readable in public/ and ship minified;
        // search.js, toolbar.js and speech.js are modules (import()).
        if (/[/\\]public[/\\]js[/\\][^/\\]+\.js$/.test(source)) {
          const format = ['search.js', 'toolbar.js', 'speech.js'].includes(entry.name) ? 'esm' : undefined
          bytes = Buffer.from((await transform(Buffer.from(bytes).toString('utf8'), { minify: true, target: 'es2020', format })).code)
        } else if (/[/\\]public[/\\]css[/\\][^/\\]+\.css$/.test(source)) {
          bytes = Buffer.from((await transform(Buffer.from(bytes).toString('utf8'), { loader: 'css', minify: true })).code)
        }
        writeWithGzip(target, bytes)
        count++
      }
    }
  }
  await copy(path.join(root, 'public'), release, () => true)
  await copy(path.join(root, STATIC_DIR), path.join(release, STATIC_URL), (file) => !file.endsWith('.js') && !file.endsWith('.map'))
  return count
}

export interface ImagesReport {
  /** Every file published under images/ from the content folder (path inside images/ → photo hash): kept in the manifest. */
  images: Record<string, string>
  photos: number
  /** Photos processed this time (the rest came from the cache). */
  processed: number
  written: number
  removed: number
  bytes: number
}

/** Puts a cache file into a release: a hard link (the cache is never rewritten in place), or a copy across file systems. */
function place(from: string, to: string) {
  fs.mkdirSync(path.dirname(to), { recursive: true })
  const partial = `${to}.${process.pid}.tmp`
  try {
    fs.linkSync(from, partial)
  } catch {
    fs.copyFileSync(from, partial)
  }
  fs.renameSync(partial, to)
}

/**
 * Publishes the content folder's photos (`photos`, as the check accepted them) at `/images/`
 * through the photo pipeline (lib/content/photos.ts): each photo is processed once per bytes into
 * `cacheDir`, and its files are linked into the release under their hashed names. `previous` is
 * what the release was linked from published: files already there stay; files no longer wanted go
 * (or become public/'s file of that name again), exactly as a full build has it. Cached files of
 * photos no longer in the folder are deleted. Throws PhotoError when a photo cannot be decoded.
 */
export async function publishContentImages(
  root: string,
  contentDir: string,
  release: string,
  photos: Record<string, StoredPhoto>,
  previous: Record<string, string> = {},
  cacheDir: string = photoCacheFor({ contentDir }),
): Promise<ImagesReport> {
  const report: ImagesReport = { images: {}, photos: 0, processed: 0, written: 0, removed: 0, bytes: 0 }
  const target = (name: string) => path.join(release, 'images', ...name.split('/'))
  for (const [name, photo] of Object.entries(photos)) {
    // Only what the check accepted: photos, never links or other files.
    const plan = photo.plan
    if (!plan) continue
    report.photos++
    if (await processPhoto(path.join(contentImagesDir(contentDir), ...name.split('/')), plan, cacheDir)) report.processed++
    for (const variant of [...plan.webp, plan.fallback]) {
      const file = variant.file
      report.images[file] = plan.hash
      if (previous[file] === plan.hash && fs.existsSync(target(file))) continue
      const cached = cachedVariant(cacheDir, plan, variant)
      place(cached, target(file))
      report.written++
      report.bytes += fs.statSync(cached).size
    }
  }
  for (const name of Object.keys(previous)) {
    if (name in report.images) continue
    const shadowed = path.join(root, 'public', 'images', ...name.split('/'))
    if (fs.existsSync(shadowed)) writeWithGzip(target(name), fs.readFileSync(shadowed))
    else {
      for (const file of [target(name), `${target(name)}.gz`]) fs.rmSync(file, { force: true })
      // Folders left empty go too, as a full build would not make them.
      for (let dir = path.dirname(target(name)); dir !== release && dir.startsWith(release + path.sep); dir = path.dirname(dir)) {
        if (fs.readdirSync(dir).length > 0) break
        fs.rmdirSync(dir)
      }
    }
    report.removed++
  }
  pruneCache(cacheDir, new Set(Object.values(report.images)))
  return report
}
