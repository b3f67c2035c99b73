// Reads the index (format.ts) the way the browser does, a file at a time, and answers a query.
// Shared by the browser script and the tests (which read the files from disk).
//
// A word of two characters or more matches where all its bigrams sit side by side: the bigrams at
// offsets 0, 2, 4… and the last one spell the whole word, so only those are fetched and their
// positions must line up. A one-character word matches that character. Several words must all
// match (AND). Ranking: the whole query as a phrase in the title, then every word in the title,
// then the phrase in the text, then the rest; newest first within each (the order a full build
// numbers documents in: their rank).
//
// After updates, the index is its main files and a delta (format.ts): docs.bin and delta/index.bin
// are fetched together, the delta's masks applied to the main table and its documents appended, and
// each term's postings are the main ones followed by the delta's (its ids are all larger).
import {
  bucketOf,
  bucketPath,
  type BucketEntry,
  decodeFilter,
  DELTA_PATH,
  type DeltaIndex,
  deltaDocumentPath,
  deltaRanks,
  documentPath,
  type DocumentTable,
  emptyTable,
  externalPath,
  FORMAT_VERSION,
  type IndexManifest,
  IN_TEXT,
  IN_TITLE,
  isBigram,
  mayBeLarge,
  type PostingList,
  positionsPath,
  readBucket,
  readDelta,
  readDocumentTable,
  readPostingList,
  type StoredDocument,
  type TermKey,
  termKey,
} from './format'
import { edgedWord, type Normalizer, queryWords } from './normalize'

/** Fetches one file of the index folder (`generation` set for all but index.json); undefined when missing. */
export type Loader = (file: string, generation?: string) => Promise<Uint8Array | undefined>

export const Tier = { phraseInTitle: 0, allInTitle: 1, phraseInText: 2, scattered: 3 } as const

export interface Hit {
  doc: number
  tier: number
  /** Minutes since the epoch. */
  minutes: number
  /** Channel slug. */
  channel: string
}

export type Order = 'relevance' | 'newest'

/** What answer() needs of the index: each document's date and channel. */
interface Documents {
  /** The main table with the delta's masks applied and its documents appended; `rank` always set. */
  table: DocumentTable & { rank: Float64Array }
  /** Channel slugs, by index (the table holds index + 1). */
  slugs: string[]
}

/**
 * The documents a query matches, best first, as ids in one typed array: a common word matches most
 * of the archive, and the browser shows ten. Every step over all of them (filtering by channel,
 * ordering by date) is a loop over numbers, and an object is made only for a hit that is asked for.
 */
export class SearchAnswer {
  constructor(
    /** The query's words, folded (what the excerpts highlight). */
    readonly words: string[],
    /** Every matching document, best first. */
    readonly docs: Int32Array,
    /** Where each tier's documents end in `docs` (Tier order). */
    private readonly tierEnds: readonly number[],
    private readonly documents: Documents,
  ) {}

  get count(): number {
    return this.docs.length
  }

  /** The matching documents of a channel (its slug; '' for all), best first or newest first. */
  select(by: Order, channel = ''): Int32Array {
    const { table, slugs } = this.documents
    let docs = this.docs
    if (channel) {
      const wanted = slugs.indexOf(channel) + 1
      if (wanted === 0) return new Int32Array(0)
      const kept = new Int32Array(docs.length)
      let n = 0
      for (let i = 0; i < docs.length; i++) if (table.channel[docs[i]] === wanted) kept[n++] = docs[i]
      docs = kept.subarray(0, n)
    }
    if (by === 'relevance') return docs
    // Ids come in rank order (newest first) after a full build: sorted by id, the ranks usually
    // need no more than a look.
    return byRank(table.rank, Int32Array.from(docs).sort())
  }

  /** Every match as an object with its tier, date and channel, best first (for tests and tools: the page needs only ids). */
  get hits(): Hit[] {
    const { table, slugs } = this.documents
    let tier = 0
    return Array.from(this.docs, (doc, rank) => {
      while (rank >= this.tierEnds[tier]) tier++
      return { doc, tier, minutes: table.minutes[doc], channel: slugs[table.channel[doc] - 1] }
    })
  }
}

/**
 * Sorts ids (ascending) by rank, newest first, in place; looks before it sorts. The rank, not the
 * id, decides: an update gives a changed article a new id after all others, and its results must
 * come where a full build would put them, ties of the same minute included.
 */
