import fs from 'node:fs'
import path from 'node:path'
import { transform } from 'esbuild'
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
        // Our scripts stay readable in public/js/ and ship minified; search.js is a module (import()).
        if (/[/\\]public[/\\]js[/\\][^/\\]+\.js$/.test(source)) {
          const format = entry.name === 'search.js' ? 'esm' : undefined
          bytes = Buffer.from((await transform(Buffer.from(bytes).toString('utf8'), { minify: true, target: 'es2020', format })).code)
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
