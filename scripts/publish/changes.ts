import fs from 'node:fs'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import type { PublishPaths } from './release'

// What each publish changed, written beside its release for whoever pushes the site further:
// `npm run deploy` purges these URLs from CDNs and tells search engines (IndexNow, Baidu) about
// them. One small JSON file per publish, `.<out>-publish/changes/<release>.json`:
//
//   {
//     "format": 1,
//     "release": "20261206-221500123-4242",     the release it describes (its folder in releases/)
//     "previous": "20261206-220102456-4100",    the release it replaced; absent for the first one
//     "at": "2026-12-06T22:15:00.123Z",          when it was published (the build's clock)
//     "site": "https://www.lzfzwl.org.cn",       the site's base URL, without a trailing slash
//     "full": false,                             true when every page was rendered (a code change, --full)
//     "changed": ["/", "/articles/x/", …],       paths whose file was written anew, sorted
//     "removed": ["/articles/old/", …]           paths no longer published (taken down), sorted
//   }
//
// Paths are as readers ask for them (`/articles/x/`, `/feed.xml`, tags percent-encoded); the
// absolute URL is `site + path`. `removed` also holds pages that stopped existing because their
// last article left (a month, a tag). Files are kept for the newest KEEP_CHANGES publishes.

/** One publish's changes; see the format above. */
export interface PublishChanges {
  format: 1
  release: string
  previous?: string
  at: string
  site: string
  full: boolean
  changed: string[]
  removed: string[]
}

/** How many publishes' change files are kept. */
export const KEEP_CHANGES = 50

/** The folder of the change files of an output (`.out-publish/changes/`). */
export const changesDir = (paths: PublishPaths) => path.join(paths.state, 'changes')

/** Writes one publish's changes (before `out` is switched to it) and deletes all but the newest KEEP_CHANGES. */
export function writeChanges(paths: PublishPaths, changes: PublishChanges): string {
  const dir = changesDir(paths)
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${changes.release}.json`)
  const sorted = { ...changes, changed: [...changes.changed].sort(), removed: [...changes.removed].sort() }
  writeFileAtomic.sync(file, `${JSON.stringify(sorted, null, 1)}\n`)
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort()
  for (const old of files.slice(0, Math.max(0, files.length - KEEP_CHANGES))) fs.rmSync(path.join(dir, old), { force: true })
  return file
}

/** Every kept publish's changes, oldest first. */
export function readChanges(paths: PublishPaths): PublishChanges[] {
  const dir = changesDir(paths)
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as PublishChanges)
}