function byRank(rank: Float64Array, docs: Int32Array): Int32Array {
  for (let i = 1; i < docs.length; i++) {
    if (rank[docs[i - 1]] > rank[docs[i]]) return docs.sort((a, b) => rank[a] - rank[b])
  }
  return docs
}

/** The main table with the delta applied: its masks, its documents (each a chunk of its own) and every rank. */
function withDelta(main: DocumentTable, delta: DeltaIndex | undefined): Documents['table'] {
  const m = main.channel.length
  const k = delta?.table.channel.length ?? 0
  const table = { ...emptyTable(m + k), rank: new Float64Array(m + k) }
  table.channel.set(main.channel)
  table.minutes.set(main.minutes)
  table.starts.set(main.starts)
  if (main.rank) table.rank.set(main.rank)
  else for (let i = 0; i < m; i++) table.rank[i] = i
  if (delta) {
    for (const id of delta.masked) table.channel[id] = 0
    table.channel.set(delta.table.channel, m)
    table.minutes.set(delta.table.minutes, m)
    table.starts.fill(1, m)
    table.rank.set(deltaRanks(delta), m)
  }
  return table
}

/** `a` followed by `b`, whose ids are all larger: one list, as if the postings had been written as one. */
function appendList(a: PostingList, b: PostingList, bigram: boolean): PostingList {
  const n = a.docs.length
  const joinInts = (x: Int32Array, y: Int32Array, shift: number) => {
    const out = new Int32Array(x.length + y.length)
    out.set(x)
    for (let i = 0; i < y.length; i++) out[x.length + i] = y[i] < 0 ? y[i] : y[i] + shift
    return out
  }
  const bytes = new Uint8Array(a.bytes.length + b.bytes.length)
  bytes.set(a.bytes)
  bytes.set(b.bytes, a.bytes.length)
  const flags = new Uint8Array(n + b.flags.length)
  flags.set(a.flags)
  flags.set(b.flags, n)
  const m = bigram ? n : 0
  const own = (x: Int32Array, count: number) => x.subarray(0, count)
  return {
    bytes,
    docs: joinInts(a.docs, b.docs, 0),
    flags,
    titleAt: joinInts(own(a.titleAt, m), own(b.titleAt, bigram ? b.docs.length : 0), a.bytes.length),
    textStart: joinInts(own(a.textStart, m), own(b.textStart, bigram ? b.docs.length : 0), a.positionBytes),
    textEnd: joinInts(own(a.textEnd, m), own(b.textEnd, bigram ? b.docs.length : 0), a.positionBytes),
    last: b.last,
    positionBytes: a.positionBytes + b.positionBytes,
  }
}

