import { execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { SavedRelated } from '../../lib/plan-memo'

// Atomic publishing. `out` is a symbolic link to the newest complete release folder, kept beside
// it in `.<out>-publish/releases/<id>/`. A build writes a new release (hard links to the previous
// one's unchanged files, new files written beside them and renamed into place), then switches the
// link with one rename. A build that fails or is killed midway leaves `out` pointing at the old
// release, whole; servers that resolve the link per request pick the new one up at once.

/** A build's manifest: the code it was rendered with and every page's key (lib/site-pages.ts). */
export interface Manifest {
  code: string
  pages: Record<string, string>
  /** Each published article's search key: what the search index holds of it. */
  documents: Record<string, string>
  /** Each published article's key of what a reader sees of it on its page (a 更正说明 too): npm run deploy's news for search engines. */
  articles?: Record<string, string>
  /** Each published article's digest (lib/content articleDigest): an article whose digest is the same keeps its keys above without hashing it again. */
  digests?: Record<string, string>
  /** The plan's related lists (lib/plan-memo.ts SavedRelated): a cold build starts from them. */
  related?: SavedRelated
  /** Each photo published from the content folder's images/, with its `size:mtime` stamp. */
  images?: Record<string, string>
}

export interface PublishPaths {
  /** The link readers' servers serve, e.g. `out`. */
  out: string
  /** `.<out>-publish/`: releases, manifests, the lock. */
  state: string
  releases: string
}

export function publishPaths(out: string): PublishPaths {
  const absolute = path.resolve(out)
  const state = path.join(path.dirname(absolute), `.${path.basename(absolute)}-publish`)
  return { out: absolute, state, releases: path.join(state, 'releases') }
}

/** The release `out` points at now, if it is one of ours. */
export function currentRelease(paths: PublishPaths): string | undefined {
  try {
    const target = path.resolve(path.dirname(paths.out), fs.readlinkSync(paths.out))
    return path.dirname(target) === paths.releases && fs.existsSync(target) ? path.basename(target) : undefined
  } catch {
    return undefined
  }
}

const manifestFile = (paths: PublishPaths, release: string) => path.join(paths.releases, `${release}.json`)

export function readManifest(paths: PublishPaths, release: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(manifestFile(paths, release), 'utf8')) as Manifest
  } catch {
    return undefined
  }
}

/** A new, empty release folder's id: sortable by time, unique per process. */
export function newReleaseId(): string {
  return `${new Date().toISOString().replace(/[-:.]/g, '').replace('T', '-')}-${process.pid}`
}

/** Copies a release as hard links (folders are made, files linked): the cheap start of an incremental release. */
function linkTree(from: string, to: string) {
  fs.mkdirSync(to, { recursive: true })
  // A folder is listed before what it holds.
  for (const entry of fs.readdirSync(from, { recursive: true, withFileTypes: true })) {
    const source = path.join(entry.parentPath, entry.name)
    const target = path.join(to, path.relative(from, source))
    if (entry.isDirectory()) fs.mkdirSync(target)
    else if (entry.isFile()) fs.linkSync(source, target)
  }
}

/**
 * linkTree in a process of its own (`cp -al`, GNU coreutils), so that this one plans the pages
 * meanwhile: at 20,000 articles the 50,000 links take about two seconds. Where cp cannot (a cp
 * without -l), the links are made here, as linkTree does.
 */
export function linkTreeAside(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('cp', ['-al', from, to], (error) => {
      if (!error) return resolve()
      try {
        fs.rmSync(to, { recursive: true, force: true })
        linkTree(from, to)
        resolve()
      } catch (failed) {
        reject(failed as Error)
      }
    })
  })
}

/** Makes `release` the published site: writes its manifest, then switches `out` to it in one rename. */
export function switchTo(paths: PublishPaths, release: string, manifest: Manifest) {
  fs.writeFileSync(manifestFile(paths, release), JSON.stringify(manifest))
  const target = path.relative(path.dirname(paths.out), path.join(paths.releases, release))
  const stat = fs.lstatSync(paths.out, { throwIfNoEntry: false })
  if (stat && !stat.isSymbolicLink()) {
    // An `out/` folder from before releases existed: moved aside once, then removed.
    const aside = path.join(paths.state, `old-out-${process.pid}`)
    fs.renameSync(paths.out, aside)
    fs.rmSync(aside, { recursive: true, force: true })
  }
  const link = `${paths.out}.${process.pid}.link`
  fs.rmSync(link, { force: true })
  fs.symlinkSync(target, link)
  fs.renameSync(link, paths.out)
}

/**
 * Deletes every release but `current` and `previous` (the one `out` pointed at before, which
 * servers may still be reading): older ones, and whatever a build that died midway left (a
 * release folder never switched to, whatever its name; a manifest without its folder). Only the
 * lock holder calls it, so no other build is writing a release meanwhile. A release of tens of
 * thousands of files takes seconds to delete, after the site is already published: each is moved
 * into `trash/` (one rename) and deleted there by a process of its own that the build does not
 * wait for. Whatever it leaves (killed, or racing another) goes with the next build's.
 */
export function pruneReleases(paths: PublishPaths, current: string, previous: string | undefined) {
  if (!fs.existsSync(paths.releases)) return
  const kept = new Set([current, previous])
  const entries = fs.readdirSync(paths.releases, { withFileTypes: true })
  for (const entry of entries) {
    if (!entry.isDirectory() && entry.name.endsWith('.json') && !kept.has(entry.name.slice(0, -'.json'.length))) fs.rmSync(path.join(paths.releases, entry.name), { force: true })
  }
  trashReleases(paths, entries.filter((e) => e.isDirectory() && !kept.has(e.name)).map((e) => e.name))
}

/** Deletes a release folder that was never published (a build that stopped on an error), as pruneReleases deletes old ones. */
export function discardRelease(paths: PublishPaths, release: string) {
  trashReleases(paths, [release])
}

/** Moves releases into `trash/` (one rename each) and has a process of its own delete it. */
function trashReleases(paths: PublishPaths, releases: string[]) {
  const trash = path.join(paths.state, 'trash')
  for (const release of releases) {
    try {
      fs.mkdirSync(trash, { recursive: true })
      fs.renameSync(path.join(paths.releases, release), path.join(trash, release))
    } catch {
      fs.rmSync(path.join(paths.releases, release), { recursive: true, force: true })
    }
  }
  if (fs.existsSync(trash)) {
    const remover = 'require("node:fs").rmSync(process.argv[1], { recursive: true, force: true })'
    spawn(process.execPath, ['-e', remover, trash], { detached: true, stdio: 'ignore' }).unref()
  }
}
