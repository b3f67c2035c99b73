// `npm start`'s HTTP server: serves the published site (out/, the link to the live release) with the headers of scripts/server/headers.mjs,
// the site's own 404 page and the .gz files the build wrote, always from the newest published
// release: small files are kept in memory, but each request looks at the file on disk first.
//
//   tsx scripts/server/serve.ts [--dir out] [--port 3000] [--host 127.0.0.1]    (PORT, HOST, HSTS=1, SERVE_CACHE_MB, SEARCH_TIMEOUT_MS)
//   node --import tsx scripts/server/serve.ts [the same, in one process: how tests and scripts start it]
//   import { startServer } from './serve'; const { url, close } = await startServer({ dir: 'out', port: 0 })
//
// What answers a request: @fastify/send (the file sender of @fastify/static, a fork of Express's
// `send`) works out the HTTP of one file from one stat(): ETag and Last-Modified, 304, 412, single
// byte ranges and 416, HEAD. This module chooses which file that is, brings its bytes (Bodies: an
// LRU of small files keyed by real path, inode, size and modification time, or a stream from an
// open handle checked to be the same file), and keeps the rules of the site:
// - `--dir` is resolved to its real path at most every 200 ms (RELEASE_CHECK_MS), so `out` may be a
//   symbolic link that the builder switches to a new release (`out -> .publish/releases/<id>`): a
//   request is served wholly from the release it started in, and a switch is seen within 200 ms.
//   `out` may as well be a plain folder; every request looks at the files as they are on disk.
// - /x/ is x/index.html, /x is x, x.html or x/index.html (nginx's try_files in deploy/site.conf);
//   a client that takes gzip gets x.gz where the build wrote one, with Content-Encoding and Vary.
// - No symbolic link inside the release is followed (the link `out` itself is fine), no path leaves
//   it (`..`, encoded or not, is refused before any file is looked at), dotfiles are hidden except
//   /.well-known/, and /404.html asked directly answers 404 like nginx.
// - /search/ asked with a query (`?q=`, `&channel=`, `&sort=`, `&page=`) is the one page not sent as
//   it is: scripts/server/search-answer.ts answers the query from the release's search index and
//   scripts/server/search-page.ts writes the query and the results into it (answerSearch), so readers
//   without JavaScript get results; without an index, or too busy, just the query.
// - No client can hold the server: see TIMEOUTS, MAX_PIPELINED and Connections.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import path from 'node:path'
import { pipeline, Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import zlib from 'node:zlib'
import send from '@fastify/send'
import { LRUCache } from 'lru-cache'
import { lookup } from 'mrmime'
import pLimit from 'p-limit'
import { cacheControl, HSTS, SECURITY_HEADERS } from './headers.mjs'
import { legacyArchiveRedirect } from '../../lib/routes'
import { sortOf } from '../../lib/search/results'
import { SearchPool, type SearchPoolOptions } from './search-pool'
import { fillSearchPage, SEARCH_PATH, type SearchArgs, searchArgs } from './search-page'

/**
 * How long a socket may take, in milliseconds. Node checks the header and request deadlines every
 * `check` ms (30 s unless told), and without `idle` a socket that connects and says nothing is
 * kept forever: both were how slow clients used to starve the server.
 */
export const TIMEOUTS = {
  /** the whole request head (line and headers) must arrive within this (nginx: client_header_timeout 10s) */
  headers: 10_000,
  /** the whole request, body included */
  request: 15_000,
  /** no byte read or written for this long: a socket that says nothing, or a client that stops reading our answer (nginx: send_timeout 10s) */
  idle: 10_000,
  /** an idle keep-alive connection between requests (Node adds 1 s) */
  keepAlive: 5_000,
  /** how often Node looks for sockets past `headers` or `request` */
  check: 1_000,
}

/**
 * Requests one connection may send ahead of the answers it has read. They are answered one at a
 * time, in order; a client that pipelines more than this without reading is disconnected, so
 * unread answers cannot pile up in memory. Browsers do not pipeline at all.
 */
export const MAX_PIPELINED = 64

/** How long the real path of `--dir` is trusted before it is looked up again. */
export const RELEASE_CHECK_MS = 200

export interface ServeOptions {
  /** the folder to serve, or a symbolic link to it (default `out`) */
  dir?: string
  /** 0 (the default here) picks a free port */
  port?: number
  /** where to listen; all interfaces when left out */
  host?: string
  /** send Strict-Transport-Security (only behind HTTPS) */
  hsts?: boolean
  timeouts?: Partial<typeof TIMEOUTS>
  /** see MAX_PIPELINED */
  maxPipelined?: number
  /** connections held before the oldest idle ones are closed (default: from the open-file limit) */
  maxConnections?: number
  /** see RELEASE_CHECK_MS */
  releaseCheckMs?: number
  /** bytes of file bodies kept in memory (default 64 MB; 0 keeps none) */
  cacheBytes?: number
  /** limits of answering /search/?q= from the index (scripts/server/search-pool.ts, in a worker thread); false never answers (the page gets the query only) */
  search?: SearchPoolOptions | false
}

export interface RunningServer {
  server: http.Server
  port: number
  /** http://host:port/ */
  url: string
  /** stops listening and drops every connection */
  close(): Promise<void>
  /** resolves once the search worker has started (it starts with the first search otherwise): for tests that time their searches */
  searchReady(): Promise<void>
}

/** Starts the server; rejects with the listen error (EADDRINUSE, EACCES, …) if it cannot listen. */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const timeouts = { ...TIMEOUTS, ...options.timeouts }
  const connections = new Connections(options.maxConnections ?? connectionBudget(), options.maxPipelined ?? MAX_PIPELINED)
  const release = new Release(path.resolve(options.dir ?? 'out'), options.releaseCheckMs ?? RELEASE_CHECK_MS)
  const searches = options.search === false ? undefined : new SearchPool(options.search)
  const site = new Site(release, new Bodies(options.cacheBytes ?? 64 * 2 ** 20), options.hsts ?? false, searches)
  const server = http.createServer(
    {
      headersTimeout: timeouts.headers,
      requestTimeout: timeouts.request,
      keepAliveTimeout: timeouts.keepAlive,
      connectionsCheckingInterval: timeouts.check,
    },
    (req, res) => connections.request(req, res, () => site.answer(req, res)),
  )
  server.timeout = timeouts.idle
  server.on('connection', (socket: Socket) => connections.add(socket))
  // No 'clientError' listener on purpose: Node's own answers a bad or late request with 400, 408 or
  // 431 and destroys the socket (a handler that only end()s it leaves slow clients connected).
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  // Out of file descriptors (EMFILE) while accepting: make room rather than stop.
  server.on('error', (error) => {
    console.error(`✖ ${error.message}`)
    connections.shed(Math.ceil(connections.size / 10))
  })
  const { port } = server.address() as AddressInfo
  const host = !options.host || options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    server,
    port,
    url: `http://${host}:${port}/`,
    searchReady: async () => searches?.ready(),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await searches?.close()
    },
  }
}

