import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { outputFile } from '../../lib/site-pages'
import { type PublishChanges, readChanges } from '../publish/changes'
import type { Manifest, PublishPaths } from '../publish/release'

// What changed between the release a target last received and the one it gets now. Until the
// build writes its own change list per publish, it is derived here from the two releases: every
// file's bytes hash (the manifest's page keys say what a page shows, not which bytes it has), and
// the manifests' page and article keys. A target may have missed publishes, so the earlier side is
// the deployed state recorded after the target's last deploy, never simply the build's previous
// release. The rest of deploy reads only `ReleaseChanges`, whatever produces it.

/** Every file of a release (path relative to it, `/` separators) and its bytes' hash. */
export type FileIndex = Record<string, string>

/** What a deploy remembers of a release it shipped: enough to compare the next one against. */
export interface ReleaseState {
  release: string
  files: FileIndex
  /** The manifest's page keys (URL path → key): the site's pages. */
  pages: Record<string, string>
  /** The manifest's article keys (slug → key of what the article says). */
  documents: Record<string, string>
  /** The manifest's keys of what a reader sees of each article on its page (a 更正说明, 更新时间 too); absent before builds wrote them. */
  articles?: Record<string, string>
}

/** What a publish changed, as the targets need it. */
export interface ReleaseChanges {
  /** Files whose bytes are new or different, and files that left. */
  files: { changed: string[]; removed: string[] }
  /** URL paths of pages (HTML, XML, robots.txt) whose bytes changed or that left: the CDN purge list. */
  pages: { changed: string[]; removed: string[] }
  /** URL paths of articles that are new or say something new, and of articles taken down. */
  articles: { changed: string[]; removed: string[] }
}

/** A file's hash is kept under its inode, size and modification time: a release's unchanged files are hard links, so only new files are read. */
export type HashCache = Map<string, string>

const stamp = (stat: fs.Stats) => `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`

/**
 * Hashes every file of a release folder, reading only files the cache does not know (one stat for
 * each other file). It lets other work run every thousand files: a deploy's nodes connect and stage
 * meanwhile.
 */
export async function indexRelease(dir: string, cache: HashCache = new Map()): Promise<FileIndex> {
  const index: FileIndex = {}
  let files = 0
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    if (++files % 1000 === 0) await new Promise((resolve) => setImmediate(resolve))
    const full = path.join(entry.parentPath, entry.name)
    const key = stamp(fs.statSync(full))
    let hash = cache.get(key)
    if (!hash) {
      hash = createHash('sha1').update(fs.readFileSync(full)).digest('base64url')
      cache.set(key, hash)
    }
    index[path.relative(dir, full).split(path.sep).join('/')] = hash
  }
  return index
}

/** Files added or changed in `next` and files gone from it, against `previous` (everything is new without one). */
export function diffFiles(previous: FileIndex | undefined, next: FileIndex) {
  const changed = Object.keys(next).filter((f) => previous?.[f] !== next[f])
  const removed = previous ? Object.keys(previous).filter((f) => !(f in next)) : []
  return { changed: changed.sort(), removed: removed.sort() }
}

/** The article pages' URL paths, from the manifest's article keys. */
const articleUrl = (slug: string) => `/articles/${slug}/`

/** Compares the state a target last received with the release it gets now. */
export function releaseChanges(previous: ReleaseState | undefined, next: ReleaseState): ReleaseChanges {
  const files = diffFiles(previous?.files, next.files)
  const changedFiles = new Set(files.changed)
  const pageChanged = (page: string) => changedFiles.has(outputFile(page)) || !(previous && page in previous.pages)
  const pages = {
    changed: Object.keys(next.pages).filter(pageChanged).sort(),
    removed: previous ? Object.keys(previous.pages).filter((p) => !(p in next.pages)).sort() : [],
  }
  // An article counts as changed when anything a reader sees of it changed (its text, its 更正说明,
  // its 更新时间, its tags…), or it is new; a page that only gained a 下一篇 link or a new site name
  // is not news to a search engine. Releases from before the build kept those keys compare what
  // the articles say (their search keys).
  const shown = previous?.articles && next.articles ? { before: previous.articles, after: next.articles } : { before: previous?.documents, after: next.documents }
  const articles = {
    changed: Object.keys(next.documents)
      .filter((slug) => shown.before?.[slug] !== shown.after[slug])
      .map(articleUrl)
      .sort(),
    removed: previous
      ? Object.keys(previous.documents)
          .filter((slug) => !(slug in next.documents))
          .map(articleUrl)
          .sort()
      : [],
  }
  return { files, pages, articles }
}

/** A release folder and its manifest, as the build left them, hashed into a ReleaseState. */
export async function releaseState(release: string, dir: string, manifest: Manifest, cache?: HashCache): Promise<ReleaseState> {
  return { release, files: await indexRelease(dir, cache), pages: manifest.pages, documents: manifest.documents ?? {}, ...(manifest.articles && { articles: manifest.articles }) }
}

/**
 * The pages the build itself listed as changed and removed (`.out-publish/changes/<release>.json`,
 * one file per publish), from the release after `from` up to `to`, merged: a page changed and then
 * removed counts as removed, removed and then published again as changed. Undefined when the chain
 * of change files does not reach back to `from` (a first deploy, files pruned, an older build).
 */
export function buildPageChanges(paths: PublishPaths, from: string | undefined, to: string): ReleaseChanges['pages'] | undefined {
  if (!from) return undefined
  const byRelease = new Map<string, PublishChanges>(readChanges(paths).map((c) => [c.release, c]))
  const chain: PublishChanges[] = []
  let release: string | undefined = to
  while (release !== from) {
    const changes: PublishChanges | undefined = release === undefined ? undefined : byRelease.get(release)
    if (!changes) return undefined
    chain.unshift(changes)
    release = changes.previous
  }
  const changed = new Set<string>()
  const removed = new Set<string>()
  for (const publish of chain) {
    for (const page of publish.changed) {
      changed.add(page)
      removed.delete(page)
    }
    for (const page of publish.removed) {
      removed.add(page)
      changed.delete(page)
    }
  }
  return { changed: [...changed].sort(), removed: [...removed].sort() }
}
