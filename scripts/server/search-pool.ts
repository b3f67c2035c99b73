// npm start's searches, off the thread that serves pages: /search/?q= is filled in by a worker
// thread (scripts/server/search-worker.ts), so a client sending heavy queries costs that thread's time and
// never holds another reader's page. This side keeps the limits:
// - at most `maxInFlight + maxQueued` pages are with the worker at once, and `maxPerClient` of one
//   client's; past that, or past `timeoutMs`, the caller gets undefined and sends the page with the query only (the reader's
//   script then searches in the browser), as search-answer.ts did on its own;
// - the worker's heap is capped (`heapMb`): should it run out, it alone dies, the pages it had come
//   back without results, and a new one starts for the next query. The server stays up.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ResultsRequest, SearchAnswerOptions } from './search-answer'
import type { SearchArgs } from './search-page'
import type { FillDone, FillJob } from './search-worker'

export interface SearchPoolOptions extends SearchAnswerOptions {
  /** the worker's old-generation heap, in MB (default 256) */
  heapMb?: number
  /** pages one client (address) may have with the worker at once (default 2): one client's flood leaves room for every other reader */
  maxPerClient?: number
}

/** A filled search page, or undefined when it could not be filled with results in time. */
export interface Filled {
  html: string
  /** false: the index did not answer (too busy, too slow, or none): the page holds the query only */
  answered: boolean
}

// The worker is TypeScript: it is loaded through tsx's API, so it runs the same under npm start
// (node --import tsx), a test runner, or any other loader the parent uses.
const BOOT = `
const { workerData } = require('node:worker_threads')
import(workerData.tsx).then(({ tsImport }) => tsImport(workerData.entry, workerData.entry))
`
const TSX_API = import.meta.resolve('tsx/esm/api')
const ENTRY = pathToFileURL(path.resolve(import.meta.dirname, 'search-worker.ts')).href

export class SearchPool {
  readonly #options: SearchPoolOptions
  #worker: Worker | undefined
  #ready: Promise<void> | undefined
  readonly #pending = new Map<number, (done: FillDone | undefined) => void>()
  /** pages with the worker, by client */
  readonly #perClient = new Map<string, number>()
  #nextId = 0
  #closed = false

  constructor(options: SearchPoolOptions = {}) {
    this.#options = { maxInFlight: 2, maxQueued: 8, timeoutMs: 2_000, ...options }
  }

  /** How many pages are with the worker now (given up on or not). */
  get busy(): number {
    return this.#pending.size
  }

  /** The worker, started on the first query (again, after it died) when there is none: a server nobody searches costs no thread. */
  #start(): Worker {
    if (this.#worker) return this.#worker
    const { heapMb = 256, ...answerOptions } = this.#options
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { tsx: TSX_API, entry: ENTRY, ...answerOptions },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      stdout: false,
      stderr: false,
    })
    worker.unref()
    this.#worker = worker
    this.#ready = new Promise<void>((resolve) => {
      worker.on('message', (message: FillDone | { ready: true }) => {
        if ('ready' in message) return resolve()
        const done = this.#pending.get(message.id)
        this.#pending.delete(message.id)
        done?.(message)
      })
      worker.once('exit', () => resolve())
    })
    worker.on('error', (error) => console.error(`✖ search worker: ${error.message}`))
    worker.once('exit', () => {
      if (this.#worker === worker) this.#worker = undefined
      // Its pages come back without results; the next query starts a new worker.
      for (const done of this.#pending.values()) done(undefined)
      this.#pending.clear()
    })
    return worker
  }

  /** Resolves once the worker can take a query (it has loaded its code and the character table). */
  async ready(): Promise<void> {
    this.#start()
    await this.#ready
  }

  /**
   * The search page `page` (as published in `root`) with the query of `args` and its results, for
   * `client` (its address); undefined when the worker is too busy, slow or broken, or that client
   * has its share with it already: the caller fills in the query only.
   */
  async fill(root: string, page: string, args: SearchArgs, request: ResultsRequest, client = ''): Promise<Filled | undefined> {
    const { maxInFlight = 2, maxQueued = 8, timeoutMs = 2_000, maxPerClient = 2 } = this.#options
    const mine = this.#perClient.get(client) ?? 0
    if (this.#closed || this.#pending.size >= maxInFlight + maxQueued || mine >= maxPerClient) return undefined
    this.#perClient.set(client, mine + 1)
    const worker = this.#start()
    const id = this.#nextId++
    // Its place is taken now; the time runs once the worker is ready (it loads for a second or so
    // after the server starts, or after it died): a reader asking meanwhile waits for it.
    const ready = this.#ready
    let timer: ReturnType<typeof setTimeout> | undefined
    // A page given up on keeps its place until the worker answers it: that is what limits the work.
    const answer = new Promise<FillDone | undefined>((resolve) =>
      this.#pending.set(id, (done) => {
        const left = (this.#perClient.get(client) ?? 1) - 1
        if (left > 0) this.#perClient.set(client, left)
        else this.#perClient.delete(client)
        resolve(done)
      }),
    )
    worker.postMessage({ id, root, page, args, request } satisfies FillJob)
    try {
      await Promise.race([ready, answer])
      const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)))
      const done = await Promise.race([answer, late])
      if (done?.error) console.error(`✖ search for ${JSON.stringify(request.query)} in ${root}: ${done.error}`)
      return done?.html === undefined ? undefined : { html: done.html, answered: done.answered ?? false }
    } finally {
      clearTimeout(timer)
    }
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    this.#closed = true
    await this.#worker?.terminate()
  }
}