const joinBytes = (a: Uint8Array, b: Uint8Array) => {
  if (b.length === 0) return a
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

/**
 * The documents one word matches, ascending (by index k into `docs`), and where it starts in each.
 */
interface WordMatches {
  docs: ArrayLike<number>
  inTitle(k: number): boolean
  /**
   * Writes where the word starts in the title (field 0) or text (1) of its k-th document into the
   * word's scratch buffer (scratch[wordBuffer(w)]) and returns how many: 0 when it is not there,
   * UNKNOWN when it is but its positions are not known (a one-character word's are not indexed; a
   * longer word matched for a query of one word keeps none). The text needs positions() first.
   */
  starts(k: number, field: 0 | 1): number
  positions(): Promise<void>
}
const UNKNOWN = -1

/** The bigrams whose positions spell a word of `n` characters: offsets 0, 2, 4… and n - 2. */
export function coverOffsets(n: number): number[] {
  const offsets: number[] = []
  for (let k = 0; k + 2 <= n; k += 2) offsets.push(k)
  if (n % 2 === 1) offsets.push(n - 2)
  return offsets
}

// Positions are decoded into a few reused buffers, grown as needed: a common word is checked in
// thousands of documents, and the browser runs this once per query, before its compiler has
// caught up, so allocating as little as possible is what keeps a query fast.
/** 0 and 1 for matching a long word, 2 for chained(), 3 on for each word of a phrase. */
const scratch = Array.from({ length: 3 + 8 }, () => new Int32Array(256)) // queryWords() gives 8 words at most
const CHAIN = 2
/** The scratch buffer of word `w` of a query, for its positions during the phrase check. */
const wordBuffer = (w: number) => 3 + w

/** Scratch buffer `buffer`, with room for `n` positions. */
function room(buffer: number, n: number): Int32Array {
  return scratch[buffer].length >= n ? scratch[buffer] : (scratch[buffer] = new Int32Array(n * 2))
}

/**
 * Whether the words follow one another in one field (w1 at p, w2 at p + |w1|…), given how many
 * starts each has there, in its scratch buffer: `starts(w)` is asked word by word, until one is not there.
 */
function chained(lengths: number[], starts: (w: number) => number): boolean {
  let n = starts(0)
  if (n <= 0) return false
  const at = room(CHAIN, n)
  const first = scratch[wordBuffer(0)]
  for (let i = 0; i < n; i++) at[i] = first[i]
  let offset = 0
  for (let w = 1; w < lengths.length && n > 0; w++) {
    const m = starts(w)
    if (m <= 0) return false
    offset += lengths[w - 1]
    n = keepShifted(at, n, scratch[wordBuffer(w)], m, offset)
  }
  return n > 0
}

/** How much of a field (0 title, 1 text) entry i of a bigram's list holds: 0 when none, else a size to compare. */
function fieldSize(list: PostingList, i: number, field: 0 | 1): number {
  if (field === 1) return list.textEnd[i] - list.textStart[i]
  const at = list.titleAt[i]
  return at < 0 ? 0 : list.bytes[at] & 0x7f || 1 // the count's low bits: enough to pick the rarer
}

/**
 * Decodes entry i's positions in a field (0 title, 1 text) of a bigram's list into scratch[buffer];
 * returns how many.
 */
function decodeField(list: PostingList, i: number, field: 0 | 1, buffer: number): number {
  let bytes: Uint8Array
  let at: number
  let end: number
  let count = Infinity
  if (field === 0) {
    if (list.titleAt[i] < 0) return 0
    bytes = list.bytes
    at = list.titleAt[i]
    count = 0
    let scale = 1
    for (let b = 0x80; b >= 0x80; scale *= 0x80) count += ((b = bytes[at++]) & 0x7f) * scale
    end = bytes.length
  } else {
    if (!(list.flags[i] & IN_TEXT)) return 0
    bytes = list.positions!
    at = list.textStart[i]
    end = list.textEnd[i]
  }
  // A position takes a byte at least: that many fit.
  const most = Math.min(count, end - at)
  let into = scratch[buffer]
  if (into.length < most) into = scratch[buffer] = new Int32Array(most * 2)
  let n = 0
  let last = -1
  while (at < end && n < count) {
    let value = 0
    let scale = 1
    let b: number
    do {
      b = bytes[at++]
      value += (b & 0x7f) * scale
      scale *= 0x80
    } while (b >= 0x80)
    into[n++] = last += value
  }
  return n
}

/** Keeps, in place, the first n of `first` (ascending) whose p + offset is in the first m of `other`; returns how many. */
function keepShifted(first: Int32Array, n: number, other: ArrayLike<number>, m: number, offset: number): number {
  let kept = 0
  let j = 0
  for (let i = 0; i < n; i++) {
    const want = first[i] + offset
    while (j < m && other[j] < want) j++
    if (j === m) break
    if (other[j] === want) first[kept++] = first[i]
  }
  return kept
}

/**
 * The first index from `from` on whose id is `doc` or more (ids ascending). Galloping: a merge led
 * by a short list skips through a long one in a few steps a document, not one step an id.
 */
function seek(ids: ArrayLike<number>, from: number, doc: number): number {
  let low = from
  let high = from
  for (let step = 1; high < ids.length && ids[high] < doc; step *= 2) {
    low = high + 1
    high += step
  }
  if (high > ids.length) high = ids.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (ids[middle] < doc) low = middle + 1
    else high = middle
  }
  return low
}

/**
 * What keeping one term's entry costs besides its arrays (map entry, promise, closure, the list
 * object and its typed-array headers), in bytes: measured on Node 20 (about 1.1 KB), rounded up.
 */
const TERM_COST = 1536
/** Keeping a file's fetch (map entry and promise), whatever the file holds, in bytes. */
const FILE_COST = 256

