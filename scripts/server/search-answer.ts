// npm start answering /search/?q=… itself (scripts/server/serve.ts), from the index files of the release
// it serves, so a reader without JavaScript gets results: the one module that calls the index
// reader (lib/search/query.ts), so a change of its API is met here alone.
//
// - One SearchIndex per index generation (index.json's `generation`, which every build that
//   touches the index changes): index.json is looked at (one stat) on every request, so a build
//   published while the server runs is answered from at once, never from the index before. The
//   reader keeps every file it has read and what it decoded from them (SearchIndex.keptBytes);
//   once those pass `indexBytes`, the next request opens a fresh one, so memory stays bounded
//   however many different queries come.
// - Answers (every hit of a query, before the channel and the order) are kept in an LRU under
//   (generation, query), bounded in bytes (`cacheBytes`, keys included), so the pages and channels
//   of one query cost one search.
// - At most `maxInFlight` searches run at once and `maxQueued` wait; past that, or past `timeoutMs`,
//   or when there is no index, the caller gets undefined and sends the page as it did before
//   (filled with the query only): the page's script then searches in the browser.
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { LRUCache } from 'lru-cache'
import pLimit from 'p-limit'
import { INDEX_DIR } from '../../lib/search/build'
import { createNormalizer, type Normalizer } from '../../lib/search/normalize'
import { type Loader, SearchIndex, type SearchAnswer } from '../../lib/search/query'
import { channelName, knownChannel, PAGE_SIZE, type ResultsArgs, resultView, type ResultView, statusText } from '../../lib/search/results'
import { t2sTable } from '../../lib/search/t2s'

/** A query, channel and order as the address asks, and the page of results (1 the first). */
export interface ResultsRequest extends ResultsArgs {
  page: number
}

/** One page of results, as the server draws it into /search/. */
export interface SearchResults {
  /** the index generation that answered */
  generation: string
  args: ResultsArgs
  /** the sentence above the list (lib/search/results.ts, as the script says it) */
  status: string
  items: ResultView[]
  /** the rank of items[0], from 0 */
  from: number
  /** the page shown (the one asked for, within 1…pages) */
  page: number
  pages: number
}

export interface SearchAnswerOptions {
  /** searches run at once (default 2: the machine has other readers to serve) */
  maxInFlight?: number
  /** searches waiting for one of those (default 8); more are not answered by the server */
  maxQueued?: number
  /** a search not done within this many ms is not waited for (default 2,000) */
  timeoutMs?: number
  /** bytes of answers kept in the LRU, over all queries, their keys included (default 4 MB) */
  cacheBytes?: number
  /** bytes of index files one SearchIndex may have read, and decoded from them, before a fresh one is opened (default 64 MB) */
  indexBytes?: number
}

const DEFAULTS: Required<SearchAnswerOptions> = { maxInFlight: 2, maxQueued: 8, timeoutMs: 2_000, cacheBytes: 4 * 2 ** 20, indexBytes: 64 * 2 ** 20 }

/** The SearchIndex of one generation, and where its files are read from. */
interface OpenIndex {
  generation: string
  index: SearchIndex
  /** the newest release seen with this generation: its files are those of every such release */
  root: string
  /** bytes read through it so far */
  bytes: number
}

const NO_FOLLOW = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0)
const gunzip = promisify(zlib.gunzip)

/** A plain file's bytes (never through a symbolic link); undefined when it is not there. */
async function readPlain(file: string): Promise<Buffer | undefined> {
  let handle: fs.promises.FileHandle
  try {
    handle = await fs.promises.open(file, NO_FOLLOW)
  } catch {
    return undefined
  }
  try {
    return (await handle.stat()).isFile() ? await handle.readFile() : undefined
  } finally {
    await handle.close()
  }
}

/** One file of the index in `root`, as the browser gets it: `<file>.gz` inflated, or `<file>`. */
async function readIndexFile(root: string, file: string): Promise<Uint8Array | undefined> {
  const plain = path.join(root, INDEX_DIR, file)
  const zipped = await readPlain(`${plain}.gz`)
  if (zipped !== undefined) return new Uint8Array(await gunzip(zipped))
  const bytes = await readPlain(plain)
  return bytes && new Uint8Array(bytes)
}

let normalizer: Normalizer | undefined

/**
 * What one kept answer costs, in bytes: its ids, its key and words (UTF-16), and about 600 bytes
 * of objects around them (the answer, its arrays' headers, the LRU's own records).
 */
const answerBytes = (answer: SearchAnswer, key: string) =>
  answer.docs.byteLength + 2 * key.length + answer.words.reduce((sum, word) => sum + 2 * word.length + 64, 0) + 640

/** Answers search requests from the index of the release being served; see the top of this file. */
export class SearchAnswers {
  readonly options: Required<SearchAnswerOptions>
  readonly #limit: pLimit.Limit
  readonly #answers: LRUCache<string, SearchAnswer>
  #current: { key: string; open: OpenIndex } | undefined
  #opening: { key: string; open: Promise<OpenIndex | undefined> } | undefined

