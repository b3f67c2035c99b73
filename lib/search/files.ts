// A Loader (query.ts) that reads a built index from disk, as the browser would fetch it: for the
// tests and the bench. `seen` hears every file read and its size as served (the .gz, where the
// builder wrote one: every file but index.json).
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { INDEX_DIR } from './build'
import type { Loader } from './query'

export function fileLoader(outDir: string, seen?: (file: string, bytes: number) => void): Loader {
  return async (file) => {
    const plain = path.join(outDir, INDEX_DIR, file)
    const full = fs.existsSync(`${plain}.gz`) ? `${plain}.gz` : plain
    if (!fs.existsSync(full)) return undefined
    const bytes = fs.readFileSync(full)
    seen?.(file, bytes.length)
    return new Uint8Array(bytes[0] === 0x1f && bytes[1] === 0x8b ? zlib.gunzipSync(bytes) : bytes)
  }
}