export class SearchIndex {
  /**
   * Bytes this reader keeps besides the files it read (the loader counts those): decoded postings,
   * and the records of every term and file it looked up. A server reading queries from anyone
   * opens a fresh reader once this and the files pass its bound (scripts/server/search-answer.ts).
   */
  keptBytes = 0
  private buckets = new Map<number, Promise<Map<TermKey, BucketEntry>>>()
  private terms = new Map<TermKey, Promise<PostingList>>()
  /** The positions parts of large bigrams, fetched once (and, for a word of three characters or more, as soon as its bucket is in). */
  private positionFiles = new Map<TermKey, Promise<Uint8Array>>()
  /** The documents parts of large terms, fetched once (undefined when there is no such file). */
  private externalFiles = new Map<TermKey, Promise<Uint8Array | undefined>>()
  private chunks = new Map<number, Promise<(StoredDocument | null)[]>>()
  /** index.json's large-term filter: which terms have files of their own, give or take 1%. */
  private readonly large?: Uint8Array
  private table!: Documents['table']
  /** The first id of each document's chunk of stored documents. */
  private chunkOf!: Int32Array
  /** The delta's terms (empty when there is none). */
  private deltaTerms = new Map<TermKey, BucketEntry>()
  /** Main chunks the delta rewrote (a document taken down): fetched with the index's generation. */
  private rewritten = new Set<number>()
  /** A large bigram's positions in the delta, appended to its fetched positions part. */
  private deltaPositions = new Map<TermKey, Uint8Array>()
  /** docs.bin and the delta, fetched while the query's buckets are: one round trip fewer before the first result. */
  private readonly ready: Promise<void>

  private constructor(
    readonly manifest: IndexManifest,
    private readonly load: Loader,
    private readonly normalizer: Normalizer,
  ) {
    if (manifest.large) this.large = decodeFilter(manifest.large)
    const delta = manifest.delta ? this.file(DELTA_PATH, manifest.generation).then(readDelta) : undefined
    this.ready = Promise.all([this.file('docs.bin'), delta]).then(([bytes, delta]) => {
      const table = withDelta(readDocumentTable(bytes), delta)
      this.chunkOf = new Int32Array(table.starts.length)
      let first = 0
      for (let i = 0; i < table.starts.length; i++) this.chunkOf[i] = first = table.starts[i] ? i : first
      if (delta) {
        this.deltaTerms = delta.terms
        this.rewritten = new Set(delta.chunks)
        this.keptBytes += delta.terms.size * 64
      }
      this.table = table
    })
    this.ready.catch(() => {}) // reported by the search or document call that waits for it
  }

  /** Opens the index: reads index.json (docs.bin follows in the background). Throws when there is none. */
  static async open(load: Loader, normalizer: Normalizer): Promise<SearchIndex> {
    const raw = await load('index.json')
    if (!raw) throw new Error('search index: index.json not found')
    const manifest: IndexManifest = JSON.parse(new TextDecoder().decode(raw))
    if (manifest.version !== FORMAT_VERSION) throw new Error(`search index: format ${manifest.version}, this reader knows ${FORMAT_VERSION}`)
    return new SearchIndex(manifest, load, normalizer)
  }

  /** A file of the index: a main file unless `generation` says otherwise. */
  private async file(name: string, generation = this.manifest.files): Promise<Uint8Array> {
    const bytes = await this.load(name, generation)
    if (!bytes) throw new Error(`search index: ${name} not found`)
    return bytes
  }

  private bucket(n: number) {
    let bucket = this.buckets.get(n)
    if (!bucket) this.buckets.set(n, (bucket = this.file(bucketPath(n)).then(readBucket)))
    return bucket
  }

  /** A term's entry in its bucket; undefined when the term is in no document. */
  private async entry(key: TermKey): Promise<BucketEntry | undefined> {
    return (await this.bucket(bucketOf(key, this.manifest.buckets))).get(key)
  }

  /** Whether the term may have files of their own (index.json says so, give or take 1%). */
  private mayBeLarge(key: TermKey): boolean {
    return this.large !== undefined && mayBeLarge(this.large, key)
  }

  /** Starts fetching a large term's documents part, once; undefined when it has none. */
  private externalFile(key: TermKey): Promise<Uint8Array | undefined> {
    let file = this.externalFiles.get(key)
    if (!file) {
      this.externalFiles.set(key, (file = this.load(externalPath(key), this.manifest.files)))
      this.keptBytes += FILE_COST
    }
    return file
  }

