import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { BUILD_ID_FILE, DIST_DIR, NEXT_CLI } from './next-internals'

// `next build` compiles the app into .next/; the build then renders pages through it. Content
// changes need no compile at all, so the compile runs only when the code changed: the hash of
// everything that shapes a page (app, components, lib, public, these build scripts, config and
// the lockfile) is kept beside .next/BUILD_ID.

/** What the rendered site depends on besides content. */
export const CODE_INPUTS = ['app', 'components', 'lib', 'public', 'scripts/publish', 'next.config.mjs', 'package-lock.json', 'tsconfig.json']

/** `entry` itself if it is a file, else the files below it, sorted by path. */
function files(entry: string): string[] {
  const stat = fs.statSync(entry, { throwIfNoEntry: false })
  if (!stat) return []
  if (!stat.isDirectory()) return [entry]
  return fs
    .readdirSync(entry, { recursive: true, withFileTypes: true })
    .filter((dirent) => dirent.isFile())
    .map((dirent) => path.join(dirent.parentPath, dirent.name))
    .sort()
}

/** The code that parses content: the content store is parsed again when it changes. */
export const PARSER_INPUTS = ['lib']

/** The hash of the names and bytes of `inputs` (files or folders under `root`). */
export function codeHash(root: string, inputs = CODE_INPUTS): string {
  const hash = createHash('sha1')
  for (const input of inputs) {
    for (const file of files(path.join(root, input))) hash.update(`${path.relative(root, file)}\0`).update(fs.readFileSync(file))
  }
  return hash.digest('hex')
}

const stampFile = (root: string) => path.join(root, DIST_DIR, 'lzfzw-code')

/** Whether .next/ holds a compile of exactly this code. */
export const compiled = (root: string, code: string) =>
  fs.existsSync(path.join(root, BUILD_ID_FILE)) && fs.readFileSync(stampFile(root), { encoding: 'utf8', flag: 'a+' }) === code

/** Runs `next build`; returns its output when it fails. */
export function compile(root: string, code: string): { ok: true } | { ok: false; output: string } {
  fs.rmSync(stampFile(root), { force: true })
  const result = spawnSync(process.execPath, [path.join(root, NEXT_CLI), 'build'], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    encoding: 'utf8',
  })
  if (result.status !== 0) return { ok: false, output: `${result.stdout}\n${result.stderr}` }
  fs.writeFileSync(stampFile(root), code)
  return { ok: true }
}
