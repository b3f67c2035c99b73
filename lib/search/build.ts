// Builds the search index (format.ts) from typed documents, and updates it in place when
// articles are added, changed or removed, without indexing the archive again. Node only.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { ByteWriter } from './codec'
import {
  BUCKET_BYTES,
  bucketOf,
  bucketPath,
  type BucketEntry,
  documentPath,
  type DocumentTable,
  encodePostings,
  EXTERNAL_BYTES,
  externalPath,
  FORMAT_VERSION,
  type IndexManifest,
  isBigram,
  type Posting,
  readBucket,
  readDocumentTable,
  readPostings,
  type StoredDocument,
  type TermKey,
  BIGRAM,
  writeBucket,
  writeDocumentTable,
  writePosting,
} from './format'
import { createNormalizer, type Normalizer, tokenize, type Tokens } from './normalize'
import { t2sTable } from './t2s'

/** What the index is built from: one published article. */
export interface SearchDocument {
  slug: string
  title: string
  /** The body as plain text (renderMarkdown(...).text). */
  text: string
  date: Date
  channel: { slug: string; name: string }
  /** Its address on the site, e.g. /articles/<slug>/. */
  url: string
}

export interface SearchIndexReport {
  /** Documents a reader can find. */
  documents: number
  /** Distinct terms (characters and bigrams) in the index. */
  terms: number
  buckets: number
  /** Terms whose postings have a file of their own. */
  externalTerms: number
  /** Files written (gzip copies not counted). */
  filesWritten: number
  /** Bytes of the index folder, without and with gzip (the gzip copies' size). */
  bytes: number
  gzipBytes: number
  milliseconds: number
}

/** The index folder inside a site's output folder; the browser fetches /search-index/... */
export const INDEX_DIR = 'search-index'
const STATE_FILE = '.state.json' // build-side only: servers never serve dot files

interface State {
  /** Slug of each document id; null once removed. */
  slugs: (string | null)[]
}

let normalizer: Normalizer | undefined
const getNormalizer = () => (normalizer ??= createNormalizer(t2sTable()))

const beijingDay = (date: Date) => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
const newGeneration = () => Date.now().toString(36) + randomBytes(3).toString('hex')
const gzip = promisify(zlib.gzip)

/** A term's postings as they are being written, documents in id order. */
interface Growing {
  out: ByteWriter
  last: number
  count: number
}

/** Adds each document's terms (characters and bigrams, with positions) to `terms`. */
class Postings {
  readonly terms = new Map<TermKey, Growing>()

  add(doc: number, title: Tokens, text: Tokens) {
    const local = new Map<TermKey, [number[], number[]]>()
    const visit = ({ codes, runStart }: Tokens, field: 0 | 1) => {
      for (let i = 0; i < codes.length; i++) {
        const code = codes[i]
        let entry = local.get(code)
        if (!entry) local.set(code, (entry = [[], []]))
        if (entry[field].length === 0) entry[field].push(i) // a character's presence is enough
        if (runStart[i]) continue
        const key = codes[i - 1] * BIGRAM + code
        let pair = local.get(key)
        if (!pair) local.set(key, (pair = [[], []]))
        pair[field].push(i - 1)
      }
    }
    visit(title, 0)
    visit(text, 1)
    for (const [key, [inTitle, inText]] of local) {
      let term = this.terms.get(key)
      if (!term) this.terms.set(key, (term = { out: new ByteWriter(8), last: -1, count: 0 }))
      writePosting(term.out, isBigram(key), term.last, doc, inTitle, inText)
      term.last = doc
      term.count++
    }
  }
}

const finished = (term: Growing) => {
  const out = new ByteWriter(term.out.length + 5)
  out.uint(term.count)
  out.append(term.out.view())
  return out.view()
}

/** Files to write into the index folder: path relative to it → bytes. */
type Files = Map<string, Uint8Array | string>