  /** A term's postings, removed documents left out. */
  private postings(key: TermKey): Promise<PostingList> {
    let postings = this.terms.get(key)
    if (!postings) {
      postings = (async () => {
        // A term the filter names is fetched at once, without its bucket: one round trip fewer. Its
        // file has no count: every entry takes two bytes at least, so there are at most half as many.
        const large = this.mayBeLarge(key) ? await this.externalFile(key) : undefined
        const entry = large ? undefined : await this.entry(key)
        let bytes = large ?? entry?.postings?.docs ?? new Uint8Array(0)
        if (entry && !entry.postings) {
          const file = await this.externalFile(key)
          if (!file) throw new Error(`search index: ${externalPath(key)} not found`)
          bytes = file
        }
        await this.ready
        const count = large ? large.length >> 1 : (entry?.count ?? 0)
        const bigram = isBigram(key)
        let list = readPostingList(bytes, bigram, count, this.table.channel)
        const more = this.deltaTerms.get(key)
        if (more) {
          list = appendList(list, readPostingList(more.postings!.docs, bigram, more.count, this.table.channel), bigram)
          // A large term's positions part is fetched when needed: the delta's are appended then.
          if (large || (entry && !entry.postings)) this.deltaPositions.set(key, more.postings!.positions)
          else list.positions = joinBytes(entry?.postings?.positions ?? new Uint8Array(0), more.postings!.positions)
        } else if (entry?.postings) list.positions = entry.postings.positions
        if (list.docs.length === 0) {
          // A term in no document (most of a hostile query's) is not kept: its bucket answers again.
          if (this.terms.get(key) === postings) this.terms.delete(key)
          this.keptBytes -= TERM_COST
        } else this.keptBytes += list.docs.byteLength + list.flags.byteLength + list.titleAt.byteLength + list.textStart.byteLength + list.textEnd.byteLength
        return list
      })()
      this.terms.set(key, postings)
      this.keptBytes += TERM_COST
    }
    return postings
  }

  /** Starts fetching a large bigram's positions part, once. */
  private positionFile(key: TermKey): Promise<Uint8Array> {
    let file = this.positionFiles.get(key)
    if (!file) {
      this.positionFiles.set(key, (file = this.file(positionsPath(key))))
      this.keptBytes += FILE_COST
    }
    return file
  }

  /** Fetches a large bigram's positions part, once. */
  private async loadPositions(key: TermKey, list: PostingList): Promise<void> {
    list.positions ??= joinBytes(await this.positionFile(key), this.deltaPositions.get(key) ?? new Uint8Array(0))
  }