/**
 * How many connections the process can hold: its open-file limit (`ulimit -n`) less 128 for the
 * files being sent and Node itself. Unlimited where the limit cannot be read (not Linux).
 */
export function connectionBudget(): number {
  try {
    const soft = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'))?.[1]
    return soft === undefined ? Infinity : Math.max(32, Number(soft) - 128)
  } catch {
    return Infinity
  }
}

const CRLF2 = Buffer.from('\r\n\r\n')

interface Queue {
  busy: boolean
  waiting: (() => void)[]
}

/**
 * The server's connections, so that no client can hold it:
 * - Each connection is answered one request at a time, in order: the next pipelined request starts
 *   when the answer before it has been handed to the socket, so unread answers never pile up.
 * - Node's parser turns a whole read (up to 64 KB: over a thousand small requests) into request
 *   and response objects before any is answered. Each read is looked at first, and a connection
 *   whose read would put more than `maxPipelined` requests ahead of the answers it has taken is
 *   destroyed before they are parsed.
 * - Past `max` connections (the open-file limit), the oldest that are not being answered, those
 *   that have not sent a whole request yet or sit idle between two, are closed to make room, as
 *   nginx reuses connections when it runs short. Real clients send their request at once.
 */
class Connections {
  readonly #open = new Set<Socket>()
  /** connections not being answered, oldest first */
  readonly #waiting = new Set<Socket>()
  readonly #queues = new WeakMap<Socket, Queue>()

  constructor(
    readonly max: number,
    readonly maxPipelined: number,
  ) {}

  get size() {
    return this.#open.size
  }

