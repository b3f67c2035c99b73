// Reads the index (format.ts) the way the browser does, a file at a time, and answers a query.
// Shared by the browser script and the tests (which read the files from disk).
//
// A word of two characters or more matches where all its bigrams sit side by side: the bigrams at
// offsets 0, 2, 4… and the last one spell the whole word, so only those are fetched and their
// positions must line up. A one-character word matches that character. Several words must all
// match (AND). Ranking: the whole query as a phrase in the title, then every word in the title,
// then the phrase in the text, then the rest; newest first within each.
import {
  bucketOf,
  bucketPath,
  type BucketEntry,
  decodeFilter,
  documentPath,
  type DocumentTable,
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
  readDocumentTable,
  readPostingList,
  type StoredDocument,
  type TermKey,
  termKey,
} from './format'
import { type Normalizer, queryWords } from './normalize'

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

export interface SearchAnswer {
  /** The query's words, folded (what the excerpts highlight). */
  words: string[]
  /** Every matching document, best first. */
  hits: Hit[]
}

export type Order = 'relevance' | 'newest'

/**
 * The documents one word matches, ascending, and where it starts in each (by index into `docs`):
 * a one-character word's positions are not indexed ([UNKNOWN] says it is there); a two-character
 * word's are decoded only when a phrase needs them.
 */
