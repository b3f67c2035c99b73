import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

/** Files under this size are not worth a gzip copy. */
export const MIN_GZIP_BYTES = 1024
const COMPRESSIBLE = /\.(html|xml|txt|json|css|js|svg)$/

/** Writes a file through a temporary name: release folders share unchanged files as hard links, which must never be written in place. */
export function writeNew(file: string, bytes: Uint8Array) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const partial = `${file}.${process.pid}.partial`
  fs.writeFileSync(partial, bytes)
  fs.renameSync(partial, file)
}

/** Writes `file` and, for text worth compressing, `file.gz` (zlib level 9); removes a stale `.gz`. */
export function writeWithGzip(file: string, bytes: Uint8Array) {
  writeNew(file, bytes)
  if (COMPRESSIBLE.test(file) && bytes.length >= MIN_GZIP_BYTES) writeNew(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }))
  else fs.rmSync(`${file}.gz`, { force: true })
}