  add(socket: Socket) {
    this.#open.add(socket)
    this.#waiting.add(socket)
    socket.once('close', () => this.#forget(socket))
    this.#limitPipelining(socket)
    if (this.#open.size > this.max) this.shed(this.#open.size - this.max)
  }

  /** Closes up to `count` of the oldest connections that are not being answered. */
  shed(count: number) {
    for (const socket of this.#waiting) {
      if (count-- <= 0) break
      this.#forget(socket)
      socket.destroy()
    }
  }

  #forget(socket: Socket) {
    this.#open.delete(socket)
    this.#waiting.delete(socket)
  }

  /** Runs `answer` for `req` once the requests before it on its connection have been answered. */
  request(req: http.IncomingMessage, res: http.ServerResponse, answer: () => Promise<void>) {
    const socket = req.socket
    if (socket.destroyed) return
    let queue = this.#queues.get(socket)
    if (queue === undefined) this.#queues.set(socket, (queue = { busy: false, waiting: [] }))
    const run = () => {
      if (socket.destroyed) return void (queue.waiting.length = 0)
      let finished = false
      res.once('close', () => {
        if (finished) return
        finished = true
        const next = queue.waiting.shift()
        if (next) return next()
        queue.busy = false
        // Idle until its next request: the newest of those that may be closed to make room.
        if (!socket.destroyed && this.#open.has(socket)) this.#waiting.add(socket)
      })
      answer().catch((error: Error) => {
        console.error(`✖ ${req.url}: ${error.message}`)
        if (res.headersSent) res.destroy()
        else plain(res, 500, [])
      })
    }
    this.#waiting.delete(socket)
    if (!queue.busy) {
      queue.busy = true
      return run()
    }
    if (queue.waiting.length >= this.maxPipelined) return void socket.destroy()
    queue.waiting.push(run)
  }

  #limitPipelining(socket: Socket) {
    // Node's own listener: Node parses straight from the socket until one is added in front of it.
    const [parse] = socket.listeners('data') as ((chunk: Buffer) => void)[]
    if (parse === undefined) return
    socket.removeListener('data', parse)
    socket.on('data', (chunk: Buffer) => {
      let heads = this.#queues.get(socket)?.waiting.length ?? 0
      for (let at = chunk.indexOf(CRLF2); at !== -1 && heads <= this.maxPipelined; at = chunk.indexOf(CRLF2, at + 4)) heads++
      if (heads > this.maxPipelined) return void socket.destroy()
      parse(chunk)
    })
  }
}

/** The real path of the served folder, looked up again once it is `ttl` ms old. */
class Release {
  #root: string | undefined
  #checked = 0
  #pending: Promise<string | undefined> | undefined

  constructor(
    readonly dir: string,
    readonly ttl: number,
  ) {}

  /** The release to serve a new request from; undefined while `dir` does not exist. */
  current(): Promise<string | undefined> | string | undefined {
    if (this.#root !== undefined && performance.now() - this.#checked < this.ttl) return this.#root
    return this.refresh()
  }

  /** Looks the real path up now (one lookup however many requests ask at once). */
  refresh(): Promise<string | undefined> {
    this.#pending ??= fs.promises
      .realpath(this.dir)
      .then(
        (root) => root,
        () => undefined,
      )
      .then((root) => {
        this.#root = root
        this.#checked = performance.now()
        this.#pending = undefined
        return root
      })
    return this.#pending
  }
}

/** Thrown (through send()) for a file that must not be served: it is treated as not there. */
const REFUSED = new Error('not a plain file of the site')
const NO_FOLLOW = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0)

/** Refuses a file reached through a symbolic link below the release, or one that is no plain file. */
function plainFileOnly(file: string, stats: fs.Stats) {
  // The release root is a real path, so any link on the way makes the real path differ. realpath(3)
  // on files the kernel has just looked up takes microseconds: cheaper here than a thread-pool trip.
  let real: string | undefined
  try {
    real = stats.isFile() ? fs.realpathSync.native(file) : undefined
  } catch {
    real = undefined
  }
  if (real !== file) throw REFUSED
}

const sameFile = (a: fs.Stats, b: fs.Stats) => a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs

/**
 * The bytes of the files being sent: small ones (up to 1 MB) kept in memory under a byte cap, the
 * least recently sent dropped first, each under its real path (release folder included), inode,
 * size and modification time, with the headers of its plain 200 answer once one was sent. Every
 * request looks at the file on disk first (stat), so a new release, or a file rewritten in place,
 * is never answered from an old copy.
 */
interface Entry {
  body: Buffer
  /**
   * Whole header lists of 200 answers to a GET with no condition or range, by how the file was
   * sent (as the gzip copy of another, or as itself) and the Cache-Control of the URL asked for.
   */
  answers: Map<string, string[]>
}

const answerKey = (zipped: boolean, cacheControlValue: string) => `${zipped ? 'gzip' : 'as is'}\0${cacheControlValue}`

const keyOf = (file: string, stat: fs.Stats) => `${file}\0${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`

class Bodies {
  readonly #cache: LRUCache<string, Entry> | undefined
  readonly #loading = new Map<string, Promise<Buffer | undefined>>()
  readonly maxFile: number

  constructor(cacheBytes: number) {
    this.maxFile = Math.min(2 ** 20, cacheBytes / 16)
    // Each body is counted with 1 KB for its key, headers and the cache's own records.
    if (cacheBytes >= 1024) this.#cache = new LRUCache({ maxSize: Math.floor(cacheBytes), sizeCalculation: (entry) => entry.body.length + 1024 })
  }

