import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import type { ContentStore, StoredFile } from './read'

// The content store on disk, so that one change does not rewrite (or make anyone read again) the
// whole of it: at 20,000 articles the store is about 100 MB of JSON, which took a cold build about
// 1 s to write and each renderer as long to read once more. The entries of articles/ are spread
// over SHARDS files by their name; each shard file is named by the hash of its bytes and never
// changed once written. A small head file names the shards and holds the rest of the store (site,
// problems, photos). Saving writes only the shards whose entries changed, then the head, through a
// temporary name renamed into place: a reader sees the old store or the new one, whole.
//
// A process keeps the shards it read last: reading a newer head (a build's renderer, after the
// build's check) parses only the shards it has not seen. Hard-linking the head (a build's snapshot)
// snapshots the whole store, since shards are immutable. Shards no head names are deleted once
// they are an hour old (a build's snapshot may still name them meanwhile).
//
// Own code, not a library: the store is our own JSON, and the point is which files are (not)
// written and read again; a key-value database would add a native dependency for the same thing.

/** How many shard files the entries are spread over: one change rewrites about 1/SHARDS of them. */
export const SHARDS = 64
/** Shards that no head names are kept this long (a running build's snapshot may name them). */
const SHARD_TTL_MS = 60 * 60 * 1000
const FORMAT = 1

interface Head {
  format: typeof FORMAT
  /** The folder of the shard files (absolute): shared by the heads of one store (its snapshots). */
  shardDir: string
  /** One file name per shard, `<index>-<hash>.json`. */
  shards: string[]
  rest: Omit<ContentStore, 'files'>
}

/** Which shard an entry of articles/ belongs to (FNV-1a of its name). */
export function shardOf(name: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193)
  return (hash >>> 0) % SHARDS
}

/**
 * The shards this process read last, by file path: reused as they are when a newer head names them
 * again. On globalThis: Next gives each route its own copy of this module, and they share one store.
 */
const cache = ((globalThis as { __lzfzwShards?: { known: Map<string, Record<string, StoredFile>> } }).__lzfzwShards ??= { known: new Map() })

/** Where a store's shards live when none is named: beside its head. */
export const shardDirFor = (file: string) => path.join(/* turbopackIgnore: true */ path.dirname(file), `${path.basename(file, '.json')}.shards`)

/** Reads a saved store (head and shards); undefined when there is none or any part of it cannot be read. */
export function readStoreFile(file: string): ContentStore | undefined {
  let head: Head
  try {
    head = JSON.parse(fs.readFileSync(/* turbopackIgnore: true */ file, 'utf8')) as Head
  } catch {
    return undefined
  }
  if (head?.format !== FORMAT || !Array.isArray(head.shards)) return undefined
  const seen = new Map<string, Record<string, StoredFile>>()
  const files: Record<string, StoredFile> = {}
  try {
    for (const name of head.shards) {
      const shardFile = path.join(/* turbopackIgnore: true */ head.shardDir, name)
      const shard = cache.known.get(shardFile) ?? (JSON.parse(fs.readFileSync(/* turbopackIgnore: true */ shardFile, 'utf8')) as Record<string, StoredFile>)
      seen.set(shardFile, shard)
      Object.assign(files, shard)
    }
  } catch {
    return undefined
  }
  cache.known = seen
  // In name order, as the check makes it.
  const sorted: Record<string, StoredFile> = {}
  for (const name of Object.keys(files).sort()) sorted[name] = files[name]
  return { ...head.rest, files: sorted }
}

/**
 * Saves `store` as a head at `file` with its shards in `shardDir`: a shard whose entries are the
 * very objects read last (readStoreFile) keeps its file; only the others are written.
 */
export function writeStoreFile(file: string, store: ContentStore, shards = shardDirFor(file)): void {
  const shardDir = path.resolve(/* turbopackIgnore: true */ shards)
  fs.mkdirSync(/* turbopackIgnore: true */ shardDir, { recursive: true })
  const { files, ...rest } = store
  const groups: Record<string, StoredFile>[] = Array.from({ length: SHARDS }, () => ({}))
  for (const name of Object.keys(files)) groups[shardOf(name)][name] = files[name]
  // The shards read last, by index: unchanged when they hold the same names, each the same object.
  const previous = new Map<number, [string, Record<string, StoredFile>]>()
  for (const [shardFile, shard] of cache.known) {
    if (path.dirname(shardFile) === shardDir) previous.set(Number(path.basename(shardFile).split('-')[0]), [path.basename(shardFile), shard])
  }
  const names = groups.map((group, index) => {
    const before = previous.get(index)
    if (before && sameEntries(before[1], group) && fs.existsSync(/* turbopackIgnore: true */ path.join(/* turbopackIgnore: true */ shardDir, before[0]))) return before[0]
    const text = JSON.stringify(group)
    const name = `${index}-${createHash('sha1').update(text).digest('hex')}.json`
    const shardFile = path.join(/* turbopackIgnore: true */ shardDir, name)
    if (fs.existsSync(/* turbopackIgnore: true */ shardFile)) fs.utimesSync(/* turbopackIgnore: true */ shardFile, new Date(), new Date()) // named again: not old any more
    else writeFileAtomic.sync(/* turbopackIgnore: true */ shardFile, text, { fsync: false })
    return name
  })
  fs.mkdirSync(/* turbopackIgnore: true */ path.dirname(file), { recursive: true })
  writeFileAtomic.sync(/* turbopackIgnore: true */ file, JSON.stringify({ format: FORMAT, shardDir, shards: names, rest } satisfies Head), { fsync: false })
  removeOldShards(shardDir, new Set(names))
}

function sameEntries(a: Record<string, StoredFile>, b: Record<string, StoredFile>): boolean {
  const names = Object.keys(b)
  return names.length === Object.keys(a).length && names.every((name) => a[name] === b[name])
}

/** Deletes shards that `keep` does not name and that are older than SHARD_TTL_MS (and leftovers of interrupted writes). */
function removeOldShards(shardDir: string, keep: Set<string>) {
  const old = Date.now() - SHARD_TTL_MS
  for (const name of fs.readdirSync(/* turbopackIgnore: true */ shardDir)) {
    if (keep.has(name)) continue
    const file = path.join(/* turbopackIgnore: true */ shardDir, name)
    const stat = fs.statSync(/* turbopackIgnore: true */ file, { throwIfNoEntry: false })
    if (stat && stat.mtimeMs < old) fs.rmSync(/* turbopackIgnore: true */ file, { force: true })
  }
}
