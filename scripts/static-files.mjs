// The file serving behind `npm start` (scripts/serve.mjs): an index of the site folder built once
// at start, and the bodies of small files kept in memory under a byte cap, with their response
// headers worked out once. It replaces sirv, which opened and streamed the file on every request.
// Only paths found in the index are ever opened, so no request can name a file outside the folder.
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream'
import { lookup } from 'mrmime'

/** The folder's files by URL path ('/articles/x/index.html'), and any symbolic links in it. */
export function indexFolder(root) {
  const files = new Map()
  const links = []
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const abs = path.join(entry.parentPath ?? entry.path, entry.name)
    const rel = path.relative(root, abs)
    if (entry.isSymbolicLink()) links.push(rel)
    if (!entry.isFile() || isHidden(rel)) continue
    // NFC, so a name written in decomposed form on disk (as macOS does) still matches its URL.
    const key = '/' + rel.split(path.sep).join('/').normalize()
    files.set(key, { abs, size: fs.statSync(abs).size })
  }
  return { files, links }
}

// Dotfiles are not part of the site (a stray .env or .git must not be served), except /.well-known/.
const isHidden = (rel) => rel.split(path.sep).some((part, i) => part.startsWith('.') && !(i === 0 && part === '.well-known'))

/** A map of buffers that drops the least recently used once their bytes pass `capacity`. */
export class ByteLru {
  #items = new Map()
  #bytes = 0
  constructor(capacity) {
    this.capacity = capacity
  }
  get bytes() {
    return this.#bytes
  }
  get size() {
    return this.#items.size
  }
  get(key) {
    const item = this.#items.get(key)
    if (item === undefined) return undefined
    // Map keeps insertion order: moving a hit to the end leaves the oldest first in line to go.
    this.#items.delete(key)
    this.#items.set(key, item)
    return item.value
  }
  set(key, value, bytes) {
    const old = this.#items.get(key)
    if (old !== undefined) {
      this.#items.delete(key)
      this.#bytes -= old.bytes
    }
    if (bytes > this.capacity) return
    this.#items.set(key, { value, bytes })
    this.#bytes += bytes
    for (const [oldest, item] of this.#items) {
      if (this.#bytes <= this.capacity) break
      this.#items.delete(oldest)
      this.#bytes -= item.bytes
    }
  }
}

const ENCODINGS = { '.gz': 'gzip', '.br': 'br' }
// Text types nginx (deploy/site.conf) also labels UTF-8; mrmime has no entry for .ico.
const CHARSET = /^(text\/|application\/(json|javascript|xml|rss\+xml|atom\+xml|manifest\+json)$)/
const contentType = (name) => {
  const type = lookup(name) ?? (name.endsWith('.ico') ? 'image/x-icon' : 'application/octet-stream')
  return CHARSET.test(type) ? `${type}; charset=utf-8` : type
}
// Headers, strings and map slots of a cached file, counted against the cap beside its body.
const ENTRY_OVERHEAD = 1024
const NO_FOLLOW = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0)

/**
 * A request handler for the indexed folder: `handler(req, res, notFound)` answers GET and HEAD for
 * files in `files` and calls `notFound()` for anything else. `headers` (a flat [name, value, …]
 * list) go on every answer, `cacheControl(pathname)` gives each file's Cache-Control. Files up to
 * `maxFileBytes` are kept in memory, at most `cacheBytes` of them; larger ones are sent from disk.
 */
export function staticFiles({ files, headers, cacheControl, cacheBytes = 64 * 2 ** 20, maxFileBytes = Math.min(2 ** 20, cacheBytes / 16) }) {
  const cache = new ByteLru(cacheBytes)
  const loading = new Map()

  /** The response headers of one file, from the size and time of the copy being sent. */
  function describe(key, size, mtime) {
    const name = key.slice(key.lastIndexOf('/') + 1)
    const encoding = ENCODINGS[name.slice(-3)]
    const etag = `W/"${size}-${mtime.getTime()}"`
    const shared = [...headers, 'Vary', 'Accept-Encoding', 'Cache-Control', cacheControl(key), 'Last-Modified', mtime.toUTCString(), 'ETag', etag]
    const full = [...shared, 'Content-Type', contentType(encoding ? name.slice(0, -3) : name)]
    if (encoding) full.push('Content-Encoding', encoding)
    return { etag, size, notModified: shared, full, ok: [...full, 'Content-Length', String(size)] }
  }

  /** Reads a small file into the cache once, however many requests ask for it meanwhile. */
  function load(key, abs) {
    let pending = loading.get(key)
    if (pending) return pending
    pending = (async () => {
      const handle = await fs.promises.open(abs, NO_FOLLOW)
      try {
        const stats = await handle.stat()
        if (!stats.isFile()) return undefined
        // Node reads a file of known size into its own allocation, not Buffer's shared 8 KB pool
        // (a slice of which would keep the whole pool alive in the cache).
        const body = await handle.readFile()
        const file = { ...describe(key, body.length, stats.mtime), body }
        cache.set(key, file, body.length + ENTRY_OVERHEAD)
        return file
      } finally {
        await handle.close()
      }
    })().finally(() => loading.delete(key))
    loading.set(key, pending)
    return pending
  }

  /** Sends a file too large to cache straight from disk. */
  async function stream(req, res, key, abs, notFound) {
    const handle = await fs.promises.open(abs, NO_FOLLOW)
    let streaming = false
    try {
      const stats = await handle.stat()
      if (!stats.isFile()) return notFound()
      const file = describe(key, stats.size, stats.mtime)
      const range = answer(req, res, file)
      if (!range) return
      streaming = true
      // pipeline closes the file when the client goes away mid-way; pipe() would leave it open.
      pipeline(handle.createReadStream({ start: range.start, end: range.end }), res, () => {})
    } finally {
      if (!streaming) await handle.close()
    }
  }

  return function handler(req, res, notFound) {
    const key = resolve(files, pathnameOf(req.url), acceptsGzip(req.headers['accept-encoding']))
    if (key === undefined) return notFound()
    const file = cache.get(key)
    if (file !== undefined) return void answer(req, res, file)
    const { abs, size } = files.get(key)
    const sent = size <= maxFileBytes ? load(key, abs).then((loaded) => (loaded ? answer(req, res, loaded) : notFound())) : stream(req, res, key, abs, notFound)
    // A file deleted or replaced by a link since start: gone, as far as readers can tell.
    sent.catch(() => (res.headersSent ? res.destroy() : notFound()))
  }
}