  /** The answer kept for the file `stat` describes, if any. */
  cached(file: string, stat: fs.Stats): Entry | undefined {
    return this.#cache?.get(keyOf(file, stat))
  }

  /** Keeps the headers of a plain 200 answer beside the body they go with. */
  rememberAnswer(file: string, stat: fs.Stats, key: string, headers: string[]) {
    this.#cache?.get(keyOf(file, stat))?.answers.set(key, headers)
  }

  /**
   * The file `send()` described by `stat`: its bytes, or an open handle to stream a large one from;
   * undefined when the file on disk is no longer that one (changed or gone since).
   */
  async open(file: string, stat: fs.Stats): Promise<Buffer | fs.promises.FileHandle | undefined> {
    const key = keyOf(file, stat)
    const cached = this.#cache?.get(key)
    if (cached !== undefined) return cached.body
    if (stat.size > this.maxFile || this.#cache === undefined) {
      const handle = await this.#openSame(file, stat)
      if (handle === undefined || stat.size > this.maxFile) return handle
      try {
        return await handle.readFile()
      } finally {
        await handle.close()
      }
    }
    // One read however many requests ask for the same file meanwhile.
    let loading = this.#loading.get(key)
    if (loading === undefined) {
      loading = this.#read(file, stat, key).finally(() => this.#loading.delete(key))
      this.#loading.set(key, loading)
    }
    return loading
  }

  async #read(file: string, stat: fs.Stats, key: string): Promise<Buffer | undefined> {
    const handle = await this.#openSame(file, stat)
    if (handle === undefined) return undefined
    try {
      const body = await handle.readFile()
      if (body.length !== stat.size) return undefined
      this.#cache!.set(key, { body, answers: new Map() })
      return body
    } finally {
      await handle.close()
    }
  }

  /** Opens `file` (never through a link) if it is still the file of `stat`. */
  async #openSame(file: string, stat: fs.Stats): Promise<fs.promises.FileHandle | undefined> {
    let handle: fs.promises.FileHandle
    try {
      handle = await fs.promises.open(file, NO_FOLLOW)
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ELOOP') return undefined
      throw error
    }
    if (sameFile(await handle.stat(), stat)) return handle
    await handle.close()
    return undefined
  }
}

/** Bytes of a large file read at a time; reads of all large files share LARGE_READS. */
const CHUNK = 64 * 1024

/**
 * Reads of large files (the ones not kept in memory) in flight at once, over every connection.
 * Each read is a trip to libuv's thread pool (four threads), which also opens and stats the files
 * of every page: 500 clients that ask for a large file and never read it used to fill the pool with
 * their reads (the kernel takes megabytes into each socket's buffer before it pushes back), and
 * every page waited seconds for a stat. Two at a time leaves the pool to the pages.
 */
const LARGE_READS = pLimit(2)

/**
 * A byte range of an open file as a stream, one CHUNK at a time through LARGE_READS: a socket that
 * is not read from holds at most a chunk and its own write buffer here. Closes the handle at the
 * end, or when the client goes away.
 */
function fileStream(handle: fs.promises.FileHandle, start: number, end: number): Readable {
  let position = start
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      const length = Math.min(CHUNK, end + 1 - position)
      if (length <= 0) return void this.push(null)
      LARGE_READS(() => (this.destroyed ? undefined : handle.read(Buffer.allocUnsafe(length), 0, length, position))).then(
        (read) => {
          if (read === undefined || this.destroyed) return
          if (read.bytesRead === 0) return void this.destroy(new Error(`file shorter than its stat said`))
          position += read.bytesRead
          this.push(read.bytesRead < length ? read.buffer.subarray(0, read.bytesRead) : read.buffer)
        },
        (error: Error) => this.destroy(error),
      )
    },
    destroy(error, callback) {
      handle.close().then(
        () => callback(error),
        () => callback(error),
      )
    },
  })
}

const SEND_OPTIONS = { index: false, extensions: false, dotfiles: 'allow', cacheControl: false, contentType: false, onFile: plainFileOnly } as const

/** The rules of the site around @fastify/send, for the release that `release` points at. */
class Site {
  /** security headers (and HSTS) as a flat [name, value, …] list, on every answer */
  readonly headers: string[]

  constructor(
    readonly release: Release,
    readonly bodies: Bodies,
    hsts: boolean,
    readonly searches: SearchPool | undefined,
  ) {
    this.headers = Object.entries(SECURITY_HEADERS as Record<string, string>).flat()
    if (hsts) this.headers.push('Strict-Transport-Security', HSTS)
  }