  constructor(options: SearchAnswerOptions = {}) {
    this.options = { ...DEFAULTS, ...options }
    this.#limit = pLimit(this.options.maxInFlight)
    this.#answers = new LRUCache({ maxSize: this.options.cacheBytes, sizeCalculation: answerBytes })
  }

  /**
   * Page `request.page` of the answer to `request` from the index in `root`; `offered` names the
   * channels of the page's own menu (slug → name). Undefined when there is no index, the server is
   * too busy or the search too slow, the index cannot be read, or `gone()` says the client left
   * while the search waited: the page is then sent without results.
   */
  async answer(root: string, request: ResultsRequest, offered: ReadonlyMap<string, string>, gone: () => boolean = () => false): Promise<SearchResults | undefined> {
    if (this.#limit.activeCount + this.#limit.pendingCount >= this.options.maxInFlight + this.options.maxQueued) return undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.options.timeoutMs)))
    // A search given up on still holds its place in the limit until it ends: that is what limits the work.
    const work = this.#limit(async () => {
      if (gone()) return undefined
      const open = await this.#index(root)
      return open && this.#page(open, request, offered)
    })
    try {
      return await Promise.race([work, late])
    } catch (error) {
      console.error(`✖ search for ${JSON.stringify(request.query)} in ${path.join(root, INDEX_DIR)}: ${(error as Error).message}`)
      return undefined
    } finally {
      clearTimeout(timer)
      work.catch(() => {}) // reported above, or not waited for
    }
  }

  /** Searches (or takes the kept answer) and makes the page of results asked for. */
  async #page(open: OpenIndex, request: ResultsRequest, offered: ReadonlyMap<string, string>): Promise<SearchResults> {
    const { index, generation } = open
    const key = `${generation}\0${request.query}`
    let answer = this.#answers.get(key)
    if (answer === undefined) this.#answers.set(key, (answer = await index.search(request.query)))
    const args: ResultsArgs = { query: request.query, channel: knownChannel(request.channel, index.manifest.channels, offered), sort: request.sort }
    const shown = answer.select(args.sort, args.channel)
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE))
    const page = Math.min(Math.max(1, request.page), pages)
    const from = (page - 1) * PAGE_SIZE
    const docs = await Promise.all(Array.from(shown.subarray(from, from + PAGE_SIZE), (doc) => index.document(doc)))
    const words = answer.words
    const name = channelName(args.channel, index.manifest.channels, offered.get(args.channel))
    return {
      generation,
      args,
      status: statusText(args.query, answer.count, shown.length, args.channel, name),
      items: docs.map((doc) => resultView(doc, words, (normalizer ??= createNormalizer(t2sTable())))),
      from,
      page,
      pages,
    }
  }

  /** The SearchIndex for the index now in `root`; undefined when it has none. */
  async #index(root: string): Promise<OpenIndex | undefined> {
    const file = path.join(root, INDEX_DIR, 'index.json')
    let stat: fs.Stats
    try {
      stat = await fs.promises.stat(file)
    } catch {
      return undefined
    }
    const key = `${file}\0${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`
    const current = this.#current
    if (current?.key === key && current.open.bytes + current.open.index.keptBytes <= this.options.indexBytes) return current.open
    // One look at a new index.json, however many requests meet it at once.
    if (this.#opening?.key !== key) {
      const opening = { key, open: this.#open(root, file, current?.key === key ? undefined : current?.open) }
      this.#opening = opening
      void opening.open.then(
        (open) => {
          // An older index.json opened after a newer one was met is not made current.
          if (this.#opening !== opening) return
          if (open !== undefined) this.#current = { key, open }
          this.#opening = undefined
        },
        () => {
          if (this.#opening === opening) this.#opening = undefined
        },
      )
    }
    return this.#opening.open
  }

  /** Opens the index of `root`, or keeps `before` when index.json names the same generation. */
  async #open(root: string, file: string, before: OpenIndex | undefined): Promise<OpenIndex | undefined> {
    const bytes = await readPlain(file)
    if (bytes === undefined) return undefined
    let generation: unknown
    try {
      ;({ generation } = JSON.parse(bytes.toString('utf8')) as { generation?: unknown })
    } catch (error) {
      throw new Error(`${file}: not JSON (${(error as Error).message})`)
    }
    if (typeof generation !== 'string') throw new Error(`${file}: generation is ${JSON.stringify(generation)}, expected a string`)
    if (before?.generation === generation) {
      // A new release of the same index (the build left it as it was): its files are the same.
      before.root = root
      return before
    }
    const open: OpenIndex = { generation, root, bytes: bytes.length, index: undefined! }
    const loader: Loader = async (name) => {
      const read = name === 'index.json' ? new Uint8Array(bytes) : await readIndexFile(open.root, name)
      if (read !== undefined && name !== 'index.json') open.bytes += read.length
      return read
    }
    open.index = await SearchIndex.open(loader, (normalizer ??= createNormalizer(t2sTable())))
    return open
  }
}
