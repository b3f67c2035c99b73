// Builds the search index (format.ts) from typed documents, and updates it in place when
// articles are added, changed or removed, without indexing the archive again: an update indexes
// the articles changed since the last full build alone, as the delta, and leaves the main files
// alone (their size grows with the archive; the delta's with the changes). Node only.
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
  DELTA_BYTES,
  DELTA_DOCS,
  DELTA_PATH,
  deltaDocumentPath,
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
  writeDelta,
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
  /**
   * A full build: bytes of the index folder; an update: bytes of the files it wrote (stored
   * gzip-compressed: this is what is served).
   */
  bytes: number
  milliseconds: number
}

/** The index folder inside a site's output folder; the browser fetches /search-index/... */
export const INDEX_DIR = 'search-index'
/** The slug and date of each main document id, for updates; readers never fetch it. */
const STATE_FILE = 'slugs.bin'

interface State {
  /** Slug of each main document id (removed ones too: docs.bin and the delta say which are gone). */
  slugs: string[]
  /** Its date, milliseconds since the epoch: with the slug, what ranks it (newestFirst). */
  dates: number[]
}

/** The delta's bookkeeping, for the next update; readers never fetch it. */
const DELTA_STATE = 'delta/state.bin'
/** A delta document's SearchDocument (JSON), for indexing the delta again. */
const deltaSourcePath = (id: number) => `delta/s/${id}.bin`

