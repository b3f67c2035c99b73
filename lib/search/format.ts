// The index's files, shared by the builder and the reader. Everything lives in one folder
// (out/search-index/), fetched by the browser a file at a time:
//
//   index.json        what the reader needs first: format version, generation (appended as ?v= to
//                     every other file, so an update is never mixed with cached files of the last
//                     one), number of buckets, channels
//   docs.bin          per document id: channel (0 = removed) and date, for filtering and ranking
//   b/<n>.bin         bucket n: the terms whose hash falls in it, each with its postings inline or,
//                     when they are large, a note that they live in their own file
//   x/<term>.bin      the postings of one large term (file named by its code points in hex)
//   d/<id>.json       one document's title, URL, date, channel and text, for showing a result
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

/** What d/<id>.json holds. */
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
export const documentPath = (id: number) => `d/${id}.json`

// Postings of a term: uint count, then per document: uint (id - previous id, the first from -1),
// then for a one-character term uint flags (1 = in the title, 2 = in the text); for a bigram
// uint (textPositions << 1 | inTitle), [uint titlePositions, title positions as gaps], text
// positions as gaps (the first from -1).

export const IN_TITLE = 1
export const IN_TEXT = 2

/** One document's entry in a term's postings, as decoded. */
export interface Posting {
  doc: number
  /** One-character terms: IN_TITLE | IN_TEXT. */
  flags: number
  title?: number[]
  text?: number[]
}

export function writePosting(out: ByteWriter, bigram: boolean, previous: number, doc: number, title: readonly number[], text: readonly number[]) {
  out.uint(doc - previous)
  if (!bigram) {
    out.uint((title.length > 0 ? IN_TITLE : 0) | (text.length > 0 ? IN_TEXT : 0))
    return
  }
  out.uint((text.length << 1) | (title.length > 0 ? 1 : 0))
  if (title.length > 0) writeGaps(out, title)
  let last = -1
  for (const p of text) {
    out.uint(p - last)
    last = p
  }
}

function writeGaps(out: ByteWriter, positions: readonly number[]) {
  out.uint(positions.length)
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

/** Decodes a term's postings (count first). `keep` may drop documents (removed ones) cheaply. */
export function readPostings(bytes: Uint8Array, bigram: boolean, keep?: (doc: number) => boolean): Posting[] {
  const reader = new ByteReader(bytes)
  const count = reader.uint()
  const postings: Posting[] = []
  let doc = -1
  for (let i = 0; i < count; i++) {
    doc += reader.uint()
    if (!bigram) {
      const flags = reader.uint()
      if (!keep || keep(doc)) postings.push({ doc, flags })
      continue
    }
    const header = reader.uint()
    const title = header & 1 ? readGaps(reader, reader.uint()) : []
    const text = readGaps(reader, Math.floor(header / 2))
    if (!keep || keep(doc)) postings.push({ doc, flags: (title.length ? IN_TITLE : 0) | (text.length ? IN_TEXT : 0), title, text })
  }
  return postings
}

/** Encodes postings (ascending ids), count first. */
export function encodePostings(postings: readonly Posting[], bigram: boolean): Uint8Array {
  const out = new ByteWriter(16 + postings.length * 4)
  out.uint(postings.length)
  let previous = -1
  for (const p of postings) {
    if (bigram) writePosting(out, true, previous, p.doc, p.title ?? [], p.text ?? [])
    else writePosting(out, false, previous, p.doc, p.flags & IN_TITLE ? [0] : [], p.flags & IN_TEXT ? [0] : [])
    previous = p.doc
  }
  return out.view().slice()
}

// A bucket: entries of uint code point count, code points, uint kind; kind 0: uint length and the
// postings; kind 1: the postings are in externalPath(key), uint document count.

export interface BucketEntry {
  key: TermKey
  /** Inline postings (count first), or undefined when external. */
  postings?: Uint8Array
  /** For an external term: how many documents it lists. */
  count?: number
}

export function readBucket(bytes: Uint8Array): Map<TermKey, BucketEntry> {
  const reader = new ByteReader(bytes)
  const entries = new Map<TermKey, BucketEntry>()
  while (!reader.done) {
    const n = reader.uint()
    const codes: number[] = []
    for (let i = 0; i < n; i++) codes.push(reader.uint())
    const key = termKey(codes)
    if (reader.uint() === 0) entries.set(key, { key, postings: reader.take(reader.uint()) })
    else entries.set(key, { key, count: reader.uint() })
  }
  return entries
}

export function writeBucket(entries: Iterable<BucketEntry>): Uint8Array {
  const out = new ByteWriter(1024)
  for (const entry of entries) {
    const codes = termCodes(entry.key)
    out.uint(codes.length)
    for (const c of codes) out.uint(c)
    if (entry.postings) {
      out.uint(0)
      out.uint(entry.postings.length)
      out.append(entry.postings)
    } else {
      out.uint(1)
      out.uint(entry.count ?? 0)
    }
  }
  return out.view().slice()
}

// docs.bin: uint document count, then per document uint (channel index + 1, 0 once removed) and
// int (minutes since the epoch minus the previous document's).

export interface DocumentTable {
  /** Channel index + 1 per id; 0 = removed. */
  channel: Uint16Array
  /** Minutes since the epoch per id. */
  minutes: Float64Array
}

export function readDocumentTable(bytes: Uint8Array): DocumentTable {
  const reader = new ByteReader(bytes)
  const n = reader.uint()
  const channel = new Uint16Array(n)
  const minutes = new Float64Array(n)
  let last = 0
  for (let i = 0; i < n; i++) {
    channel[i] = reader.uint()
    minutes[i] = last += reader.int()
  }
  return { channel, minutes }
}

export function writeDocumentTable(table: DocumentTable): Uint8Array {
  const out = new ByteWriter(16 + table.channel.length * 4)
  out.uint(table.channel.length)
  let last = 0
  for (let i = 0; i < table.channel.length; i++) {
    out.uint(table.channel[i])
    out.int(table.minutes[i] - last)
    last = table.minutes[i]
  }
  return out.view().slice()
}