  async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, [...this.headers, 'Allow', 'GET, HEAD'])
    const pathname = requestPath(req.url ?? '')
    // Node keeps the first of two Host headers; RFC 9112 (3.2) asks for 400, as nginx answers.
    if (pathname === undefined || hostCount(req.rawHeaders) > 1) return plain(res, 400, this.headers)
    ignoreInvalidConditions(req.headers)
    // The numbered archive pages of before now live in the lists' month pages (lib/routes.ts).
    const moved = legacyArchiveRedirect(pathname)
    if (moved !== undefined) return plain(res, 301, [...this.headers, 'Location', encodeURI(moved)])
    let root = await this.release.current()
    if (root === undefined) return plain(res, 503, [...this.headers, 'Retry-After', '1'])
    if (!isPublic(pathname)) return this.notFound(req, res, root)
    const search = pathname === SEARCH_PATH ? searchArgs(req.url ?? '') : undefined
    if (search !== undefined && (await this.answerSearch(req, res, root, search))) return
    if (this.fromMemory(req, res, root, pathname)) return
    // A release deleted under a request (it was switched away from a moment ago) has no files:
    // look the link up again and answer from the new one.
    for (let attempt = 0; ; attempt++) {
      if (await this.sendFile(req, res, root, pathname)) return
      const fresh = attempt < 2 ? await this.release.refresh() : undefined
      if (fresh === undefined || fresh === root) return this.notFound(req, res, root)
      root = fresh
    }
  }

  /**
   * The common case at the cost of one stat(), made synchronously (a thread-pool trip costs more on
   * a busy machine): a GET or HEAD with no condition and no range, for a file whose 200 answer is in
   * memory and that is still that file on disk. False to take the way through send() instead.
   */
  fromMemory(req: http.IncomingMessage, res: http.ServerResponse, root: string, pathname: string): boolean {
    const { headers } = req
    if (headers.range !== undefined || headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined || headers['if-match'] !== undefined || headers['if-unmodified-since'] !== undefined) return false
    const gzip = acceptsGzip(headers['accept-encoding'])
    for (const name of candidates(pathname)) {
      for (const zipped of gzip && !name.endsWith('.gz') ? [true, false] : [false]) {
        // isPublic() let no dot segment through: this is the path send() would look at.
        const file = path.join(root, zipped ? `${name}.gz` : name)
        let stat: fs.Stats | undefined
        try {
          stat = fs.statSync(file, { throwIfNoEntry: false })
        } catch {
          stat = undefined // ENOTDIR and the like: not there
        }
        if (stat === undefined || stat.isDirectory()) continue
        // Kept only after send() found this very file (device, inode, size, time) through no link.
        const entry = stat.isFile() ? this.bodies.cached(file, stat) : undefined
        const answer = entry?.answers.get(answerKey(zipped, cacheControl(pathname)))
        if (answer === undefined) return false
        res.writeHead(200, answer)
        res.end(entry!.body) // Node leaves the body out of a HEAD answer
        return true
      }
    }
    return false
  }

  /** Sends the file that `pathname` names in `root`; false when there is none. */
  async sendFile(req: http.IncomingMessage, res: http.ServerResponse, root: string, pathname: string): Promise<boolean> {
    const gzip = acceptsGzip(req.headers['accept-encoding'])
    // send() reads only the method and headers of a request. Asked as for HEAD, it works out the
    // answer (status, ETag, Last-Modified, 304, 412, Range) from one stat() and opens no file: the
    // body comes from Bodies, in memory or from a handle opened and checked to be that same file.
    const probe = { method: 'HEAD', headers: req.headers } as unknown as Readable
    for (const file of candidates(pathname)) {
      for (const zipped of gzip && !file.endsWith('.gz') ? [true, false] : [false]) {
        // A file replaced between send()'s look and ours is looked at again.
        for (let tries = 0; tries < 3; tries++) {
          let result: Awaited<ReturnType<typeof send>>
          try {
            // send() decodes the path it is given: encodeURI gives back exactly this file name.
            result = await send(probe, encodeURI(zipped ? `${file}.gz` : file), { ...SEND_OPTIONS, root })
          } catch (error) {
            // A link, or a file that went away between two looks (its release was deleted).
            if (error === REFUSED || isMissing(error)) return false
            throw error
          }
          if (result.type === 'directory' || (result.type === 'error' && result.statusCode === 404)) break
          if (result.type === 'error') {
            // 412 (If-Match), 416 (Range) or 500: said in plain words, with our headers.
            plain(res, result.statusCode, [...this.headers, ...headerList(result.headers, ['Content-Range'])])
            return true
          }
          const { statusCode, metadata } = result
          result.stream.destroy()
          const body = req.method === 'HEAD' || statusCode === 304 ? undefined : await this.bodies.open(metadata.path, metadata.stat)
          if (body === undefined && req.method !== 'HEAD' && statusCode !== 304) {
            // Gone (release deleted: not found here) or changed (look again).
            if (!fs.existsSync(metadata.path)) return false
            continue
          }
          const cacheControlValue: string = cacheControl(pathname)
          const headers = [...this.headers, 'Cache-Control', cacheControlValue, 'Vary', 'Accept-Encoding', ...headerList(result.headers)]
          if (statusCode !== 304) {
            headers.push('Content-Type', contentType(file))
            if (zipped) headers.push('Content-Encoding', 'gzip')
          }
          if (res.destroyed) {
            if (body !== undefined && !Buffer.isBuffer(body)) await body.close()
            return true
          }
          res.writeHead(statusCode, headers)
          if (statusCode === 200 && Buffer.isBuffer(body)) this.bodies.rememberAnswer(metadata.path, metadata.stat, answerKey(zipped, cacheControlValue), headers)
          if (body === undefined) res.end()
          else {
            const { start, end } = statusCode === 206 ? byteRange(result.headers['Content-Range']) : { start: 0, end: metadata.stat.size - 1 }
            if (Buffer.isBuffer(body)) res.end(start === 0 && end === body.length - 1 ? body : body.subarray(start, end + 1))
            // pipeline closes the file when the client goes away mid-way, and the socket on a read error.
            else pipeline(fileStream(body, start, end), res, () => {})
          }
          return true
        }
      }
    }
    return false
  }

  /**
   * The search page with the reader's query and, when the index answers it, the results written in
   * (scripts/server/search-answer.ts, scripts/server/search-page.ts), made for each request and never kept:
   * gzipped on the fly for clients that take gzip, with an ETag of its own bytes (never the plain
   * file's, which send() derives from size and time; the bytes hold the arguments and the answer,
   * so another index generation or another page of results has another ETag) and 304 for a
   * matching If-None-Match. Range and the other conditions are ignored (a 200 is always a correct
   * answer to them). False when the page is not there (or changed while being read): the plain way answers.
   */
  async answerSearch(req: http.IncomingMessage, res: http.ServerResponse, root: string, args: SearchArgs): Promise<boolean> {
    const file = path.join(root, SEARCH_PATH, 'index.html')
    let stat: fs.Stats
    try {
      stat = await fs.promises.stat(file)
      plainFileOnly(file, stat)
    } catch {
      return false
    }
    const opened = await this.bodies.open(file, stat)
    if (opened === undefined) return false
    let page: Buffer
    if (Buffer.isBuffer(opened)) page = opened
    else {
      try {
        page = await opened.readFile()
      } finally {
        await opened.close()
      }
    }
    const text = page.toString('utf8')
    let filled: string | undefined
    if (this.searches !== undefined && args.query !== '') {
      if (res.destroyed) return true
      const request = { query: args.query, channel: args.channel, sort: sortOf(args.sort), page: args.page }
      // Searched and filled in on the search worker's thread, never this one (scripts/server/search-pool.ts).
      filled = (await this.searches.fill(root, text, args, request, clientOf(req), () => res.destroyed))?.html
      if (res.destroyed) return true
    }
    const html = Buffer.from(filled ?? fillSearchPage(text, args, undefined))
    const zipped = acceptsGzip(req.headers['accept-encoding'])
    const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 22)}${zipped ? '-gzip' : ''}"`
    const headers = [...this.headers, 'Cache-Control', cacheControl(SEARCH_PATH), 'Vary', 'Accept-Encoding', 'ETag', etag]
    if (res.destroyed) return true
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      res.writeHead(304, headers)
      res.end()
      return true
    }
    const body = zipped ? await gzip(html) : html
    headers.push('Content-Type', contentType('index.html'), 'Content-Length', String(body.length))
    if (zipped) headers.push('Content-Encoding', 'gzip')
    if (res.destroyed) return true
    res.writeHead(200, headers)
    res.end(body) // Node leaves the body out of a HEAD answer
    return true
  }

  /** The site's own 404.html (its .gz to clients that take gzip), with status 404. */
  async notFound(req: http.IncomingMessage, res: http.ServerResponse, root: string): Promise<void> {
    const zipped = acceptsGzip(req.headers['accept-encoding'])
    const page = (zipped && (await readPlainFile(path.join(root, '404.html.gz')))) || (await readPlainFile(path.join(root, '404.html')))
    if (page === undefined) return plain(res, 404, this.headers)
    const headers = [...this.headers, 'Cache-Control', 'no-cache', 'Vary', 'Accept-Encoding', 'Content-Type', 'text/html; charset=utf-8', 'Content-Length', String(page.body.length)]
    if (page.zipped) headers.push('Content-Encoding', 'gzip')
    res.writeHead(404, headers)
    res.end(page.body) // Node leaves the body out of a HEAD answer
  }
}