interface DeltaState {
  /** The id the next delta document gets. */
  next: number
  /** The delta's documents now published, ids ascending. */
  docs: { id: number; slug: string }[]
  /** Main ids changed or removed since the main files were written. */
  masked: number[]
  /** Main chunks rewritten since (a document in them taken down). */
  chunks: number[]
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
async function writeFiles(dir: string, files: Files, atomic: boolean): Promise<number> {
  const entries = [...files]
  let next = 0
  let written = 0
  const worker = async () => {
    while (next < entries.length) {
      const [name, body] = entries[next++]
      const plain = name === 'index.json'
      const file = path.join(dir, plain ? name : `${name}.gz`)
      const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
      const stored = plain ? bytes : await gzip(bytes, { level: bytes.length > 32 * 1024 ? 6 : 9 })
      await (atomic ? writeFileAtomic(file, stored, { fsync: false }) : fsp.writeFile(file, stored))
      written += stored.length
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
  return written
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
  const generation = newGeneration()
  const manifest: IndexManifest = {
    version: FORMAT_VERSION,
    generation,
    files: generation,
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
  const state: State = { slugs: sorted.map((d) => d.slug), dates: sorted.map((d) => d.date.getTime()) }
  await writeFiles(building, new Map([[STATE_FILE, JSON.stringify(state)]]), false)
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

/** When an update merges the delta into the main files (tests set them low to merge often). */
export interface DeltaLimits {
  /** gzip bytes of delta/index.bin (default DELTA_BYTES) */
  bytes?: number
  /** documents in the delta (default DELTA_DOCS) */
  docs?: number
}

const readJson = <T>(dir: string, name: string): T => JSON.parse(new TextDecoder().decode(readStored(dir, name)))
const fromJson = (doc: SearchDocument): SearchDocument => ({ ...doc, date: new Date(doc.date) })

/** Whether main document `id` (its slug and date in `state`) comes before `doc` in a full build's order (newestFirst). */
const rankedBefore = (state: State, id: number, doc: SearchDocument) =>
  state.dates[id] > doc.date.getTime() || (state.dates[id] === doc.date.getTime() && state.slugs[id].localeCompare(doc.slug) < 0)

/**
 * Applies `change` to the index in `<outDir>/search-index/`. The main files are left as they are
 * but for the chunks of stored documents of the articles taken down (a removed article must not
 * stay readable): the delta (format.ts) is indexed again from the articles changed since the main
 * files were written, and masks their old versions and the removed ones. So an update reads and
 * writes about as much as the changes since the last full build hold, whatever the archive's size.
 * Once the delta passes DELTA_BYTES or DELTA_DOCS, it is merged into the main files instead (their postings are
 * appended to), which costs what the whole index's large terms weigh. Throws when there is no
 * index to update.
 */
export async function updateSearchIndex(outDir: string, change: SearchIndexChange, limits: DeltaLimits = {}): Promise<SearchIndexReport> {
  const { bytes: mostBytes = DELTA_BYTES, docs: mostDocs = DELTA_DOCS } = limits
  const started = performance.now()
  const dir = path.join(outDir, INDEX_DIR)
  const manifest: IndexManifest = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'))
  if (manifest.version !== FORMAT_VERSION) throw new Error(`search index: format ${manifest.version}, expected ${FORMAT_VERSION}: build it anew`)
  const state = readJson<State>(dir, STATE_FILE)
  const main = readDocumentTable(readStored(dir, 'docs.bin'))
  const delta: DeltaState = manifest.delta ? readJson<DeltaState>(dir, DELTA_STATE) : { next: manifest.docs, docs: [], masked: [], chunks: [] }
  const upsert = [...(change.upsert ?? [])].sort(newestFirst)
  const gone = new Set([...(change.remove ?? []), ...upsert.map((d) => d.slug)])
  const files: Files = new Map()

  // Main documents replaced or removed: masked by the delta, and their stored text taken out of their chunk.
  const masked = new Set(delta.masked)
  const chunks = new Set(delta.chunks)
  const rewritten = new Map<number, (StoredDocument | null)[]>()
  let chunkFirst = 0
  for (let id = 0; id < manifest.docs; id++) {
    if (main.starts[id]) chunkFirst = id
    if (main.channel[id] === 0 || masked.has(id) || !gone.has(state.slugs[id])) continue
    masked.add(id)
    chunks.add(chunkFirst)
    let chunk = rewritten.get(chunkFirst)
    if (!chunk) rewritten.set(chunkFirst, (chunk = readJson<(StoredDocument | null)[]>(dir, documentPath(chunkFirst))))
    chunk[id - chunkFirst] = null
  }
  for (const [at, chunk] of rewritten) files.set(documentPath(at), JSON.stringify(chunk))

  // The delta's documents: those still published keep their ids and files, new versions get new ones.
  const removed = delta.docs.filter((d) => gone.has(d.slug))
  const kept = delta.docs.filter((d) => !gone.has(d.slug))
  const docs = new Map<number, SearchDocument>(kept.map((d) => [d.id, fromJson(readJson<SearchDocument>(dir, deltaSourcePath(d.id)))]))
  for (const doc of upsert) {
    const id = delta.next++
    docs.set(id, doc)
    files.set(deltaSourcePath(id), JSON.stringify(doc))
    files.set(deltaDocumentPath(id), `[${storedDocument(doc)}]`)
  }
  const next: DeltaState = { next: delta.next, docs: [...docs].map(([id, doc]) => ({ id, slug: doc.slug })), masked: [...masked].sort((a, b) => a - b), chunks: [...chunks].sort((a, b) => a - b) }

  // Indexed again whole: a few dozen articles at most (DELTA_BYTES), each id after the main ones.
  const n = getNormalizer()
  const postings = new Postings()
  const table = emptyTable(next.next - manifest.docs)
  const before = new Array<number>(table.channel.length).fill(0)
  const order = new Array<number>(table.channel.length).fill(0)
  for (const [id, doc] of docs) {
    const title = doc.tags?.length ? `${doc.title}\n${doc.tags.join('\n')}` : doc.title
    postings.add(id, withWordEdges(tokenize(title, n)), withWordEdges(tokenize(doc.text, n)))
    const j = id - manifest.docs
    table.channel[j] = channelIndex(manifest.channels, doc.channel) + 1
    table.minutes[j] = Math.floor(doc.date.getTime() / 60_000)
    table.starts[j] = 1
    for (let m = 0; m < manifest.docs; m++) if (rankedBefore(state, m, doc)) before[j]++
  }
  ;[...docs].sort((a, b) => newestFirst(a[1], b[1])).forEach(([id], k) => (order[id - manifest.docs] = k))
  const entries: BucketEntry[] = []
  for (const [key, term] of postings.terms) entries.push({ key, count: term.count, last: term.last, postings: { docs: term.out.view(), positions: term.positions.view() } })
  const index = writeDelta({ masked: next.masked, chunks: next.chunks, table, before, order }, writeBucket(entries))
  if (docs.size > mostDocs || (await gzip(index, { level: 6 })).length > mostBytes) return mergeDelta(dir, manifest, state, main, next, docs, files, started)

  files.set(DELTA_PATH, index)
  files.set(DELTA_STATE, JSON.stringify(next))
  manifest.generation = newGeneration()
  manifest.delta = { docs: table.channel.length }
  for (const sub of ['d', 's']) fs.mkdirSync(path.join(dir, 'delta', sub), { recursive: true })
  let bytes = await writeFiles(dir, files, true)
  bytes += await writeFiles(dir, new Map([['index.json', JSON.stringify(manifest)]]), true)
  // A removed or replaced article's text leaves the delta too.
  for (const { id } of removed) for (const file of [deltaDocumentPath(id), deltaSourcePath(id)]) fs.rmSync(path.join(dir, `${file}.gz`), { force: true })
  return {
    documents: next.docs.length + [...main.channel].filter((c, id) => c !== 0 && !masked.has(id)).length,
    terms: postings.terms.size,
    buckets: manifest.buckets,
    externalTerms: 0,
    filesWritten: files.size + 1,
    bytes,
    milliseconds: Math.round(performance.now() - started),
  }
}

/**
 * Merges the delta's documents into the main files and leaves no delta: removed and replaced
 * documents are marked gone in docs.bin, the delta's documents get the ids after the main ones, and
 * their postings are appended to the buckets and large terms they touch; every document's rank
 * goes into docs.bin (ids are no longer in a full build's order). Entries of removed documents stay
 * until the next full build: docs.bin says they are gone.
 */
async function mergeDelta(
  dir: string,
  manifest: IndexManifest,
  state: State,
  old: DocumentTable,
  delta: DeltaState,
  deltaDocs: Map<number, SearchDocument>,
  files: Files,
  started: number,
): Promise<SearchIndexReport> {
  const upsert = [...deltaDocs.values()]
  const first = manifest.docs
  const table = emptyTable(first + upsert.length)
  table.channel.set(old.channel)
  table.minutes.set(old.minutes)
  table.starts.set(old.starts)
  for (const id of delta.masked) table.channel[id] = 0
  for (const [name] of files) if (name.startsWith('delta/')) files.delete(name)
  const postings = indexDocuments(upsert, first, files, table)
  upsert.forEach((doc, i) => {
    table.channel[first + i] = channelIndex(manifest.channels, doc.channel) + 1
    table.minutes[first + i] = Math.floor(doc.date.getTime() / 60_000)
    state.slugs.push(doc.slug)
    state.dates.push(doc.date.getTime())
  })
  // Every document's place in a full build's order, removed ones included (their places matter to no one).
  const ranked = Array.from(state.slugs, (_, id) => id).sort((a, b) => state.dates[b] - state.dates[a] || state.slugs[a].localeCompare(state.slugs[b]))
  table.rank = new Float64Array(ranked.length)
  ranked.forEach((id, rank) => (table.rank![id] = rank))

  // New documents have the highest ids, so their postings are appended to each term's. The buckets
  // they touch are rewritten; large terms' files get the new entries at their end.
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
  files.set(STATE_FILE, JSON.stringify(state))
  manifest.docs = table.channel.length
  manifest.generation = manifest.files = newGeneration()
  delete manifest.delta
  if (large) manifest.large = encodeFilter(large)
  let bytes = await writeFiles(dir, files, true)
  bytes += await writeFiles(dir, new Map([['index.json', JSON.stringify(manifest)]]), true)
  fs.rmSync(path.join(dir, 'delta'), { recursive: true, force: true })
  return {
    documents: [...table.channel].filter((c) => c !== 0).length,
    terms: postings.terms.size,
    buckets: manifest.buckets,
    externalTerms,
    filesWritten: files.size + 1,
    bytes,
    milliseconds: Math.round(performance.now() - started),
  }
}
