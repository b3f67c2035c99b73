// Builds the search index (format.ts) from typed documents, and updates it in place when
// articles are added, changed or removed, without indexing the archive again. Node only.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import writeFileAtomic from 'write-file-atomic'
import zlib from 'node:zlib'
import { ByteReader, ByteWriter } from './codec'
import {
  addLarge,
  BUCKET_BYTES,
  bucketOf,
  bucketPath,
  type BucketEntry,
  CHUNK_BYTES,
  decodeFilter,
  documentPath,
  type DocumentTable,
  emptyLargeFilter,
  emptyTable,
  EXTERNAL_BYTES,
  externalPath,
  FORMAT_VERSION,
  positionsPath,
  type IndexManifest,
  isBigram,
  readBucket,
  readDocumentTable,
  type StoredDocument,
  type TermKey,
  BIGRAM,
  IN_TEXT,
  IN_TITLE,
  writeBucket,
  writeDocumentTable,
} from './format'
import { createNormalizer, type Normalizer, tokenize, type Tokens, withWordEdges } from './normalize'
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
  /** 关键词: indexed with the title, and ranked like it. */
  tags?: string[]
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
  /** Bytes of the index folder (its files are stored gzip-compressed: this is what is served). */
  bytes: number
  milliseconds: number
}

/** The index folder inside a site's output folder; the browser fetches /search-index/... */
export const INDEX_DIR = 'search-index'
/** The slug of each document id (null once removed), for updates; readers never fetch it. */
const STATE_FILE = 'slugs.bin'

interface State {
  /** Slug of each document id; null once removed. */
  slugs: (string | null)[]
}

let normalizer: Normalizer | undefined
const getNormalizer = () => (normalizer ??= createNormalizer(t2sTable()))

const beijingDay = (date: Date) => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
const newGeneration = () => Date.now().toString(36) + randomBytes(3).toString('hex')
const gzip = promisify(zlib.gzip)
const encodeFilter = (filter: Uint8Array) => Buffer.from(filter).toString('base64')

/** A term's postings as they are being written, documents in id order: the two parts (format.ts). */
interface Growing {
  out: ByteWriter
  positions: ByteWriter
  last: number
  count: number
}

/**
 * Adds each document's terms (characters and bigrams, with positions) to `terms`, documents in
 * ascending id order. The hot loop of indexing: terms get small integer ids, a document's positions
 * are chained in typed arrays and written straight into each term's postings, so indexing a
 * document allocates almost nothing.
 */
class Postings {
  readonly terms = new Map<TermKey, Growing>()
  private growing: Growing[] = []
  private keys: TermKey[] = []
  /** Term id of each character's one-character term, -1 until seen. */
  private charTerm = new Int32Array(0x110000).fill(-1)
  /** Dense number of each character (order of first sight), for bigram lookups with small keys. */
  private charNumber = new Int32Array(0x110000).fill(-1)
  private chars = 0
  /** Bigram term ids: an open-addressing table of (first << 15 | second) → id + 1, for the common case. */
  private table = new Int32Array(1 << 16)
  private tableIds = new Int32Array(1 << 16)
  private shift = 16
  private tableUsed = 0
  /** Bigrams of characters past the first 2^15 seen (no real archive has them). */
  private rare = new Map<number, number>()
  // Per term, for the document being indexed: where its positions' chain starts and ends in each
  // field (title 0, text 1), and how many there are.
  private head = [new Int32Array(1024), new Int32Array(1024)]
  private tail = [new Int32Array(1024), new Int32Array(1024)]
  private many = [new Int32Array(1024), new Int32Array(1024)]
  private slotPosition = new Int32Array(4096)
  private slotNext = new Int32Array(4096)
  private slots = 0
  private touched: number[] = []