/**
 * Who asks, for sharing the search worker fairly: the peer's address, or, for a request nginx
 * passed on over loopback (deploy/search-proxy.conf sets X-Real-IP), the reader's.
 */
function clientOf(req: http.IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? ''
  const real = req.headers['x-real-ip']
  const loopback = peer === '::1' || peer.startsWith('127.') || peer.startsWith('::ffff:127.')
  return loopback && typeof real === 'string' && real !== '' ? real : peer
}

/** How many Host header lines a request has (Node keeps only the first). */
function hostCount(rawHeaders: string[]): number {
  let count = 0
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].length === 4 && rawHeaders[i].toLowerCase() === 'host') count++
  return count
}

/** `bytes=` and a list of `first-last`, `first-` or `-suffix`, in digits only (RFC 9110, 14.1.1). */
const BYTE_RANGES = /^bytes=\s*(\d+-\d*|-\d+)(\s*,\s*(\d+-\d*|-\d+))*\s*$/i

/**
 * Drops the conditions a server must ignore, so @fastify/send never acts on them: a Range that is
 * not valid byte-range syntax (`bytes=1e3-` would be read as byte 1 on: RFC 9110 says ignore it and
 * send the whole file) and an If-Modified-Since that is no date or lies in the future (RFC 9110,
 * 13.1.3: a 304 would keep a copy the client never had).
 */