async function writeFiles(dir: string, files: Files) {
  const entries = [...files]
  let next = 0
  const worker = async () => {
    while (next < entries.length) {
      const [name, body] = entries[next++]
      const file = path.join(dir, name)
      const bytes = typeof body === 'string' ? Buffer.from(body) : body
      // Written beside, then renamed: a reader (or nginx) never sees half a file.
      await fsp.writeFile(file + '.tmp', bytes)
      await fsp.writeFile(file + '.gz.tmp', await gzip(bytes, { level: 9 }))
      await fsp.rename(file + '.tmp', file)
      await fsp.rename(file + '.gz.tmp', file + '.gz')
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
}

function folderSize(dir: string) {
  let bytes = 0
  let gzipBytes = 0
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue
    const size = fs.statSync(path.join(entry.parentPath, entry.name)).size
    if (entry.name.endsWith('.gz')) gzipBytes += size
    else bytes += size
  }
  return { bytes, gzipBytes }
}

function storedDocument(doc: SearchDocument): string {
  const stored: StoredDocument = {
    url: doc.url,
    title: doc.title,
    date: doc.date.toISOString(),
    day: beijingDay(doc.date),
    channel: doc.channel.name,
    text: doc.text,
  }
  return JSON.stringify(stored)
}

/** Adds `docs` as ids from `first` on: their stored documents into `files`, their terms into a Postings. */
function indexDocuments(docs: readonly SearchDocument[], first: number, files: Files): Postings {
  const postings = new Postings()
  const n = getNormalizer()
  docs.forEach((doc, i) => {
    postings.add(first + i, tokenize(doc.title, n), tokenize(doc.text, n))
    files.set(documentPath(first + i), storedDocument(doc))
  })
  return postings
}

function channelIndex(channels: IndexManifest['channels'], channel: SearchDocument['channel']) {
  let i = channels.findIndex((c) => c.slug === channel.slug)
  if (i < 0) i = channels.push({ slug: channel.slug, name: channel.name }) - 1
  else channels[i] = { slug: channel.slug, name: channel.name }
  return i
}

const newestFirst = (a: SearchDocument, b: SearchDocument) => b.date.getTime() - a.date.getTime() || a.slug.localeCompare(b.slug)

/**
 * Indexes `docs` into `<outDir>/search-index/` (replacing what was there) and writes a gzip copy of
 * every file. Documents are numbered newest first.
 */
export async function buildSearchIndex(docs: readonly SearchDocument[], outDir: string): Promise<SearchIndexReport> {
  const started = performance.now()
  const sorted = [...docs].sort(newestFirst)
  const files: Files = new Map()
  const postings = indexDocuments(sorted, 0, files)

  let inlineBytes = 0
  for (const term of postings.terms.values()) if (term.out.length <= EXTERNAL_BYTES) inlineBytes += term.out.length + 8
  const bucketCount = Math.max(1, Math.ceil(inlineBytes / BUCKET_BYTES))
  const buckets: BucketEntry[][] = Array.from({ length: bucketCount }, () => [])
  let externalTerms = 0
  for (const [key, term] of postings.terms) {
    const bytes = finished(term)
    const bucket = buckets[bucketOf(key, bucketCount)]
    if (bytes.length > EXTERNAL_BYTES) {
      externalTerms++
      files.set(externalPath(key), bytes)
      bucket.push({ key, count: term.count })
    } else {
      bucket.push({ key, postings: bytes })
    }
  }
  buckets.forEach((entries, i) => files.set(bucketPath(i), writeBucket(entries)))

  const channels: IndexManifest['channels'] = []
  const table: DocumentTable = { channel: new Uint16Array(sorted.length), minutes: new Float64Array(sorted.length) }
  sorted.forEach((doc, i) => {
    table.channel[i] = channelIndex(channels, doc.channel) + 1
    table.minutes[i] = Math.floor(doc.date.getTime() / 60_000)
  })
  files.set('docs.bin', writeDocumentTable(table))
  const manifest: IndexManifest = { version: FORMAT_VERSION, generation: newGeneration(), buckets: bucketCount, docs: sorted.length, channels }

  const final = path.join(outDir, INDEX_DIR)
  const building = `${final}.building-${process.pid}`
  fs.rmSync(building, { recursive: true, force: true })
  for (const sub of ['b', 'x', 'd']) fs.mkdirSync(path.join(building, sub), { recursive: true })
  // index.json last: it names the generation the other files belong to.
  await writeFiles(building, files)
  await writeFiles(building, new Map([['index.json', JSON.stringify(manifest)]]))
  fs.writeFileSync(path.join(building, STATE_FILE), JSON.stringify({ slugs: sorted.map((d) => d.slug) } satisfies State))
  fs.rmSync(final, { recursive: true, force: true })
  fs.renameSync(building, final)
  return {
    documents: sorted.length,
    terms: postings.terms.size,
    buckets: bucketCount,
    externalTerms,
    filesWritten: files.size + 1,
    ...folderSize(final),
    milliseconds: Math.round(performance.now() - started),
  }
}

export interface SearchIndexChange {
  /** New articles, and changed ones (same slug: the old version is replaced). */
  upsert?: readonly SearchDocument[]
  /** Slugs of articles no longer published. */
  remove?: readonly string[]
}

/**
 * Applies `change` to the index in `<outDir>/search-index/`: removed and replaced documents are
 * marked gone in docs.bin, new versions get new ids, and only the buckets and large terms the new
 * documents touch are rewritten (dropping removed documents from them on the way). Nothing else
 * is read or indexed again. Throws when there is no index to update.
 */
export async function updateSearchIndex(outDir: string, change: SearchIndexChange): Promise<SearchIndexReport> {
  const started = performance.now()
  const dir = path.join(outDir, INDEX_DIR)
  const manifest: IndexManifest = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'))
  if (manifest.version !== FORMAT_VERSION) throw new Error(`search index: format ${manifest.version}, expected ${FORMAT_VERSION}: build it anew`)
  const state: State = JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8'))
  const old = readDocumentTable(fs.readFileSync(path.join(dir, 'docs.bin')))
  const upsert = [...(change.upsert ?? [])].sort(newestFirst)
  const first = old.channel.length
  const table: DocumentTable = { channel: new Uint16Array(first + upsert.length), minutes: new Float64Array(first + upsert.length) }
  table.channel.set(old.channel)
  table.minutes.set(old.minutes)

  const gone = new Set([...(change.remove ?? []), ...upsert.map((d) => d.slug)])
  const removedFiles: string[] = []
  state.slugs.forEach((slug, id) => {
    if (slug !== null && gone.has(slug)) {
      table.channel[id] = 0
      state.slugs[id] = null
      removedFiles.push(documentPath(id))
    }
  })
  const files: Files = new Map()
  const postings = indexDocuments(upsert, first, files)
  upsert.forEach((doc, i) => {
    table.channel[first + i] = channelIndex(manifest.channels, doc.channel) + 1
    table.minutes[first + i] = Math.floor(doc.date.getTime() / 60_000)
    state.slugs.push(doc.slug)
  })
  const live = (doc: number) => doc >= first || table.channel[doc] !== 0

  // Every bucket a new term falls in is rewritten whole, without the removed documents.
  const touched = new Map<number, TermKey[]>()
  for (const key of postings.terms.keys()) {
    const b = bucketOf(key, manifest.buckets)
    const keys = touched.get(b)
    if (keys) keys.push(key)
    else touched.set(b, [key])
  }
  let externalTerms = 0
  for (const [b, keyList] of touched) {
    const keys = new Set(keyList)
    const entries = readBucket(fs.readFileSync(path.join(dir, bucketPath(b))))
    for (const entry of entries.values()) {
      if (entry.postings && !keys.has(entry.key)) {
        entry.postings = encodePostings(readPostings(entry.postings, isBigram(entry.key), live), isBigram(entry.key))
      }
    }
    for (const key of keys) {
      const bigram = isBigram(key)
      const entry = entries.get(key)
      let list: Posting[] = []
      if (entry?.postings) list = readPostings(entry.postings, bigram, live)
      else if (entry) list = readPostings(fs.readFileSync(path.join(dir, externalPath(key))), bigram, live)
      const added = readPostings(finished(postings.terms.get(key)!), bigram)
      const bytes = encodePostings([...list, ...added], bigram)
      if (bytes.length > EXTERNAL_BYTES) {
        externalTerms++
        files.set(externalPath(key), bytes)
        entries.set(key, { key, count: list.length + added.length })
      } else {
        if (entry && !entry.postings) removedFiles.push(externalPath(key))
        entries.set(key, { key, postings: bytes })
      }
    }
    files.set(bucketPath(b), writeBucket(entries.values()))
  }
  files.set('docs.bin', writeDocumentTable(table))
  manifest.docs = table.channel.length
  manifest.generation = newGeneration()
  await writeFiles(dir, files)
  await writeFiles(dir, new Map([['index.json', JSON.stringify(manifest)]]))
  fs.writeFileSync(path.join(dir, STATE_FILE), JSON.stringify(state))
  for (const name of removedFiles) {
    fs.rmSync(path.join(dir, name), { force: true })
    fs.rmSync(path.join(dir, name + '.gz'), { force: true })
  }
  return {
    documents: state.slugs.filter((s) => s !== null).length,
    terms: postings.terms.size,
    buckets: manifest.buckets,
    externalTerms,
    filesWritten: files.size + 1,
    ...folderSize(dir),
    milliseconds: Math.round(performance.now() - started),
  }
}