  private newTerm(key: TermKey): number {
    const id = this.growing.length
    const term = { out: new ByteWriter(8), positions: new ByteWriter(isBigram(key) ? 8 : 1), last: -1, count: 0 }
    this.growing.push(term)
    this.keys.push(key)
    this.terms.set(key, term)
    if (id >= this.many[0].length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2)
        b.set(a)
        return b
      }
      for (const f of [0, 1]) {
        this.head[f] = grow(this.head[f])
        this.tail[f] = grow(this.tail[f])
        this.many[f] = grow(this.many[f])
      }
    }
    return id
  }

  private unigram(code: number): number {
    const id = this.charTerm[code]
    return id >= 0 ? id : (this.charTerm[code] = this.newTerm(code))
  }

  private bigram(first: number, second: number): number {
    let a = this.charNumber[first]
    if (a < 0) a = this.charNumber[first] = this.chars++
    let b = this.charNumber[second]
    if (b < 0) b = this.charNumber[second] = this.chars++
    if (a >= 0x8000 || b >= 0x8000) {
      const key = first * BIGRAM + second
      const id = this.rare.get(key)
      if (id !== undefined) return id
      const created = this.newTerm(key)
      this.rare.set(key, created)
      return created
    }
    const key = ((a << 15) | b) + 1 // 0 marks an empty slot
    const mask = this.table.length - 1
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift
    for (;;) {
      const found = this.table[slot]
      if (found === key) return this.tableIds[slot]
      if (found === 0) break
      slot = (slot + 1) & mask
    }
    const id = this.newTerm(first * BIGRAM + second)
    this.table[slot] = key
    this.tableIds[slot] = id
    if (++this.tableUsed * 2 > this.table.length) this.rehash()
    return id
  }

  /** Doubles the bigram table when it is half full. */
  private rehash() {
    const [keys, ids] = [this.table, this.tableIds]
    this.table = new Int32Array(keys.length * 2)
    this.tableIds = new Int32Array(keys.length * 2)
    this.shift--
    const mask = this.table.length - 1
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === 0) continue
      let slot = Math.imul(keys[i], 0x9e3779b1) >>> this.shift
      while (this.table[slot] !== 0) slot = (slot + 1) & mask
      this.table[slot] = keys[i]
      this.tableIds[slot] = ids[i]
    }
  }

  private note(term: number, field: number, position: number) {
    if (this.many[0][term] === 0 && this.many[1][term] === 0) this.touched.push(term)
    if (this.slots === this.slotPosition.length) {
      const position2 = new Int32Array(this.slots * 2)
      position2.set(this.slotPosition)
      this.slotPosition = position2
      const next2 = new Int32Array(this.slots * 2)
      next2.set(this.slotNext)
      this.slotNext = next2
    }
    const slot = this.slots++
    this.slotPosition[slot] = position
    this.slotNext[slot] = -1
    if (this.many[field][term] === 0) this.head[field][term] = slot
    else this.slotNext[this.tail[field][term]] = slot
    this.tail[field][term] = slot
    this.many[field][term]++
  }

  add(doc: number, title: Tokens, text: Tokens) {
    const fields = [title, text]
    for (let field = 0; field < 2; field++) {
      const { codes, runStart } = fields[field]
      for (let i = 0; i < codes.length; i++) {
        const code = codes[i]
        const uni = this.unigram(code)
        if (this.many[field][uni] === 0) this.note(uni, field, i) // a character's presence is enough
        if (!runStart[i]) this.note(this.bigram(codes[i - 1], code), field, i - 1)
      }
    }
    for (const id of this.touched) {
      const term = this.growing[id]
      const out = term.out
      const inTitle = this.many[0][id]
      const inText = this.many[1][id]
      out.uint(doc - term.last)
      if (!isBigram(this.keys[id])) {
        out.uint((inTitle > 0 ? IN_TITLE : 0) | (inText > 0 ? IN_TEXT : 0))
      } else {
        // The format of writePosting (format.ts), written from the chains: text positions into the
        // positions part, then the header and title positions into the documents part.
        const positions = term.positions
        const start = positions.length
        let last = -1
        for (let slot = inText > 0 ? this.head[1][id] : -1; slot >= 0; slot = this.slotNext[slot]) {
          positions.uint(this.slotPosition[slot] - last)
          last = this.slotPosition[slot]
        }
        out.uint(((positions.length - start) << 1) | (inTitle > 0 ? 1 : 0))
        if (inTitle > 0) {
          out.uint(inTitle)
          last = -1
          for (let slot = this.head[0][id]; slot >= 0; slot = this.slotNext[slot]) {
            out.uint(this.slotPosition[slot] - last)
            last = this.slotPosition[slot]
          }
        }
      }
      term.last = doc
      term.count++
      this.many[0][id] = 0
      this.many[1][id] = 0
    }
    this.touched.length = 0
    this.slots = 0
  }
}