export function ignoreInvalidConditions(headers: http.IncomingHttpHeaders, now = Date.now()): void {
  if (headers.range !== undefined && !BYTE_RANGES.test(headers.range)) delete headers.range
  const since = headers['if-modified-since']
  if (since !== undefined) {
    const time = Date.parse(since)
    if (!(time <= now)) delete headers['if-modified-since']
  }
}

/** A file's bytes, never through a symbolic link; undefined if it cannot be read. */
async function readPlainFile(file: string): Promise<{ body: Buffer; zipped: boolean } | undefined> {
  try {
    const handle = await fs.promises.open(file, NO_FOLLOW)
    try {
      if (!(await handle.stat()).isFile()) return undefined
      return { body: await handle.readFile(), zipped: file.endsWith('.gz') }
    } finally {
      await handle.close()
    }
  } catch {
    return undefined
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: '400 Bad Request',
  301: '301 Moved Permanently',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
  412: '412 Precondition Failed',
  416: '416 Range Not Satisfiable',
  500: '500 Internal Server Error',
  503: '503 Service Unavailable: the site is being published, try again in a second',
}

/** A short text answer. */
function plain(res: http.ServerResponse, status: number, headers: string[]): void {
  if (res.headersSent || res.destroyed) return void res.destroy()
  const body = Buffer.from(`${STATUS_TEXT[status] ?? status}\n`)
  res.writeHead(status, [...headers, 'Cache-Control', 'no-store', 'Content-Type', 'text/plain; charset=utf-8', 'Content-Length', String(body.length)])
  res.end(body)
}

/** @fastify/send's headers as a flat list; `only` keeps just those names. */
function headerList(headers: Record<string, string | number>, only?: string[]): string[] {
  const list: string[] = []
  for (const name in headers) if (!only || only.includes(name)) list.push(name, String(headers[name]))
  return list
}

/** The first and last byte of a `Content-Range: bytes 0-9/14` that send() worked out. */
function byteRange(contentRange: string): { start: number; end: number } {
  const [, start, end] = /^bytes (\d+)-(\d+)\//.exec(contentRange)!
  return { start: Number(start), end: Number(end) }
}

const gzip = promisify(zlib.gzip)

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET) or is `*`. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  return header.split(',').some((tag) => {
    const trimmed = tag.trim()
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag
  })
}

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException)?.code ?? '')

/**
 * The decoded path of a request target (origin form `/a/b?q`, or absolute form
 * `http://host/a/b`), without query; undefined when it is not a path or not valid percent-encoding
 * or UTF-8, or holds a NUL byte. Dot segments are left in: isPublic() refuses them.
 */
