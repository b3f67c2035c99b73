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
  documentPath,
  type DocumentTable,
  externalPath,
  FORMAT_VERSION,
  type IndexManifest,
  IN_TEXT,
  IN_TITLE,
  isBigram,
  type Posting,
  readBucket,
  readDocumentTable,
  readPostings,
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

/** Where one word matches in one document: start positions in the title and in the text. */
interface WordMatch {
  title: number[]
  text: number[]
}
/** A one-character word's match: present, positions not indexed. */
const UNKNOWN = -1

/** The bigrams whose positions spell a word of `n` characters: offsets 0, 2, 4… and n - 2. */
export function coverOffsets(n: number): number[] {
  const offsets: number[] = []
  for (let k = 0; k + 2 <= n; k += 2) offsets.push(k)
  if (n % 2 === 1) offsets.push(n - 2)
  return offsets
}

/** Starts p in `first` with p + offset in every other list. */
function aligned(first: number[], others: { offset: number; positions: number[] }[]): number[] {
  if (others.length === 0) return first
  const sets = others.map((o) => ({ offset: o.offset, set: new Set(o.positions) }))
  return first.filter((p) => sets.every(({ offset, set }) => set.has(p + offset)))
}

/** Whether the words (with their starts in one field) follow one another: w1 at p, w2 at p + |w1|… */
function chained(lengths: number[], starts: number[][]): boolean {
  if (starts.some((s) => s.length === 0 || s[0] === UNKNOWN)) return false
  const sets = starts.map((s) => new Set(s))
  return starts[0].some((p) => {
    let at = p + lengths[0]
    for (let i = 1; i < starts.length; i++) {
      if (!sets[i].has(at)) return false
      at += lengths[i]
    }
    return true
  })
}

export class SearchIndex {
  private buckets = new Map<number, Promise<Map<TermKey, BucketEntry>>>()
  private terms = new Map<TermKey, Promise<Posting[]>>()
  private documents = new Map<number, Promise<StoredDocument>>()

  private constructor(
    readonly manifest: IndexManifest,
    private readonly table: DocumentTable,
    private readonly load: Loader,
    private readonly normalizer: Normalizer,
  ) {}

  /** Opens the index: reads index.json, then docs.bin. Throws when there is none. */
  static async open(load: Loader, normalizer: Normalizer): Promise<SearchIndex> {
    const raw = await load('index.json')
    if (!raw) throw new Error('search index: index.json not found')
    const manifest: IndexManifest = JSON.parse(new TextDecoder().decode(raw))
    if (manifest.version !== FORMAT_VERSION) throw new Error(`search index: format ${manifest.version}, this reader knows ${FORMAT_VERSION}`)
    const docs = await load('docs.bin', manifest.generation)
    if (!docs) throw new Error('search index: docs.bin not found')
    return new SearchIndex(manifest, readDocumentTable(docs), load, normalizer)
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

  /** A term's postings, removed documents left out. */
  private postings(key: TermKey): Promise<Posting[]> {
    let postings = this.terms.get(key)
    if (!postings) {
      postings = (async () => {
        const entry = (await this.bucket(bucketOf(key, this.manifest.buckets))).get(key)
        if (!entry) return []
        const bytes = entry.postings ?? (await this.file(externalPath(key)))
        return readPostings(bytes, isBigram(key), (doc) => this.table.channel[doc] !== 0)
      })()
      this.terms.set(key, postings)
    }
    return postings
  }

  /** The documents a word is in, with where it starts in each. */
  private async matchWord(word: string): Promise<Map<number, WordMatch>> {
    const codes = Array.from(word, (c) => c.codePointAt(0)!)
    const matches = new Map<number, WordMatch>()
    if (codes.length === 1) {
      for (const p of await this.postings(codes[0])) {
        matches.set(p.doc, { title: p.flags & IN_TITLE ? [UNKNOWN] : [], text: p.flags & IN_TEXT ? [UNKNOWN] : [] })
      }
      return matches
    }
    const offsets = coverOffsets(codes.length)
    const lists = await Promise.all(offsets.map((k) => this.postings(termKey([codes[k], codes[k + 1]]))))
    const byDoc = lists.map((list) => new Map(list.map((p) => [p.doc, p])))
    const shortest = lists.reduce((a, b) => (b.length < a.length ? b : a))
    for (const { doc } of shortest) {
      const postings = byDoc.map((m) => m.get(doc))
      if (postings.some((p) => !p)) continue
      const field = (name: 'title' | 'text') =>
        aligned(postings[0]![name]!, offsets.slice(1).map((offset, i) => ({ offset, positions: postings[i + 1]![name]! })))
      const match = { title: field('title'), text: field('text') }
      if (match.title.length > 0 || match.text.length > 0) matches.set(doc, match)
    }
    return matches
  }

  /** Every document matching all words of `query`, best first. */
  async search(query: string): Promise<SearchAnswer> {
    const words = queryWords(query, this.normalizer)
    if (words.length === 0) return { words, hits: [] }
    const perWord = await Promise.all(words.map((w) => this.matchWord(w)))
    const lengths = words.map((w) => Array.from(w).length)
    const hits: Hit[] = []
    const [first, ...rest] = [...perWord].sort((a, b) => a.size - b.size)
    for (const doc of first.keys()) {
      if (!rest.every((m) => m.has(doc))) continue
      const found = perWord.map((m) => m.get(doc)!)
      const allInTitle = found.every((m) => m.title.length > 0)
      const single = words.length === 1
      const tier =
        allInTitle && (single || chained(lengths, found.map((m) => m.title)))
          ? Tier.phraseInTitle
          : allInTitle
            ? Tier.allInTitle
            : single || chained(lengths, found.map((m) => m.text))
              ? Tier.phraseInText
              : Tier.scattered
      hits.push({ doc, tier, minutes: this.table.minutes[doc], channel: this.manifest.channels[this.table.channel[doc] - 1].slug })
    }
    return { words, hits: order(hits, 'relevance') }
  }

  /** The stored title, URL, date, channel and text of a document. */
  document(doc: number): Promise<StoredDocument> {
    let stored = this.documents.get(doc)
    if (!stored) {
      stored = this.file(documentPath(doc)).then((bytes) => JSON.parse(new TextDecoder().decode(bytes)))
      this.documents.set(doc, stored)
    }
    return stored
  }
}

/** The hits in the given order: by relevance (tier, then newest), or newest first. */
export function order(hits: Hit[], by: Order): Hit[] {
  const newest = (a: Hit, b: Hit) => b.minutes - a.minutes || a.doc - b.doc
  return [...hits].sort(by === 'newest' ? newest : (a, b) => a.tier - b.tier || newest(a, b))
}