interface WordMatches {
  docs: ArrayLike<number>
  inTitle(k: number): boolean
  /** Valid until the next call of title() or text() on the same word. */
  title(k: number): ArrayLike<number>
  /** Needs positions(): a phrase needs them, a word alone does not. Valid until the next call. */
  text(k: number): ArrayLike<number>
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

/** Reusable position buffers, grown as needed: 0 and 1 for matching a long word, 2 for chained(), 3 on for each word of a phrase. */
const scratch = Array.from({ length: 3 + 8 }, () => new Int32Array(256)) // queryWords() gives 8 words at most
const CHAIN = 2
/** The scratch buffer of word `w` of a query, for its positions during the phrase check. */
const wordBuffer = (w: number) => 3 + w

/** Scratch buffer `buffer`, with room for `n` positions. */
function room(buffer: number, n: number): Int32Array {
  return scratch[buffer].length >= n ? scratch[buffer] : (scratch[buffer] = new Int32Array(n * 2))
}

/** The first n positions of scratch buffer `buffer` (a view). */
const decoded = (buffer: number, n: number) => room(buffer, n).subarray(0, n)

/** Whether the words (their starts in one field) follow one another: w1 at p, w2 at p + |w1|… */
function chained(lengths: number[], starts: ArrayLike<number>[]): boolean {
  for (const s of starts) if (s.length === 0 || s[0] === UNKNOWN) return false
  const first = starts[0]
  const at = room(CHAIN, first.length)
  let n = first.length
  for (let i = 0; i < n; i++) at[i] = first[i]
  let offset = 0
  for (let i = 1; i < starts.length && n > 0; i++) {
    offset += lengths[i - 1]
    n = keepShifted(at, n, starts[i], starts[i].length, offset)
  }
  return n > 0
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

export class SearchIndex {
  private buckets = new Map<number, Promise<Map<TermKey, BucketEntry>>>()
  private terms = new Map<TermKey, Promise<PostingList>>()
  /** The positions parts of large bigrams, fetched once (and, for a word of three characters or more, as soon as its bucket is in). */
  private positionFiles = new Map<TermKey, Promise<Uint8Array>>()
  /** The documents parts of large terms, fetched once (undefined when there is no such file). */
  private externalFiles = new Map<TermKey, Promise<Uint8Array | undefined>>()
  private chunks = new Map<number, Promise<(StoredDocument | null)[]>>()
  /** index.json's large-term filter: which terms have files of their own, give or take 1%. */
  private readonly large?: Uint8Array
  private table!: DocumentTable
  /** The first id of each document's chunk of stored documents. */
  private chunkOf!: Int32Array
  /** docs.bin, fetched while the query's buckets are: one round trip fewer before the first result. */
  private readonly ready: Promise<void>

  private constructor(
    readonly manifest: IndexManifest,
    private readonly load: Loader,
    private readonly normalizer: Normalizer,
  ) {
    if (manifest.large) this.large = decodeFilter(manifest.large)
    this.ready = this.file('docs.bin').then((bytes) => {
      const table = readDocumentTable(bytes)
      this.chunkOf = new Int32Array(table.starts.length)
      let first = 0
      for (let i = 0; i < table.starts.length; i++) this.chunkOf[i] = first = table.starts[i] ? i : first
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

  private async file(name: string): Promise<Uint8Array> {
    const bytes = await this.load(name, this.manifest.generation)
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
    if (!file) this.externalFiles.set(key, (file = this.load(externalPath(key), this.manifest.generation)))
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
        const list = readPostingList(bytes, isBigram(key), count, (doc) => this.table.channel[doc] !== 0)
        if (entry?.postings) list.positions = entry.postings.positions
        return list
      })()
      this.terms.set(key, postings)
    }
    return postings
  }

  /** Starts fetching a large bigram's positions part, once. */
  private positionFile(key: TermKey): Promise<Uint8Array> {
    let file = this.positionFiles.get(key)
    if (!file) this.positionFiles.set(key, (file = this.file(positionsPath(key))))
    return file
  }

  /** Fetches a large bigram's positions part, once. */
  private async loadPositions(key: TermKey, list: PostingList): Promise<void> {
    list.positions ??= await this.positionFile(key)
  }

  /** The documents a word is in, with where it starts in each; `w` is its place in the query. */
  private async matchWord(word: string, phrase: boolean, w: number): Promise<WordMatches> {
    const codes = Array.from(word, (c) => c.codePointAt(0)!)
    if (codes.length <= 2) {
      const key = codes.length === 1 ? codes[0] : termKey(codes)
      const list = await this.postings(key)
      const inTitle = (k: number) => (list.flags[k] & IN_TITLE) !== 0
      if (codes.length === 1) {
        const here = [UNKNOWN]
        const text = (k: number) => (list.flags[k] & IN_TEXT ? here : [])
        return { docs: list.docs, inTitle, title: (k) => (inTitle(k) ? here : []), text, positions: async () => {} }
      }
      // Decoded into the word's own buffer: a phrase checks thousands of documents, allocating nothing.
      const buffer = wordBuffer(w)
      return {
        docs: list.docs,
        inTitle,
        title: (k) => decoded(buffer, decodeField(list, k, 0, buffer)),
        text: (k) => decoded(buffer, decodeField(list, k, 1, buffer)),
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
        return entry === undefined || entry.count === 0 ? 'nowhere' : entry.postings ? 'inline' : 'large'
      }),
    )
    if (where.every((w) => w !== 'nowhere')) where.forEach((w, l) => w === 'large' && this.positionFile(keys[l]).catch(() => {}))
    const lists = await listed
    // Positions are fetched only when every bigram is somewhere: otherwise the word is nowhere.
    if (lists.some((list) => list.docs.length === 0)) return { docs: [], inTitle: () => false, title: () => [], text: () => [], positions: async () => {} }
    await Promise.all(keys.map((key, l) => this.loadPositions(key, lists[l])))
    const cursor = lists.map(() => 0)
    const [lead] = lists
    const docs: number[] = []
    const titles: ArrayLike<number>[] = []
    const texts: ArrayLike<number>[] = []
    const entries = new Int32Array(lists.length)
    const none: number[] = []
    const here = [UNKNOWN]
    // Where the word starts in one field of the current document: the first bigram's positions,
    // kept where every other bigram sits at its offset. Decoded into reused arrays: a common word
    // is checked in thousands of documents, and nothing is allocated unless it matches.
    const starts = (field: 0 | 1): ArrayLike<number> => {
      let n = decodeField(lists[0], entries[0], field, 0)
      for (let l = 1; l < lists.length && n > 0; l++) {
        const m = decodeField(lists[l], entries[l], field, 1)
        n = keepShifted(scratch[0], n, scratch[1], m, offsets[l])
      }
      // A word alone only needs to know whether it is there.
      return n === 0 ? none : phrase ? scratch[0].slice(0, n) : here
    }
    next: for (let i = 0; i < lead.docs.length; i++) {
      const doc = lead.docs[i]
      entries[0] = i
      for (let l = 1; l < lists.length; l++) {
        const ids = lists[l].docs
        while (cursor[l] < ids.length && ids[cursor[l]] < doc) cursor[l]++
        if (ids[cursor[l]] !== doc) continue next
        entries[l] = cursor[l]
      }
      const title = starts(0)
      const text = starts(1)
      if (title.length === 0 && text.length === 0) continue
      docs.push(doc)
      titles.push(title)
      texts.push(text)
    }
    return { docs, inTitle: (k) => titles[k].length > 0, title: (k) => titles[k], text: (k) => texts[k], positions: async () => {} }
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
    const words = queryWords(query, this.normalizer)
    if (words.length === 0) return { words, hits: [] }
    this.prefetchPositions(words)
    // docs.bin (this.ready) is awaited by each term's postings, not before asking for the buckets.
    const perWord = await Promise.all(words.map((w, i) => this.matchWord(w, words.length > 1, i)))
    await this.ready
    const lengths = words.map((w) => Array.from(w).length)
    const single = words.length === 1
    // Several words: the phrase check needs every word's positions (when they all match somewhere).
    if (!single && perWord.every((m) => m.docs.length > 0)) await Promise.all(perWord.map((m) => m.positions()))
    const hits: Hit[] = []
    // The documents every word matches: a merge over the words' ascending ids, led by the rarest.
    const lead = perWord.reduce((a, b) => (b.docs.length < a.docs.length ? b : a))
    const cursor = perWord.map(() => 0)
    const at = perWord.map(() => 0)
    // Each word's starts in one field of the current document, for chained(): one array, reused.
    const starts: ArrayLike<number>[] = perWord.map(() => [])
    const fields = (field: 0 | 1) => {
      for (let w = 0; w < perWord.length; w++) starts[w] = field === 0 ? perWord[w].title(at[w]) : perWord[w].text(at[w])
      return starts
    }
    const { minutes, channel } = this.table
    const slugs = this.manifest.channels.map((c) => c.slug)
    next: for (let d = 0; d < lead.docs.length; d++) {
      const doc = lead.docs[d]
      for (let w = 0; w < perWord.length; w++) {
        const ids = perWord[w].docs
        while (cursor[w] < ids.length && ids[cursor[w]] < doc) cursor[w]++
        if (ids[cursor[w]] !== doc) continue next
        at[w] = cursor[w]
      }
      let allInTitle = true
      for (let w = 0; w < perWord.length && allInTitle; w++) allInTitle = perWord[w].inTitle(at[w])
      const tier = single
        ? allInTitle
          ? Tier.phraseInTitle
          : Tier.phraseInText
        : allInTitle
          ? chained(lengths, fields(0))
            ? Tier.phraseInTitle
            : Tier.allInTitle
          : chained(lengths, fields(1))
            ? Tier.phraseInText
            : Tier.scattered
      hits.push({ doc, tier, minutes: minutes[doc], channel: slugs[channel[doc] - 1] })
    }
    return { words, hits: order(hits, 'relevance') }
  }

  /** The stored title, URL, date, channel and text of a document. */
  async document(doc: number): Promise<StoredDocument> {
    await this.ready
    const first = this.chunkOf[doc]
    let chunk = this.chunks.get(first)
    if (!chunk) {
      chunk = this.file(documentPath(first)).then((bytes) => JSON.parse(new TextDecoder().decode(bytes)))
      this.chunks.set(first, chunk)
    }
    const stored = (await chunk)[doc - first]
    if (!stored) throw new Error(`search index: document ${doc} was removed`)
    return stored
  }
}

const newest = (a: Hit, b: Hit) => b.minutes - a.minutes || a.doc - b.doc

/** The hits in the given order: by relevance (tier, then newest), or newest first. */
export function order(hits: Hit[], by: Order): Hit[] {
  if (by === 'newest') return [...hits].sort(newest)
  // Tier by tier: each tier's hits come in id order, which a full build makes newest first, so
  // each sort finds them (nearly) sorted already: about one comparison a hit instead of log n.
  const tiers: Hit[][] = [[], [], [], []]
  for (const hit of hits) tiers[hit.tier].push(hit)
  return tiers.flatMap((tier) => tier.sort(newest))
}
