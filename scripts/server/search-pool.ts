// npm start's searches, off the thread that serves pages: /search/?q= is filled in by a worker
// thread (scripts/server/search-worker.ts), so a client sending heavy queries costs that thread's time and
// never holds another reader's page. This side keeps the limits and the order:
// - the queue is kept here, one queue a client (address), and the worker is given one page at a
//   time, taken from the clients in turn (round robin). A worker thread runs its messages one
//   after another, so pages posted to it ahead of time would be answered first come, first served:
//   a reader behind one client's flood would wait for all of it. Taken in turn, a reader waits for
//   the page being filled and then its own, however many the flooder sent;
// - at most `maxInFlight + maxQueued` pages wait or are being filled, and `maxPerClient` of one
//   client's; past that, or past `timeoutMs`, the caller gets undefined and sends the page with the
//   query only (the reader's script then searches in the browser). A page whose time ran out, or
//   whose reader left, while it waited is never given to the worker;
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
  /** the page with the worker now, if any */
  #running: Job | undefined
  /** pages waiting, a queue a client, in the order clients take turns: the one served last goes to the back */
  readonly #waiting = new Map<string, Job[]>()
  /** pages waiting or being filled, by client */
  readonly #perClient = new Map<string, number>()
  #queued = 0
  #nextId = 0
  #closed = false

  constructor(options: SearchPoolOptions = {}) {
    this.#options = { maxInFlight: 2, maxQueued: 8, timeoutMs: 2_000, ...options }
  }

  /** How many pages wait for the worker or are with it now (given up on or not). */
  get busy(): number {
    return this.#queued + (this.#running ? 1 : 0)
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
        if (this.#running?.id === message.id) this.#finish(message)
      })
      worker.once('exit', () => resolve())
    })
    worker.on('error', (error) => console.error(`✖ search worker: ${error.message}`))
    worker.once('exit', () => {
      if (this.#worker === worker) this.#worker = undefined
      // Its page comes back without results; the next page starts a new worker.
      if (this.#running) this.#finish(undefined)
    })
    return worker
  }

  /** Resolves once the worker can take a query (it has loaded its code and the character table). */
  async ready(): Promise<void> {
    this.#start()
    await this.#ready
  }

  /** The page with the worker is done (undefined: the worker died); the next one goes. */
  #finish(done: FillDone | undefined) {
    const job = this.#running!
    this.#running = undefined
    this.#release(job.client)
    job.resolve(done)
    this.#dispatch()
  }

  #release(client: string) {
    const left = (this.#perClient.get(client) ?? 1) - 1
    if (left > 0) this.#perClient.set(client, left)
    else this.#perClient.delete(client)
  }

  /** Gives the worker the next page, from the client whose turn it is, once it is ready and free. */
  #dispatch() {
    while (this.#running === undefined && this.#queued > 0 && !this.#closed) {
      const [client, queue] = this.#waiting.entries().next().value!
      const job = queue.shift()!
      this.#queued--
      // The client goes to the back of the turn, with what it has left.
      this.#waiting.delete(client)
      if (queue.length > 0) this.#waiting.set(client, queue)
      if (job.abandoned()) {
        this.#release(client)
        job.resolve(undefined)
        continue
      }
      this.#running = job
      this.#start().postMessage(job.message)
    }
  }

  /**
   * The search page `page` (as published in `root`) with the query of `args` and its results, for
   * `client` (its address); undefined when the worker is too busy, slow or broken, or that client
   * has its share with it already: the caller fills in the query only. `gone` says the reader
   * has left: a page still waiting then is never filled.
   */
  async fill(root: string, page: string, args: SearchArgs, request: ResultsRequest, client = '', gone: () => boolean = () => false): Promise<Filled | undefined> {
    const { maxInFlight = 2, maxQueued = 8, timeoutMs = 2_000, maxPerClient = 2 } = this.#options
    const mine = this.#perClient.get(client) ?? 0
    if (this.#closed || this.busy >= maxInFlight + maxQueued || mine >= maxPerClient) return undefined
    this.#perClient.set(client, mine + 1)
    this.#start()
    // The time runs once the worker is ready (it loads for a second or so after the server
    // starts, or after it died): a reader asking meanwhile waits for it.
    const ready = this.#ready
    let late = false
    let timer: ReturnType<typeof setTimeout> | undefined
    // A page given up on while the worker fills it keeps the worker until it is done: that is what
    // limits the work. One given up on while it waits is dropped when its turn comes.
    const answer = new Promise<FillDone | undefined>((resolve) => {
      const id = this.#nextId++
      const job: Job = { id, client, message: { id, root, page, args, request }, resolve, abandoned: () => late || gone() }
      const queue = this.#waiting.get(client)
      if (queue) queue.push(job)
      else this.#waiting.set(client, [job])
      this.#queued++
    })
    try {
      await ready
      this.#dispatch()
      const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)))
      const done = await Promise.race([answer, timeout])
      late = true
      if (done?.error) console.error(`✖ search for ${JSON.stringify(request.query)} in ${root}: ${done.error}`)
      return done?.html === undefined ? undefined : { html: done.html, answered: done.answered ?? false }
    } finally {
      clearTimeout(timer)
    }
  }

  /** Stops the worker; pages still waiting come back without results. */
  async close(): Promise<void> {
    this.#closed = true
    for (const queue of this.#waiting.values()) for (const job of queue) job.resolve(undefined)
    this.#waiting.clear()
    this.#queued = 0
    await this.#worker?.terminate()
  }
}

/** A page to fill, waiting for its turn or with the worker. */
interface Job {
  id: number
  client: string
  message: FillJob
  resolve: (done: FillDone | undefined) => void
  /** its caller no longer waits: timed out, or the reader left */
  abandoned: () => boolean
}
