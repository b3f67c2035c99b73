// Every test run gets a temporary folder of its own (TMPDIR, which os.tmpdir() and every process a
// test starts read), and fails if a test left anything in it: test folders are removed by the tests
// that make them, so repeated runs do not fill the machine's temp directory.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export default function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lzfzw-unit-'))
  process.env.TMPDIR = dir
  return () => {
    // tsx keeps its compile cache there (tsx-<uid>): a tool's cache, not a test's leftovers.
    const left = fs.readdirSync(dir).filter((name) => !/^tsx-\d+$/.test(name))
    fs.rmSync(dir, { recursive: true, force: true })
    if (left.length > 0) throw new Error(`tests left temporary folders behind: ${left.join(', ')}`)
  }
}