/** `postings` (written from id -1) as a continuation of postings whose last id is `last`. */
function continuing(postings: Uint8Array, last: number): Uint8Array {
  if (last < 0) return postings
  const reader = new ByteReader(postings)
  const first = reader.uint() - 1
  const out = new ByteWriter(postings.length + 4)
  out.uint(first - last)
  out.append(postings.subarray(reader.offset))
  return out.view()
}

const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

/** Files to write into the index folder: path relative to it → contents. */
type Files = Map<string, Uint8Array | string>

/**
 * Writes `files` into `dir`, each gzip-compressed as `<name>.gz` (the reader asks for `<name>` and
 * the server sends the .gz with Content-Encoding: gzip, so the browser inflates it off the page's
 * main thread), except index.json, which stays plain. `atomic` writes each beside and renames it,
 * so a reader of a live folder never sees half a file.
 */
async function writeFiles(dir: string, files: Files, atomic: boolean) {
  const entries = [...files]
  let next = 0
  const worker = async () => {
    while (next < entries.length) {
      const [name, body] = entries[next++]
      const plain = name === 'index.json'
      const file = path.join(dir, plain ? name : `${name}.gz`)
      const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
      const stored = plain ? bytes : await gzip(bytes, { level: bytes.length > 32 * 1024 ? 6 : 9 })
      await (atomic ? writeFileAtomic(file, stored, { fsync: false }) : fsp.writeFile(file, stored))
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
}

/** A file of the index folder, inflated. */
const readStored = (dir: string, name: string) => new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(dir, `${name}.gz`))))

/** Bytes of the index folder's files, as stored (compressed) and served. */
function folderSize(dir: string) {
  let bytes = 0
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name !== `${STATE_FILE}.gz`) bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size
  }
  return { bytes }
}

/**
 * The most characters of an article's text kept for its excerpt: whole articles as news sites
 * publish them (a few thousand characters), while a huge one (a full work report, a pasted
 * document) cannot make one result weigh hundreds of kilobytes. Finding is not affected: every
 * word of the text is indexed; only an excerpt for a match beyond this shows the opening instead.
 */
export const STORED_TEXT = 10_000

/** An article's text as stored for its excerpt: cut after STORED_TEXT characters, with "…". */
export function storedText(text: string): string {
  if (text.length <= STORED_TEXT) return text
  const chars = Array.from(text)
  return chars.length <= STORED_TEXT ? text : `${chars.slice(0, STORED_TEXT).join('')}…`
}

function storedDocument(doc: SearchDocument): string {
  const stored: StoredDocument = {
    url: doc.url,
    title: doc.title,
    date: doc.date.toISOString(),
    day: beijingDay(doc.date),
    channel: doc.channel.name,
    text: storedText(doc.text),
  }
  return JSON.stringify(stored)
}

/**
 * Adds `docs` as ids from `first` on: their terms into a Postings, their stored documents into
 * `files` in chunks (marking where each starts in `table.starts`).
 */
