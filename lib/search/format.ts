// The index's files, shared by the builder and the reader. Everything lives in one folder
// (out/search-index/), fetched by the browser a file at a time:
//
// Every file but index.json is stored gzip-compressed only, as <name>.gz: servers send it for
// <name> with Content-Encoding: gzip (npm start, and nginx's gzip_static), so the browser inflates
// it off the page's main thread; on a host that cannot, the reader fetches <name>.gz and inflates it.
//
//   index.json        what the reader needs first: format version, generation (changes with every
//                     build or update), the generation of the main files below (`files`, appended
//                     as ?v= to each of them: it changes only when they do, with a full build or a
//                     merge, so readers' and CDNs' copies stay good across updates), number of
//                     buckets, channels, and whether there is a delta
//   docs.bin          per document id: channel (0 = removed) and date, for filtering, and after a
//                     merge its rank (the order of a full build)
//   slugs.bin         the slug and date of each id, for updates (readers never fetch it)
//   b/<n>.bin         bucket n: the terms whose hash falls in it, each with its postings inline or,
//                     when they are large, a note that they live in their own file
//   x/<term>.bin      the postings of one large term (file named by its code points in hex), and
//   x/<term>.p.bin    its positions, fetched only by queries that need them
//   d/<id>.bin        a chunk of stored documents from id <id> on (JSON array of StoredDocument or
//                     null once removed): title, URL, date, channel and text, for showing a result
//
// An update (one publish) writes none of those but the chunks of the documents it takes down: it
// writes the delta, the articles added or changed since the main files were written, indexed
// alone, fetched with ?v=<generation>:
//
//   delta/index.bin   one file (DeltaIndex): the main ids it masks (changed or removed since), the
//                     main chunks rewritten since (fetched with ?v=<generation>), its own documents'
//                     table and ranks, and all its terms' postings inline, one bucket. The reader
//                     fetches it with docs.bin and appends each term's delta postings to the main
//                     ones: delta ids come after the main ids (from `docs` on).
//   delta/d/<id>.bin  one stored document of the delta (id = its document id)
//   delta/s/<id>.bin  its SearchDocument, for the next update (readers never fetch it)
//   delta/state.bin   the delta's bookkeeping (readers never fetch it)
//
// When the delta grows past DELTA_BYTES or DELTA_DOCS, an update merges it into the main files (it appends its
// postings, as the main files' own format allows) and starts an empty one; a full build has none.
//
// A term is one character (every character of every word) or two (every pair of adjacent
// characters inside a word: bigrams, as Lucene's CJK analyzer indexes Chinese). Postings list the
// documents that contain the term; for a bigram also its positions, in the title and in the text,
// so the reader checks that a longer word's bigrams sit side by side. Positions count word
// characters only: separators take no place, and bigrams never span them.
import { ByteReader, ByteWriter } from './codec'

export const FORMAT_VERSION = 3

/** Postings larger than this (bytes) get a file of their own. */
export const EXTERNAL_BYTES = 2048
/** About how many bytes of inline postings a bucket holds after a full build. */
export const BUCKET_BYTES = 16 * 1024

export interface IndexManifest {
  version: number
  /** Changes with every build and update: names this state of the index (and is the ?v= of the delta's files). */
  generation: string
  /** The ?v= of the main files: the generation of the full build or merge that last wrote them. */
  files: string
  buckets: number
  /** Document ids of the main files (removed ones included); the delta's ids follow. */
  docs: number
  /** The delta (delta/index.bin), when there is one: its ids are docs … docs + delta.docs - 1. */
  delta?: { docs: number }
  channels: { slug: string; name: string }[]
  /**
   * The terms with files of their own, as a Bloom filter (base64; LARGE_HASHES bits a term, about
   * LARGE_BITS_PER_TERM bits a term in all): the reader fetches such a term's files at once, without
   * waiting for its bucket (or fetching it). A term it wrongly names costs a request that finds
   * nothing, then the bucket. Once a term has files of its own it keeps them until the next full
   * build (its postings only grow), so the filter never names stale files.
   */
  large?: string
}

