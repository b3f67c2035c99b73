import fs from 'node:fs'
import path from 'node:path'
import { transform } from 'esbuild'
import { contentImages, contentImagesDir } from '../../lib/content'
import { writeWithGzip } from './files'

// The files a release takes from the code rather than the content: public/ (our scripts minified
// with esbuild, the logo), and Next's compiled stylesheets and media from .next/static/. Next's
// JavaScript chunks are left out: no page references them once the runtime is stripped.

/** Copies public/ and Next's static CSS and media into a release folder; returns how many files. */
export async function copyAssets(root: string, release: string): Promise<number> {
  let count = 0
  const copy = async (from: string, to: string, include: (file: string) => boolean) => {
    if (!fs.existsSync(from)) return
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const source = path.join(from, entry.name)
      const target = path.join(to, entry.name)
      if (entry.isDirectory()) await copy(source, target, include)
      else if (entry.isFile() && include(source)) {
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
  await copy(path.join(root, '.next/static'), path.join(release, '_next/static'), (file) => !file.endsWith('.js') && !file.endsWith('.map'))
  return count
}

export interface ImagesReport {
  /** Every photo published from the content folder's images/, with its `size:mtime` stamp (kept in the manifest). */
  images: Record<string, string>
  written: number
  removed: number
  bytes: number
}

/**
 * Publishes `<contentDir>/images/` at `/images/` in a release, over public/images/ files of the same
 * name (the content check looks there first too). `previous` is what the release was linked from
 * published: only photos whose stamp changed are written (through a temporary name, as the
 * release shares unchanged files with the previous one as hard links), and photos no longer in the
 * folder are removed, or replaced by public/'s file of that name, exactly as a full build has it.
 */
export function publishContentImages(root: string, contentDir: string, release: string, previous: Record<string, string> = {}): ImagesReport {
  const images = contentImages(contentDir)
  const report: ImagesReport = { images, written: 0, removed: 0, bytes: 0 }
  const target = (name: string) => path.join(release, 'images', ...name.split('/'))
  for (const [name, stamp] of Object.entries(images)) {
    if (previous[name] === stamp) continue
    const bytes = fs.readFileSync(path.join(contentImagesDir(contentDir), ...name.split('/')))
    writeWithGzip(target(name), bytes)
    report.written++
    report.bytes += bytes.length
  }
  for (const name of Object.keys(previous)) {
    if (name in images) continue
    const shadowed = path.join(root, 'public', 'images', ...name.split('/'))
    if (fs.existsSync(shadowed)) writeWithGzip(target(name), fs.readFileSync(shadowed))
    else {
      for (const file of [target(name), `${target(name)}.gz`]) fs.rmSync(file, { force: true })
      // Folders left empty go too, as a full build would not make them.
      for (let dir = path.dirname(target(name)); dir !== path.join(release, 'images') && dir.startsWith(release); dir = path.dirname(dir)) {
        if (fs.readdirSync(dir).length > 0) break
        fs.rmdirSync(dir)
      }
    }
    report.removed++
  }
  return report
}