/**
 * Writes the status, headers and (for GET) body of `file`: 304 when If-None-Match holds its ETag,
 * 206 or 416 for a Range. Returns the byte range still to send when `file` has no body in memory.
 */
function answer(req, res, file) {
  const match = req.headers['if-none-match']
  if (match !== undefined && etagMatches(match, file.etag)) {
    res.writeHead(304, file.notModified)
    return void res.end()
  }
  const range = req.method === 'GET' && req.headers.range !== undefined ? byteRange(req.headers.range, file.size) : undefined
  if (range === null) {
    res.writeHead(416, [...file.notModified, 'Content-Range', `bytes */${file.size}`])
    return void res.end()
  }
  if (range) {
    res.writeHead(206, [...file.full, 'Accept-Ranges', 'bytes', 'Content-Range', `bytes ${range.start}-${range.end}/${file.size}`, 'Content-Length', String(range.end - range.start + 1)])
  } else {
    res.writeHead(200, file.ok)
  }
  const { start, end } = range ?? { start: 0, end: file.size - 1 }
  if (file.body === undefined) {
    if (req.method === 'HEAD' || end < start) return void res.end()
    return { start, end }
  }
  // Node sends no body for HEAD by itself, and keeps the Content-Length of the GET.
  res.end(range ? file.body.subarray(start, end + 1) : file.body)
}

/** The URL path without query or fragment, percent-decoded (decodeURI keeps %2F: no new slashes). */
export function pathnameOf(url) {
  let pathname = url
  const hash = url.indexOf('#', 1)
  if (hash !== -1) pathname = pathname.slice(0, hash)
  const query = pathname.indexOf('?', 1)
  if (query !== -1) pathname = pathname.slice(0, query)
  if (pathname.includes('%')) {
    try {
      pathname = decodeURI(pathname)
    } catch {
      // Bad percent-encoding: looked up as written, so it matches no file.
    }
  }
  return pathname
}

/** True unless the client never mentions gzip or refuses it with q=0. */
export function acceptsGzip(header) {
  if (header === undefined || !header.includes('gzip')) return false
  return !/(^|,)\s*gzip\s*;\s*q\s*=\s*0(\.0*)?\s*(,|$)/i.test(header)
}

/**
 * The index key that answers `pathname`: the .gz copy first when the client takes gzip, then the
 * file itself, then with .html; each as `x` and as `x/index` (sirv's order, which npm start used).
 */
export function resolve(files, pathname, gzip) {
  const uri = pathname.endsWith('/') ? pathname.slice(0, -1) : pathname
  for (const extension of gzip ? EXTENSIONS_GZIP : EXTENSIONS) {
    if (uri && files.has(uri + extension)) return uri + extension
    if (files.has(uri + '/index' + extension)) return uri + '/index' + extension
  }
  return undefined
}
const EXTENSIONS = ['', '.html']
const EXTENSIONS_GZIP = ['.html.gz', '.gz', ...EXTENSIONS]

/** If-None-Match, compared weakly as RFC 9110 says: a list of tags, or `*`. */
function etagMatches(header, etag) {
  if (header === etag || header.trim() === '*') return true
  const opaque = etag.slice(2)
  return header.split(',').some((tag) => {
    const trimmed = tag.trim()
    return (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === opaque
  })
}

/**
 * The one byte range a `Range: bytes=…` header asks for within `size` bytes: undefined to send the
 * whole file (no usable range, or several), null when it lies past the end (416).
 */
export function byteRange(header, size) {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return undefined
  if (match[1] === '') {
    const suffix = Number(match[2])
    return suffix === 0 || size === 0 ? null : { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(match[1])
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  if (start >= size) return null
  return end < start ? undefined : { start, end }
}