/** Bits of the large-term filter per large term (about 1% false positives with 7 hashes). */
export const LARGE_BITS_PER_TERM = 10
export const LARGE_HASHES = 7

/** The bit positions of a term in a large-term filter of `bits` bits (double hashing). */
function largeBits(key: TermKey, bits: number): number[] {
  let h1 = 0x811c9dc5
  for (const code of termCodes(key)) h1 = Math.imul(h1 ^ code, 0x01000193)
  let h2 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b)
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35) | 1
  const out: number[] = []
  for (let i = 0; i < LARGE_HASHES; i++) out.push((((h1 + Math.imul(i, h2)) >>> 0) % bits))
  return out
}

/** A large-term filter sized for `count` terms. */
export const emptyLargeFilter = (count: number) => new Uint8Array(Math.max(8, Math.ceil((count * LARGE_BITS_PER_TERM) / 8)))

/** Adds a term to a large-term filter. */
export function addLarge(filter: Uint8Array, key: TermKey) {
  for (const bit of largeBits(key, filter.length * 8)) filter[bit >>> 3] |= 1 << (bit & 7)
}

/** Whether a large-term filter may hold the term (never false for one it holds). */
export function mayBeLarge(filter: Uint8Array, key: TermKey): boolean {
  return largeBits(key, filter.length * 8).every((bit) => (filter[bit >>> 3] & (1 << (bit & 7))) !== 0)
}

/** A large-term filter from its base64 text in index.json. */
export function decodeFilter(text: string): Uint8Array {
  const raw = atob(text)
  const filter = new Uint8Array(raw.length)
  for (let i = 0; i < raw.length; i++) filter[i] = raw.charCodeAt(i)
  return filter
}

/** What d/<id>.bin holds for each document. */
export interface StoredDocument {
  url: string
  title: string
  /** ISO 8601 instant. */
  date: string
  /** YYYY-MM-DD in Beijing time, as shown. */
  day: string
  channel: string
  text: string
}

/** A term key: code point of a one-character term, or c1 * 0x110000 + c2 for a bigram. */
export type TermKey = number

export const BIGRAM = 0x110000
export const isBigram = (key: TermKey) => key >= BIGRAM
export const termKey = (codes: readonly number[]): TermKey => (codes.length === 1 ? codes[0] : codes[0] * BIGRAM + codes[1])
export const termCodes = (key: TermKey): number[] => (isBigram(key) ? [Math.floor(key / BIGRAM), key % BIGRAM] : [key])
export const termText = (key: TermKey) => String.fromCodePoint(...termCodes(key))