  /**
   * The documents a word is in, with where it starts in each; `w` is its place in the query, and
   * `phrase` says whether the query has other words (the phrase check then needs its starts).
   */
  private async matchWord(word: string, phrase: boolean, w: number): Promise<WordMatches> {
    const codes = Array.from(word, (c) => c.codePointAt(0)!)
    const buffer = wordBuffer(w)
    if (codes.length <= 2) {
      const key = codes.length === 1 ? codes[0] : termKey(codes)
      const list = await this.postings(key)
      const inTitle = (k: number) => (list.flags[k] & IN_TITLE) !== 0
      if (codes.length === 1) {
        const starts = (k: number, field: 0 | 1) => (list.flags[k] & (field === 0 ? IN_TITLE : IN_TEXT) ? UNKNOWN : 0)
        return { docs: list.docs, inTitle, starts, positions: async () => {} }
      }
      return {
        docs: list.docs,
        inTitle,
        starts: (k, field) => decodeField(list, k, field, buffer),
        positions: () => (list.docs.length > 0 ? this.loadPositions(key, list) : Promise.resolve()),
      }
    }
    // Longer words: the documents in every cover bigram's postings (a merge over ascending ids),
    // where the bigrams' positions line up.
    const offsets = coverOffsets(codes.length)
    const keys = offsets.map((k) => termKey([codes[k], codes[k + 1]]))
    const listed = Promise.all(keys.map((key) => this.postings(key)))
    // Once every bigram is known to be somewhere (a large term's file, or its bucket), the positions
    // will be needed: fetch the large bigrams' positions alongside their documents rather than after
    // them (one round trip fewer).
    const where = await Promise.all(
      keys.map(async (key) => {
        if (this.mayBeLarge(key) && (await this.externalFile(key))) return 'large'
        const entry = await this.entry(key)
        if (entry === undefined || entry.count === 0) return (await this.ready.then(() => this.deltaTerms.has(key))) ? 'inline' : 'nowhere'
        return entry.postings ? 'inline' : 'large'
      }),
    )
    if (where.every((w) => w !== 'nowhere')) where.forEach((w, l) => w === 'large' && this.positionFile(keys[l]).catch(() => {}))
    const lists = await listed
    const none: WordMatches = { docs: [], inTitle: () => false, starts: () => 0, positions: async () => {} }
    // Positions are fetched only when every bigram is somewhere: otherwise the word is nowhere.
    if (lists.some((list) => list.docs.length === 0)) return none
    await Promise.all(keys.map((key, l) => this.loadPositions(key, lists[l])))
    const entries = new Int32Array(lists.length)
    // Led by the bigram in the fewest documents: in real text one bigram of a word is often far
    // rarer than another (作队 and 工作).
    let led = 0
    for (let l = 1; l < lists.length; l++) if (lists[l].docs.length < lists[led].docs.length) led = l
    const lead = lists[led]
    // Where the word starts in one field of the current document, into scratch[0]: the positions of
    // the bigram rarest there, kept where every other bigram sits at its offset from it.
    const find = (field: 0 | 1): number => {
      let first = 0
      let fewest = Infinity
      for (let l = 0; l < lists.length; l++) {
        const size = fieldSize(lists[l], entries[l], field)
        if (size === 0) return 0
        if (size < fewest) {
          first = l
          fewest = size
        }
      }
      let n = decodeField(lists[first], entries[first], field, 0)
      for (let l = 0; l < lists.length && n > 0; l++) {
        if (l === first) continue
        const m = decodeField(lists[l], entries[l], field, 1)
        n = keepShifted(scratch[0], n, scratch[1], m, offsets[l] - offsets[first])
      }
      const shift = offsets[first]
      if (shift > 0) for (let i = 0; i < n; i++) scratch[0][i] -= shift
      return n
    }
    // The matches: ids, and (for a phrase) every match's starts in one growing array, title then
    // text, with where each begins: nothing is allocated per document.
    const docs: number[] = []
    const titled: boolean[] = []
    const bounds: number[] = [0]
    let kept = new Int32Array(phrase ? 1024 : 0)
    let used = 0
    const keep = (n: number) => {
      if (used + n > kept.length) {
        const grown = new Int32Array(Math.max(kept.length * 2, used + n))
        grown.set(kept.subarray(0, used))
        kept = grown
      }
      const found = scratch[0]
      for (let i = 0; i < n; i++) kept[used++] = found[i]
      bounds.push(used)
    }
    next: for (let i = 0; i < lead.docs.length; i++) {
      const doc = lead.docs[i]
      entries[led] = i
      for (let l = 0; l < lists.length; l++) {
        if (l === led) continue
        const ids = lists[l].docs
        const c = (entries[l] = seek(ids, entries[l], doc))
        if (c === ids.length) break next // no later document has every bigram
        if (ids[c] !== doc) continue next
      }
      const inTitle = find(0)
      if (!phrase) {
        // A word alone needs only to know whether it is in the title; the text is looked at when it is not.
        if (inTitle > 0 || find(1) > 0) {
          docs.push(doc)
          titled.push(inTitle > 0)
        }
        continue
      }
      if (inTitle > 0) keep(inTitle)
      const inText = find(1)
      if (inTitle === 0 && inText === 0) continue
      if (inTitle === 0) bounds.push(used)
      keep(inText)
      docs.push(doc)
      titled.push(inTitle > 0)
    }
    const starts = (k: number, field: 0 | 1): number => {
      if (!phrase) return field === 0 && !titled[k] ? 0 : UNKNOWN
      const from = bounds[2 * k + field]
      const n = bounds[2 * k + field + 1] - from
      const into = room(buffer, n)
      for (let i = 0; i < n; i++) into[i] = kept[from + i]
      return n
    }
    return { docs, inTitle: (k) => titled[k], starts, positions: async () => {} }
  }