export function requestPath(target: string): string | undefined {
  if (!target.startsWith('/')) {
    const origin = /^https?:\/\/[^/?#]*/i.exec(target)
    if (!origin) return undefined
    target = target.slice(origin[0].length)
    if (!target.startsWith('/')) target = '/' + target
  }
  const end = target.search(/[?#]/)
  let pathname = end === -1 ? target : target.slice(0, end)
  try {
    pathname = decodeURIComponent(pathname)
  } catch {
    return undefined
  }
  return pathname.includes('\0') ? undefined : pathname
}

/** The 404 page is sent with status 404 only, as nginx's `location = /404.html { internal; }`. */
const ERROR_PAGE = /^404\.html(\.gz)?$/

/**
 * Whether a decoded path may name a file of the site: no `.` or `..` segment, no empty segment
 * (`//`), no dotfile except under /.well-known/, and not the 404 page itself.
 */
export function isPublic(pathname: string): boolean {
  const segments = pathname.split('/')
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i]
    if (segment === '' && i < segments.length - 1) return false
    if (segment.startsWith('.') && !(i === 1 && segment === '.well-known')) return false
  }
  return !ERROR_PAGE.test(segments[1])
}

/** The files that may answer `pathname`, in order (nginx: try_files $uri $uri.html $uri/index.html). */
export function candidates(pathname: string): string[] {
  if (pathname.endsWith('/')) return [`${pathname}index.html`]
  return [pathname, `${pathname}.html`, `${pathname}/index.html`]
}

/** True unless the client never mentions gzip or refuses it with q=0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined || !header.includes('gzip')) return false
  return !/(^|,)\s*gzip\s*;\s*q\s*=\s*0(\.0*)?\s*(,|$)/i.test(header)
}

// Text types nginx (deploy/site.conf) also labels UTF-8; mrmime has no entry for .ico.
const CHARSET = /^(text\/|application\/(json|javascript|xml|rss\+xml|atom\+xml|manifest\+json)$)/

/** The Content-Type of a file by its name, as nginx sends it. */
export function contentType(name: string): string {
  const type = lookup(name) ?? (name.endsWith('.ico') ? 'image/x-icon' : 'application/octet-stream')
  return CHARSET.test(type) ? `${type}; charset=utf-8` : type
}

/** One line for a failed listen, instead of a stack trace. */
export function listenError(error: NodeJS.ErrnoException, port: number, host?: string): string {
  const where = `${host ?? ''}:${port}`
  switch (error.code) {
    case 'EADDRINUSE':
      return `✖ 端口 ${port} 已被占用 (port ${port} is in use): stop the other server, or choose another port: PORT=${port + 1} npm start`
    case 'EACCES':
      return `✖ 无权监听 ${where} (permission denied): ports below 1024 need root; choose another: PORT=3000 npm start`
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `✖ 无法监听 ${where} (this machine has no address ${host}): check HOST or --host`
    default:
      return `✖ 无法监听 ${where}: ${error.message}`
  }
}

/** The command line: `tsx scripts/server/serve.ts [--dir out] [--port 3000] [--host 127.0.0.1]`. */
export async function main(args = process.argv.slice(2), env = process.env): Promise<RunningServer> {
  const fail = (message: string, code = 1): never => {
    console.error(message)
    process.exit(code)
  }
  let values: { dir?: string; port?: string; host?: string }
  try {
    ;({ values } = parseArgs({ args, options: { dir: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } }, strict: true }))
  } catch (error) {
    return fail(`✖ ${(error as Error).message}. Usage: npm start -- [--dir out] [--port 3000] [--host 127.0.0.1]`, 2)
  }
  const portText = values.port ?? env.PORT ?? '3000'
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65535) return fail(`✖ 端口 "${portText}" 不是 0–65535 之间的数字 (--port or PORT)`, 2)
  const host = values.host ?? (env.HOST || undefined)
  const cacheMb = Number(env.SERVE_CACHE_MB ?? 64)
  if (!(cacheMb >= 0) || env.SERVE_CACHE_MB === '') return fail(`✖ SERVE_CACHE_MB=${env.SERVE_CACHE_MB} is not a number of megabytes`, 2)
  const searchMs = Number(env.SEARCH_TIMEOUT_MS ?? 2_000)
  if (!(searchMs > 0)) return fail(`✖ SEARCH_TIMEOUT_MS=${env.SEARCH_TIMEOUT_MS} is not a number of milliseconds`, 2)
  const dir = values.dir ?? 'out'
  if (!fs.existsSync(path.join(dir, 'index.html'))) return fail(`✖ ${path.resolve(dir)} has no index.html: build the site first (npm run build).`)
  let running: RunningServer
  try {
    running = await startServer({ dir, port, host, hsts: env.HSTS === '1', cacheBytes: cacheMb * 2 ** 20, search: { timeoutMs: searchMs } })
  } catch (error) {
    return fail(listenError(error as NodeJS.ErrnoException, port, host))
  }
  console.log(`廉政法制网 serving ${path.relative(process.cwd(), path.resolve(dir)) || '.'} on ${running.url}`)
  return running
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main()