/** FNV-1a over the term's code points: the bucket it lives in. */
export function bucketOf(key: TermKey, buckets: number): number {
  let hash = 0x811c9dc5
  for (const code of termCodes(key)) {
    hash ^= code
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % buckets
}

export const bucketPath = (n: number) => `b/${n}.bin`
const termFile = (key: TermKey) => termCodes(key).map((c) => c.toString(16)).join('-')
export const externalPath = (key: TermKey) => `x/${termFile(key)}.bin`
export const positionsPath = (key: TermKey) => `x/${termFile(key)}.p.bin`
/** The file of the chunk of stored documents that starts at id `first`. */
export const documentPath = (first: number) => `d/${first}.bin`
export const DELTA_PATH = 'delta/index.bin'
/** A stored document of the delta (each is a chunk of one). */
export const deltaDocumentPath = (id: number) => `delta/d/${id}.bin`
/**
 * The delta's size (gzip, as served) past which an update merges it into the main files: every
 * query fetches it once. About 20 articles of real length and variety (3-4 KB each).
 */
export const DELTA_BYTES = 64 * 1024
/** The most documents the delta holds (an update indexes them all again) before it is merged. */
export const DELTA_DOCS = 200
/** Stored documents go into chunks of consecutive ids of at most this many bytes of JSON (one larger document alone). */
export const CHUNK_BYTES = 16 * 1024

// A term's postings come in two parts, so that a query that needs no positions (a word of one or
// two characters alone) downloads none.
//
// The documents part, per document in ascending id order: uint (id - previous id, the first from
// -1), then for a one-character term uint flags (1 = in the title, 2 = in the text); for a bigram
// uint (bytes of its text positions << 1 | inTitle) and, when in the title, uint count and the
// title positions as gaps (the first from -1). The positions part (bigrams only): each document's
// text positions as gaps, in the same order. Neither has a count or an end mark: documents are
// appended as they are added (the bucket entry keeps the count and the last id).

export const IN_TITLE = 1
export const IN_TEXT = 2

/** Both parts of a term's postings. */
export interface PostingBytes {
  docs: Uint8Array
  positions: Uint8Array
}

function writeGaps(out: ByteWriter, positions: readonly number[]) {
  let last = -1
  for (const p of positions) {
    out.uint(p - last)
    last = p
  }
}

/** Appends one document's entry (used by tests and small writers; the builder writes the same bytes). */
export function writePosting(out: PostingWriter, bigram: boolean, previous: number, doc: number, title: readonly number[], text: readonly number[]) {
  out.docs.uint(doc - previous)
  if (!bigram) {
    out.docs.uint((title.length > 0 ? IN_TITLE : 0) | (text.length > 0 ? IN_TEXT : 0))
    return
  }
  const start = out.positions.length
  writeGaps(out.positions, text)
  out.docs.uint(((out.positions.length - start) << 1) | (title.length > 0 ? 1 : 0))
  if (title.length > 0) {
    out.docs.uint(title.length)
    writeGaps(out.docs, title)
  }
}

export interface PostingWriter {
  docs: ByteWriter
  positions: ByteWriter
}

/**
 * A term's postings, read from the documents part: per entry the document id and flags, and for a
 * bigram where its title positions are and where its text positions are in the positions part
 * (the reader, query.ts, decodes them when a match needs them).
 */
export interface PostingList {
  bytes: Uint8Array
  docs: Int32Array
  flags: Uint8Array
  /** Bigrams: offset in `bytes` of each entry's title positions (count first), -1 when none. */
  titleAt: Int32Array
  /** Bigrams: where each entry's text positions start and end in the positions part. */
  textStart: Int32Array
  textEnd: Int32Array
  /** The positions part, once fetched. */
  positions?: Uint8Array
  /** The id of the last entry read (removed ones included), -1 when none. */
  last: number
  /** Bytes of the positions part the entries read take (removed ones included). */
  positionBytes: number
}

/**
 * Reads a documents part of `count` entries (the bucket entry's count), leaving out the documents
 * whose `channel` is 0 (removed) when a table is given. A query reads lists of tens of thousands of
 * entries once each, in code the browser has not compiled yet: the numbers are decoded inline, with
 * no call per number, which is several times faster there than ByteReader.
 */
export function readPostingList(bytes: Uint8Array, bigram: boolean, count: number, channel?: Uint16Array): PostingList {
  const size = bigram ? count : 0
  const docs = new Int32Array(count)
  const flagsOut = new Uint8Array(count)
  const titleAtOut = new Int32Array(size)
  const textStart = new Int32Array(size)
  const textEnd = new Int32Array(size)
  const end = bytes.length
  let at = 0
  let n = 0
  let doc = -1
  let position = 0
  while (at < end) {
    let b = bytes[at++]
    let gap = b & 0x7f
    for (let scale = 0x80; b >= 0x80; scale *= 0x80) gap += ((b = bytes[at++]) & 0x7f) * scale
    b = bytes[at++]
    let header = b & 0x7f
    for (let scale = 0x80; b >= 0x80; scale *= 0x80) header += ((b = bytes[at++]) & 0x7f) * scale
    if (at > end) throw new Error('search index: truncated number')
    doc += gap
    let flags = header
    let titleAt = -1
    const start = position
    if (bigram) {
      const textBytes = Math.floor(header / 2)
      flags = (header & 1 ? IN_TITLE : 0) | (textBytes > 0 ? IN_TEXT : 0)
      position += textBytes
      if (header & 1) {
        titleAt = at
        // The count, then that many positions: skipping a number is reading past its last byte.
        b = bytes[at++]
        let skip = b & 0x7f
        for (let scale = 0x80; b >= 0x80; scale *= 0x80) skip += ((b = bytes[at++]) & 0x7f) * scale
        while (skip > 0 && at < end) if (bytes[at++] < 0x80) skip--
      }
    }
    if (channel !== undefined && channel[doc] === 0) continue
    if (n === count) throw new Error('search index: more postings than counted')
    docs[n] = doc
    flagsOut[n] = flags
    if (bigram) {
      titleAtOut[n] = titleAt
      textStart[n] = start
      textEnd[n] = position
    }
    n++
  }
  return {
    bytes,
    docs: n < count ? docs.subarray(0, n) : docs,
    flags: n < count ? flagsOut.subarray(0, n) : flagsOut,
    titleAt: titleAtOut,
    textStart,
    textEnd,
    last: doc,
    positionBytes: position,
  }
}

// A bucket: entries of uint code point count, code points, uint kind (0 inline, 1 in files of its
// own: externalPath(key) and, for a bigram, positionsPath(key)), uint document count, uint last
// document id, and for kind 0 uint length and the documents part, uint length and the positions part.

export interface BucketEntry {
  key: TermKey
  count: number
  last: number
  /** Inline postings, or undefined when they are in files of their own. */
  postings?: PostingBytes
}

export function readBucket(bytes: Uint8Array): Map<TermKey, BucketEntry> {
  const reader = new ByteReader(bytes)
  const entries = new Map<TermKey, BucketEntry>()
  while (!reader.done) {
    const n = reader.uint()
    const codes: number[] = []
    for (let i = 0; i < n; i++) codes.push(reader.uint())
    const key = termKey(codes)
    const inline = reader.uint() === 0
    const count = reader.uint()
    const last = reader.uint()
    const postings = inline ? { docs: reader.take(reader.uint()), positions: reader.take(reader.uint()) } : undefined
    entries.set(key, { key, count, last, postings })
  }
  return entries
}

export function writeBucket(entries: Iterable<BucketEntry>): Uint8Array {
  const out = new ByteWriter(1024)
  for (const entry of entries) {
    const codes = termCodes(entry.key)
    out.uint(codes.length)
    for (const c of codes) out.uint(c)
    out.uint(entry.postings ? 0 : 1)
    out.uint(entry.count)
    out.uint(entry.last)
    if (entry.postings) {
      out.uint(entry.postings.docs.length)
      out.append(entry.postings.docs)
      out.uint(entry.postings.positions.length)
      out.append(entry.postings.positions)
    }
  }
  return out.view().slice()
}

// docs.bin: uint document count, then per document uint (channel index + 1, 0 once removed) * 2 +
// (1 if a chunk of stored documents starts with it), and int (minutes since the epoch minus the
// previous document's); then, only after a merge, per document int (its rank minus its id; a full
// build numbers documents in rank order, so it leaves this out).

export interface DocumentTable {
  /** Channel index + 1 per id; 0 = removed. */
  channel: Uint16Array
  /** Minutes since the epoch per id. */
  minutes: Float64Array
  /** 1 where a chunk of stored documents starts. */
  starts: Uint8Array
  /**
   * Each document's place in the order a full build numbers them (newest first, then by slug):
   * results are shown in this order within a tier. Undefined: the id is the rank.
   */
  rank?: Float64Array
}

export function emptyTable(n: number): DocumentTable {
  return { channel: new Uint16Array(n), minutes: new Float64Array(n), starts: new Uint8Array(n) }
}

export function readDocumentTable(bytes: Uint8Array): DocumentTable {
  const reader = new ByteReader(bytes)
  const table = emptyTable(reader.uint())
  let last = 0
  for (let i = 0; i < table.channel.length; i++) {
    const value = reader.uint()
    table.channel[i] = value >>> 1
    table.starts[i] = value & 1
    table.minutes[i] = last += reader.int()
  }
  if (!reader.done) {
    table.rank = new Float64Array(table.channel.length)
    for (let i = 0; i < table.rank.length; i++) table.rank[i] = i + reader.int()
  }
  return table
}

export function writeDocumentTable(table: DocumentTable): Uint8Array {
  const out = new ByteWriter(16 + table.channel.length * 4)
  out.uint(table.channel.length)
  let last = 0
  for (let i = 0; i < table.channel.length; i++) {
    out.uint(table.channel[i] * 2 + table.starts[i])
    out.int(table.minutes[i] - last)
    last = table.minutes[i]
  }
  // As rank - id: after a merge most documents are shifted by as many as it added (one repeated byte, for gzip).
  if (table.rank) table.rank.forEach((rank, i) => out.int(rank - i))
  return out.view().slice()
}

/**
 * delta/index.bin: uint count and the masked main ids (gaps from -1); uint count and the first ids
 * of the main chunks rewritten since the main files were written (gaps from -1); uint length and
 * the delta's document table (docs.bin's format, ids from the manifest's `docs` on); per delta
 * document uint `before`, the number of main documents ranked before it; and the rest: one bucket
 * holding every term of the delta, postings inline.
 */
export interface DeltaIndex {
  masked: number[]
  chunks: number[]
  table: DocumentTable
  before: number[]
  order: number[]
  terms: Map<TermKey, BucketEntry>
}

function writeIds(out: ByteWriter, ids: readonly number[]) {
  out.uint(ids.length)
  let last = -1
  for (const id of ids) {
    out.uint(id - last)
    last = id
  }
}

function readIds(reader: ByteReader): number[] {
  const ids: number[] = []
  let last = -1
  for (let n = reader.uint(); n > 0; n--) ids.push((last += reader.uint()))
  return ids
}

export function writeDelta(delta: Omit<DeltaIndex, 'terms'>, bucket: Uint8Array): Uint8Array {
  const out = new ByteWriter(1024 + bucket.length)
  writeIds(out, delta.masked)
  writeIds(out, delta.chunks)
  const table = writeDocumentTable(delta.table)
  out.uint(table.length)
  out.append(table)
  delta.before.forEach((before, j) => {
    out.uint(before)
    out.uint(delta.order[j])
  })
  out.append(bucket)
  return out.view().slice()
}

export function readDelta(bytes: Uint8Array): DeltaIndex {
  const reader = new ByteReader(bytes)
  const masked = readIds(reader)
  const chunks = readIds(reader)
  const table = readDocumentTable(reader.take(reader.uint()))
  const before: number[] = []
  const order: number[] = []
  for (let j = 0; j < table.channel.length; j++) {
    before.push(reader.uint())
    order.push(reader.uint())
  }
  return { masked, chunks, table, before, order, terms: readBucket(bytes.subarray(reader.offset)) }
}

/**
 * The rank of each delta document, between those of the main documents around it (the main
 * document ranked r has r main documents before it): `before` main documents come first, and
 * delta documents with the same `before` follow their `order`.
 */
export function deltaRanks(delta: Pick<DeltaIndex, 'before' | 'order'>): Float64Array {
  const ranks = new Float64Array(delta.before.length)
  const step = 1 / (delta.before.length + 1)
  delta.before.forEach((b, j) => (ranks[j] = b - 1 + (delta.order[j] + 1) * step))
  return ranks
}
