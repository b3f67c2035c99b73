// Bundles the search page's script (browser.ts and what it imports) into one minified ES module,
// with the traditional → simplified table built in. Node only.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { build } from 'esbuild'
import { t2sTable } from './t2s'

/** Writes the search script to `outFile` (and a gzip copy beside it); returns its size, plain and gzip. */
export async function bundleSearchScript(outFile: string): Promise<{ bytes: number; gzipBytes: number }> {
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, 'browser.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    write: false,
    define: { __T2S_TABLE__: JSON.stringify(t2sTable()) },
    legalComments: 'none',
  })
  const code = result.outputFiles[0].contents
  const gzipped = zlib.gzipSync(code, { level: 9 })
  fs.mkdirSync(path.dirname(outFile), { recursive: true })
  fs.writeFileSync(outFile, code)
  fs.writeFileSync(outFile + '.gz', gzipped)
  return { bytes: code.length, gzipBytes: gzipped.length }
}
