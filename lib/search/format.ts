// The index's files, shared by the builder and the reader. Everything lives in one folder
// (out/search-index/), fetched by the browser a file at a time:
//
// Every file but index.json is stored gzip-compressed, and the reader inflates it: servers send it
// as it is, and no precompressed copy is needed beside it.
//
//   index.json        what the reader needs first: format version, generation (appended as ?v= to
//                     every other file, so an update is never mixed with cached files of the last
//                     one), number of buckets, channels
//   docs.bin          per document id: channel (0 = removed) and date, for filtering and ranking
//   b/<n>.bin         bucket n: the terms whose hash falls in it, each with its postings inline or,
//                     when they are large, a note that they live in their own file
//   x/<term>.bin      the postings of one large term (file named by its code points in hex)
//   d/<id>.bin        a chunk of stored documents from id <id> on (JSON array of StoredDocument or
//                     null once removed): title, URL, date, channel and text, for showing a result
//
// A term is one character (every character of every word) or two (every pair of adjacent
// characters inside a word: bigrams, as Lucene's CJK analyzer indexes Chinese). Postings list the
// documents that contain the term; for a bigram also its positions, in the title and in the text,
// so the reader checks that a longer word's bigrams sit side by side. Positions count word
// characters only: separators take no place, and bigrams never span them.
import { ByteReader, ByteWriter } from './codec'

export const FORMAT_VERSION = 1

/** Postings larger than this (bytes) get a file of their own. */
export const EXTERNAL_BYTES = 2048
/** About how many bytes of inline postings a bucket holds after a full build. */
export const BUCKET_BYTES = 16 * 1024

export interface IndexManifest {
  version: number
  generation: string
  buckets: number
  /** Document ids given so far (removed ones included). */
  docs: number
  channels: { slug: string; name: string }[]
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
export const externalPath = (key: TermKey) => `x/${termCodes(key).map((c) => c.toString(16)).join('-')}.bin`
/** The file of the chunk of stored documents that starts at id `first`. */
export const documentPath = (first: number) => `d/${first}.bin`
/** Stored documents go into chunks of consecutive ids of at most this many bytes of JSON (one larger document alone). */
export const CHUNK_BYTES = 16 * 1024

// Postings of a term, documents in ascending id order, each: uint (id - previous id, the first
// from -1), then for a one-character term uint flags (1 = in the title, 2 = in the text); for a
// bigram uint (textPositions << 1 | inTitle), [uint titlePositions, title positions as gaps], text
// positions as gaps (the first from -1). No count and no end mark: a term's postings are appended
// to as documents are added (the bucket entry keeps the count and the last id).

export const IN_TITLE = 1
export const IN_TEXT = 2

export function writePosting(out: ByteWriter, bigram: boolean, previous: number, doc: number, title: readonly number[], text: readonly number[]) {
  out.uint(doc - previous)
  if (!bigram) {
    out.uint((title.length > 0 ? IN_TITLE : 0) | (text.length > 0 ? IN_TEXT : 0))
    return
  }
  out.uint((text.length << 1) | (title.length > 0 ? 1 : 0))
  if (title.length > 0) {
    out.uint(title.length)
    writeGaps(out, title)
  }
  writeGaps(out, text)
}

function writeGaps(out: ByteWriter, positions: readonly number[]) {
  let last = -1
  for (const p of positions) {
    out.uint(p - last)
    last = p
  }
}

function readGaps(reader: ByteReader, n: number): number[] {
  const positions = new Array<number>(n)
  let last = -1
  for (let i = 0; i < n; i++) positions[i] = last += reader.uint()
  return positions
}

/**
 * A term's postings, read without decoding positions: per entry the document id, flags, and for a
 * bigram where its positions start in `bytes` (positions() decodes them when they are needed).
 */
export interface PostingList {
  bytes: Uint8Array
  docs: number[]
  flags: number[]
  /** Bigrams: offset of each entry's header (textPositions << 1 | inTitle). */
  at: number[]
}

export function readPostingList(bytes: Uint8Array, bigram: boolean, keep?: (doc: number) => boolean): PostingList {
  const reader = new ByteReader(bytes)
  const list: PostingList = { bytes, docs: [], flags: [], at: [] }
  let doc = -1
  while (!reader.done) {
    doc += reader.uint()
    const at = reader.offset
    const header = reader.uint()
    let flags = header
    if (bigram) {
      let skip = header >>> 1
      flags = (header & 1 ? IN_TITLE : 0) | (skip > 0 ? IN_TEXT : 0)
      if (header & 1) skip += reader.uint()
      // Skipping a position is reading past its last byte.
      while (skip > 0) if (bytes[reader.offset++] < 0x80) skip--
    }
    if (keep && !keep(doc)) continue
    list.docs.push(doc)
    list.flags.push(flags)
    list.at.push(at)
  }
  return list
}

/** Title and text positions of entry i of a bigram's posting list. */
export function positions(list: PostingList, i: number): { title: number[]; text: number[] } {
  const reader = new ByteReader(list.bytes, list.at[i])
  const header = reader.uint()
  const title = header & 1 ? readGaps(reader, reader.uint()) : []
  return { title, text: readGaps(reader, header >>> 1) }
}

// A bucket: entries of uint code point count, code points, uint kind (0 inline, 1 in its own
// file: externalPath(key)), uint document count, uint last document id, and for kind 0 uint length
// and the postings.

export interface BucketEntry {
  key: TermKey
  count: number
  last: number
  /** Inline postings, or undefined when they are in their own file. */
  postings?: Uint8Array
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
    entries.set(key, { key, count, last, postings: inline ? reader.take(reader.uint()) : undefined })
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
      out.uint(entry.postings.length)
      out.append(entry.postings)
    }
  }
  return out.view().slice()
}

// docs.bin: uint document count, then per document uint (channel index + 1, 0 once removed) * 2 +
// (1 if a chunk of stored documents starts with it), and int (minutes since the epoch minus the
// previous document's).

export interface DocumentTable {
  /** Channel index + 1 per id; 0 = removed. */
  channel: Uint16Array
  /** Minutes since the epoch per id. */
  minutes: Float64Array
  /** 1 where a chunk of stored documents starts. */
  starts: Uint8Array
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
  return out.view().slice()
}