  /**
   * When the filter says every term of the query has files of its own, the positions the query
   * will need are fetched together with the documents parts (a word of one or two characters alone
   * needs none). Otherwise some term may be in no document, and matchWord waits for the buckets.
   */
  private prefetchPositions(words: string[]) {
    const keys = words.map((word) => {
      const codes = Array.from(word, (c) => c.codePointAt(0)!)
      return codes.length === 1 ? [codes[0]] : coverOffsets(codes.length).map((k) => termKey([codes[k], codes[k + 1]]))
    })
    if (!keys.every((word) => word.every((key) => this.mayBeLarge(key)))) return
    for (const word of keys) {
      if (!isBigram(word[0]) || (words.length === 1 && word.length === 1)) continue
      for (const key of word) this.positionFile(key).catch(() => {})
    }
  }

  /** Every document matching all words of `query`, best first. */
  async search(query: string): Promise<SearchAnswer> {
    const plain = queryWords(query, this.normalizer)
    // Looked up as the index holds them (Latin runs whole); the answer keeps the words as typed, for excerpts.
    const words = plain.map(edgedWord)
    const documents = () => ({ table: this.table, slugs: this.manifest.channels.map((c) => c.slug) })
    if (words.length === 0) return new SearchAnswer(plain, new Int32Array(0), [0, 0, 0, 0], { table: { ...emptyTable(0), rank: new Float64Array(0) }, slugs: [] })
    this.prefetchPositions(words)
    // docs.bin (this.ready) is awaited by each term's postings, not before asking for the buckets.
    const perWord = await Promise.all(words.map((w, i) => this.matchWord(w, words.length > 1, i)))
    await this.ready
    const lengths = words.map((w) => Array.from(w).length)
    const single = words.length === 1
    // Several words: the phrase check needs every word's positions (when they all match somewhere).
    if (!single && perWord.every((m) => m.docs.length > 0)) await Promise.all(perWord.map((m) => m.positions()))
    // The documents every word matches: a merge over the words' ascending ids, led by the rarest,
    // each put in its tier as it is found (ids ascending: in rank order after a full build).
    const lead = perWord.reduce((a, b) => (b.docs.length < a.docs.length ? b : a))
    const tiers = [0, 1, 2, 3].map(() => new Int32Array(lead.docs.length))
    const sizes = [0, 0, 0, 0]
    const at = new Int32Array(perWord.length)
    const inTitle = (w: number) => perWord[w].starts(at[w], 0)
    const inText = (w: number) => perWord[w].starts(at[w], 1)
    next: for (let d = 0; d < lead.docs.length; d++) {
      const doc = lead.docs[d]
      for (let w = 0; w < perWord.length; w++) {
        const ids = perWord[w].docs
        const c = (at[w] = seek(ids, at[w], doc))
        if (c === ids.length) break next
        if (ids[c] !== doc) continue next
      }
      let allInTitle = true
      for (let w = 0; w < perWord.length && allInTitle; w++) allInTitle = perWord[w].inTitle(at[w])
      const tier = single
        ? allInTitle
          ? Tier.phraseInTitle
          : Tier.phraseInText
        : allInTitle
          ? chained(lengths, inTitle)
            ? Tier.phraseInTitle
            : Tier.allInTitle
          : chained(lengths, inText)
            ? Tier.phraseInText
            : Tier.scattered
      tiers[tier][sizes[tier]++] = doc
    }
    const docs = new Int32Array(sizes[0] + sizes[1] + sizes[2] + sizes[3])
    const ends: number[] = []
    let end = 0
    for (let t = 0; t < tiers.length; t++) {
      docs.set(byRank(this.table.rank, tiers[t].subarray(0, sizes[t])), end)
      ends.push((end += sizes[t]))
    }
    return new SearchAnswer(plain, docs, ends, documents())
  }

  /** The stored title, URL, date, channel and text of a document. */
  async document(doc: number): Promise<StoredDocument> {
    await this.ready
    const first = this.chunkOf[doc]
    let chunk = this.chunks.get(first)
    if (!chunk) {
      const inDelta = first >= this.manifest.docs
      const file = inDelta ? deltaDocumentPath(first) : documentPath(first)
      const generation = inDelta || this.rewritten.has(first) ? this.manifest.generation : this.manifest.files
      // Parsed, a chunk's strings and objects take about twice its bytes again.
      chunk = this.file(file, generation).then((bytes) => ((this.keptBytes += 2 * bytes.length), JSON.parse(new TextDecoder().decode(bytes))))
      this.chunks.set(first, chunk)
    }
    const stored = (await chunk)[doc - first]
    if (!stored) throw new Error(`search index: document ${doc} was removed`)
    return stored
  }
}