function indexDocuments(docs: readonly SearchDocument[], first: number, files: Files, table: DocumentTable): Postings {
  const postings = new Postings()
  const n = getNormalizer()
  let chunk: string[] = []
  let chunkFirst = first
  let chunkBytes = 0
  const flush = () => {
    if (chunk.length > 0) files.set(documentPath(chunkFirst), `[${chunk.join(',')}]`)
    chunk = []
  }
  docs.forEach((doc, i) => {
    // 关键词 count as the title: a tag is found, and ranked, as a word of the title is.
    const title = doc.tags?.length ? `${doc.title}\n${doc.tags.join('\n')}` : doc.title
    postings.add(first + i, withWordEdges(tokenize(title, n)), withWordEdges(tokenize(doc.text, n)))
    const stored = storedDocument(doc)
    if (chunk.length > 0 && chunkBytes + stored.length * 3 > CHUNK_BYTES) flush()
    if (chunk.length === 0) {
      chunkFirst = first + i
      chunkBytes = 0
      table.starts[first + i] = 1
    }
    chunk.push(stored)
    chunkBytes += stored.length * 3 // UTF-8 bytes of Chinese text, about
  })
  flush()
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
  const table = emptyTable(sorted.length)
  const postings = indexDocuments(sorted, 0, files, table)

  let inlineBytes = 0
  const size = (term: Growing) => term.out.length + term.positions.length
  for (const term of postings.terms.values()) if (size(term) <= EXTERNAL_BYTES) inlineBytes += size(term) + 12
  const bucketCount = Math.max(1, Math.ceil(inlineBytes / BUCKET_BYTES))
  const buckets: BucketEntry[][] = Array.from({ length: bucketCount }, () => [])
  let externalTerms = 0
  for (const term of postings.terms.values()) if (size(term) > EXTERNAL_BYTES) externalTerms++
  const large = emptyLargeFilter(externalTerms)
  for (const [key, term] of postings.terms) {
    const bucket = buckets[bucketOf(key, bucketCount)]
    if (size(term) > EXTERNAL_BYTES) {
      addLarge(large, key)
      files.set(externalPath(key), term.out.view())
      if (isBigram(key)) files.set(positionsPath(key), term.positions.view())
      bucket.push({ key, count: term.count, last: term.last })
    } else {
      bucket.push({ key, count: term.count, last: term.last, postings: { docs: term.out.view(), positions: term.positions.view() } })
    }
  }
  buckets.forEach((entries, i) => files.set(bucketPath(i), writeBucket(entries)))

  const channels: IndexManifest['channels'] = []
  sorted.forEach((doc, i) => {
    table.channel[i] = channelIndex(channels, doc.channel) + 1
    table.minutes[i] = Math.floor(doc.date.getTime() / 60_000)
  })
  files.set('docs.bin', writeDocumentTable(table))
  const manifest: IndexManifest = {
    version: FORMAT_VERSION,
    generation: newGeneration(),
    buckets: bucketCount,
    docs: sorted.length,
    channels,
    large: encodeFilter(large),
  }

  const final = path.join(outDir, INDEX_DIR)
  const building = `${final}.building-${process.pid}`
  fs.rmSync(building, { recursive: true, force: true })
  for (const sub of ['b', 'x', 'd']) fs.mkdirSync(path.join(building, sub), { recursive: true })
  // index.json last: it names the generation the other files belong to.
  await writeFiles(building, files, false)
  await writeFiles(building, new Map([['index.json', JSON.stringify(manifest)]]), false)
  await writeFiles(building, new Map([[STATE_FILE, JSON.stringify({ slugs: sorted.map((d) => d.slug) } satisfies State)]]), false)
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
 * marked gone in docs.bin (readers skip them), new versions get new ids, and only the new
 * documents are indexed: their postings are appended to the buckets and large terms they touch.
 * Nothing else is read or indexed again; the next full build drops the removed documents' entries.
 * Throws when there is no index to update.
 */
export async function updateSearchIndex(outDir: string, change: SearchIndexChange): Promise<SearchIndexReport> {
  const started = performance.now()
  const dir = path.join(outDir, INDEX_DIR)
  const manifest: IndexManifest = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'))
  if (manifest.version !== FORMAT_VERSION) throw new Error(`search index: format ${manifest.version}, expected ${FORMAT_VERSION}: build it anew`)
  const state: State = JSON.parse(new TextDecoder().decode(readStored(dir, STATE_FILE)))
  const old = readDocumentTable(readStored(dir, 'docs.bin'))
  const upsert = [...(change.upsert ?? [])].sort(newestFirst)
  const first = old.channel.length
  const table = emptyTable(first + upsert.length)
  table.channel.set(old.channel)
  table.minutes.set(old.minutes)
  table.starts.set(old.starts)

  const gone = new Set([...(change.remove ?? []), ...upsert.map((d) => d.slug)])
  const files: Files = new Map()
  const chunks = new Map<number, (StoredDocument | null)[]>()
  let chunkFirst = 0
  state.slugs.forEach((slug, id) => {
    if (table.starts[id]) chunkFirst = id
    if (slug === null || !gone.has(slug)) return
    table.channel[id] = 0
    state.slugs[id] = null
    // Its stored text goes too: a removed article must not stay readable in the index.
    let chunk = chunks.get(chunkFirst)
    if (!chunk) chunks.set(chunkFirst, (chunk = JSON.parse(new TextDecoder().decode(readStored(dir, documentPath(chunkFirst))))))
    chunk![id - chunkFirst] = null
  })
  for (const [at, chunk] of chunks) files.set(documentPath(at), JSON.stringify(chunk))
  const postings = indexDocuments(upsert, first, files, table)
  upsert.forEach((doc, i) => {
    table.channel[first + i] = channelIndex(manifest.channels, doc.channel) + 1
    table.minutes[first + i] = Math.floor(doc.date.getTime() / 60_000)
    state.slugs.push(doc.slug)
  })

  // New documents have the highest ids, so their postings are appended to each term's. The buckets
  // they touch are rewritten; large terms' files get the new entries at their end. Entries of
  // removed documents stay until the next full build: docs.bin says they are gone.
  const touched = new Map<number, TermKey[]>()
  for (const key of postings.terms.keys()) {
    const b = bucketOf(key, manifest.buckets)
    const keys = touched.get(b)
    if (keys) keys.push(key)
    else touched.set(b, [key])
  }
  let externalTerms = 0
  // Terms that get files of their own join the filter (an index written before it had none: it stays without).
  const large = manifest.large === undefined ? undefined : decodeFilter(manifest.large)
  for (const [b, keys] of touched) {
    const entries = readBucket(readStored(dir, bucketPath(b)))
    for (const key of keys) {
      const term = postings.terms.get(key)!
      const bigram = isBigram(key)
      const entry = entries.get(key) ?? { key, count: 0, last: -1, postings: { docs: new Uint8Array(0), positions: new Uint8Array(0) } }
      const old = entry.postings ?? {
        docs: readStored(dir, externalPath(key)),
        positions: bigram ? readStored(dir, positionsPath(key)) : new Uint8Array(0),
      }
      const docs = concat(old.docs, continuing(term.out.view(), entry.last))
      const positions = concat(old.positions, term.positions.view())
      const updated: BucketEntry = { key, count: entry.count + term.count, last: term.last }
      if (docs.length + positions.length > EXTERNAL_BYTES) {
        externalTerms++
        if (large) addLarge(large, key)
        files.set(externalPath(key), docs)
        if (bigram) files.set(positionsPath(key), positions)
      } else {
        updated.postings = { docs, positions }
        // A term that had files of its own keeps them until the next full build: nothing reads them.
      }
      entries.set(key, updated)
    }
    files.set(bucketPath(b), writeBucket(entries.values()))
  }
  files.set('docs.bin', writeDocumentTable(table))
  manifest.docs = table.channel.length
  manifest.generation = newGeneration()
  if (large) manifest.large = encodeFilter(large)
  await writeFiles(dir, files, true)
  await writeFiles(dir, new Map([['index.json', JSON.stringify(manifest)]]), true)
  await writeFiles(dir, new Map([[STATE_FILE, JSON.stringify(state)]]), true)
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
