// @vitest-environment node
// npm start's server (scripts/server/serve.ts) on real sockets: what it sends, what it refuses, and that a
// new release or a rewritten file is served within a second, without a restart.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cacheControl, HSTS, SECURITY_HEADERS } from '../../scripts/server/headers.mjs'
import { acceptsGzip, candidates, contentType, isPublic, MAX_PIPELINED, requestPath, type RunningServer, startServer } from '../../scripts/server/serve'
import { get, page, PORT_BASE, publish, raw, root, siteFiles, sleep, statusOf, writeFiles } from './serve-fixtures'

const PORT = PORT_BASE // this file uses PORT_BASE + 0 … + 2
let tmp: string
let running: RunningServer | undefined

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-test-'))
})
afterEach(async () => {
  await running?.close()
  running = undefined
  fs.rmSync(tmp, { recursive: true, force: true })
})

/** Serves a plain folder of `siteFiles()` plus `extra`; resolves to the base URL (no trailing slash). */
async function servePlain(extra: Record<string, string | Buffer> = {}, options: Parameters<typeof startServer>[0] = {}) {
  const out = path.join(tmp, 'out')
  writeFiles(out, { ...siteFiles(), ...extra })
  running = await startServer({ dir: out, port: PORT, host: '127.0.0.1', ...options })
  return running.url.slice(0, -1)
}

/** Restarts the server on the folder servePlain() wrote, with other options. */
async function servePlainAgain(options: Parameters<typeof startServer>[0]) {
  await running?.close()
  running = await startServer({ dir: path.join(tmp, 'out'), port: PORT, host: '127.0.0.1', ...options })
  return running.url.slice(0, -1)
}

const GZIP = { 'Accept-Encoding': 'gzip, deflate, br' }

describe('paths', () => {
  it('decodes the path of origin- and absolute-form targets, and refuses bad encoding and NUL', () => {
    expect(requestPath('/a/?q=1#top')).toBe('/a/')
    expect(requestPath('/%E6%96%87%E7%AB%A0/')).toBe('/文章/')
    expect(requestPath('/..%2fetc%2fpasswd')).toBe('/../etc/passwd')
    expect(requestPath('http://127.0.0.1/../x')).toBe('/../x')
    expect(requestPath('http://127.0.0.1')).toBe('/')
    for (const bad of ['/%zz', '/%', '/%c0%ae', '/index.html%00.txt', '*', 'ftp://x/']) expect(requestPath(bad), bad).toBeUndefined()
  })

  it('lets no dot segment, empty segment, dotfile or error page through', () => {
    for (const ok of ['/', '/a/', '/a/b.css', '/.well-known/security.txt', '/articles/404-report/', '/articles/404.html']) expect(isPublic(ok), ok).toBe(true)
    for (const bad of ['/../x', '/a/../b', '/./a', '/a/.', '//a', '/a//b', '/.env', '/a/.git/config', '/x/.well-known/a', '/404.html', '/404.html.gz']) {
      expect(isPublic(bad), bad).toBe(false)
    }
  })

  it('maps /x/ to x/index.html and /x to x, x.html, x/index.html (nginx try_files)', () => {
    expect(candidates('/')).toEqual(['/index.html'])
    expect(candidates('/a/')).toEqual(['/a/index.html'])
    expect(candidates('/a')).toEqual(['/a', '/a.html', '/a/index.html'])
  })

  it('takes gzip unless it is absent or refused with q=0', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true)
    expect(acceptsGzip('br;q=1.0, gzip;q=0.5')).toBe(true)
    expect(acceptsGzip(undefined)).toBe(false)
    expect(acceptsGzip('identity')).toBe(false)
    expect(acceptsGzip('gzip;q=0, br')).toBe(false)
    expect(acceptsGzip('br, gzip ; q=0.000')).toBe(false)
  })

  it('labels text types UTF-8 and knows the site’s other types', () => {
    for (const name of ['a.html', 'a.css', 'a.js', 'a.json', 'a.xml', 'a.txt', 'a.webmanifest']) expect(contentType(name), name).toMatch(/; charset=utf-8$/)
    expect(contentType('a.png')).toBe('image/png')
    expect(contentType('favicon.ico')).toBe('image/x-icon')
    expect(contentType('a.pf_fragment')).toBe('application/octet-stream')
    expect(contentType('a.wasm')).toBe('application/wasm')
  })
})

describe('serving a folder', () => {
  it('sends the .gz file with Content-Encoding to gzip clients and the plain file to others, with Vary', async () => {
    const base = await servePlain()
    const zipped = await get(`${base}/`, GZIP)
    expect(zipped.status).toBe(200)
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(zipped.headers.vary).toBe('Accept-Encoding')
    expect(zipped.body.equals(fs.readFileSync(path.join(tmp, 'out/index.html.gz')))).toBe(true)
    for (const headers of [{}, { 'Accept-Encoding': 'gzip;q=0, br' }, { 'Accept-Encoding': 'identity' }] as Record<string, string>[]) {
      const plain = await get(`${base}/`, headers)
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.headers.vary).toBe('Accept-Encoding')
      expect(plain.text).toBe(page('首页'))
    }
    // The .gz file asked for by name is a gzip file, not HTML sent gzipped, however often the two are asked.
    for (let i = 0; i < 2; i++) {
      const file = await get(`${base}/index.html.gz`, GZIP)
      expect(file.headers['content-type']).toBe('application/gzip')
      expect(file.headers['content-encoding']).toBeUndefined()
      expect((await get(`${base}/`, GZIP)).headers['content-encoding']).toBe('gzip')
    }
    // A file with no .gz beside it goes out as it is, to everyone.
    const png = await get(`${base}/logo.png`, GZIP)
    expect(png.headers['content-encoding']).toBeUndefined()
    expect(png.headers['content-type']).toBe('image/png')
  })

  it('sends the security headers and Cache-Control of scripts/server/headers.mjs, and HSTS only when told', async () => {
    const base = await servePlain()
    for (const pathname of ['/', '/articles/', '/_next/static/chunks/app.css', '/pagefind/pagefind.js', '/no/such/page/', '/feed.xml']) {
      const { status, headers } = await get(`${base}${pathname}`, GZIP)
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers[name.toLowerCase()], `${name} on ${pathname}`).toBe(value)
      expect(headers['strict-transport-security']).toBeUndefined()
      expect(headers['x-powered-by']).toBeUndefined()
      expect(headers['cache-control'], pathname).toBe(status === 404 ? 'no-cache' : cacheControl(pathname))
    }
    await servePlainAgain({ hsts: true })
    expect((await get(`${base}/`)).headers['strict-transport-security']).toBe(HSTS)
    expect((await get(`${base}/missing/`)).headers['strict-transport-security']).toBe(HSTS)
  })

  it('labels HTML, CSS, JavaScript, XML and text UTF-8, plain or gzip', async () => {
    const base = await servePlain()
    for (const pathname of ['/', '/_next/static/chunks/app.css', '/js/reader.js', '/feed.xml', '/robots.txt']) {
      for (const headers of [{}, GZIP]) {
        const reply = await get(`${base}${pathname}`, headers)
        expect(reply.status, pathname).toBe(200)
        expect(reply.headers['content-type'], pathname).toMatch(/; charset=utf-8$/)
      }
    }
    expect((await get(`${base}/pagefind/index/a.pf_index`)).headers['content-type']).toBe('application/octet-stream')
  })

  it('answers 304 without a body when If-None-Match holds the ETag, plain or gzip, and 200 when not', async () => {
    const base = await servePlain()
    for (const encoding of [{}, GZIP]) {
      const first = await get(`${base}/`, encoding)
      const etag = first.headers.etag!
      expect(etag).toMatch(/^W\/".+"$/)
      for (const match of [etag, `"other", ${etag}`, etag.slice(2), '*']) {
        const again = await get(`${base}/`, { ...encoding, 'If-None-Match': match })
        expect(again.status, match).toBe(304)
        expect(again.body.length).toBe(0)
        expect(again.headers.etag).toBe(etag)
        expect(again.headers['cache-control']).toBe(cacheControl('/'))
        expect(again.headers['content-security-policy']).toBe(SECURITY_HEADERS['Content-Security-Policy'])
      }
      expect((await get(`${base}/`, { ...encoding, 'If-None-Match': '"not-it"' })).status).toBe(200)
    }
    // The gzip and plain files are two representations: two ETags.
    expect((await get(`${base}/`, GZIP)).headers.etag).not.toBe((await get(`${base}/`)).headers.etag)
  })

  it('answers HEAD with the headers of GET and no body', async () => {
    const base = await servePlain()
    for (const headers of [{}, GZIP]) {
      const full = await get(`${base}/`, headers)
      const head = await get(`${base}/`, headers, 'HEAD')
      expect(head.status).toBe(200)
      expect(head.body.length).toBe(0)
      expect(head.headers['content-length']).toBe(String(full.body.length))
      expect(head.headers.etag).toBe(full.headers.etag)
    }
    const missing = await get(`${base}/missing/`, {}, 'HEAD')
    expect(missing.status).toBe(404)
    expect(missing.body.length).toBe(0)
  })

  it('sends the byte range asked for, and 416 past the end; a large file whole, byte for byte', async () => {
    const big = Buffer.alloc(300_000, 'a')
    big.write('END', big.length - 3)
    const base = await servePlain({ 'big.bin': big })
    const part = await get(`${base}/robots.txt`, { Range: 'bytes=0-9' })
    expect(part.status).toBe(206)
    expect(part.headers['content-range']).toBe('bytes 0-9/14')
    expect(part.text).toBe('User-agent')
    const tail = await get(`${base}/big.bin`, { Range: 'bytes=-3' })
    expect(tail.status).toBe(206)
    expect(tail.text).toBe('END')
    const beyond = await get(`${base}/robots.txt`, { Range: 'bytes=100-' })
    expect(beyond.status).toBe(416)
    expect(beyond.headers['content-range']).toBe('bytes */14')
    const whole = await get(`${base}/big.bin`)
    expect(whole.body.equals(big)).toBe(true)
  })

  it('ignores a Range that is not valid byte-range syntax and an If-Modified-Since in the future: the whole file, 200', async () => {
    const base = await servePlain()
    for (const range of ['bytes=1e3-', 'bytes=0x10-', 'bytes=+1-5', 'bytes=1.5-', 'bytes= 1-2 3', 'items=0-1']) {
      const reply = await get(`${base}/robots.txt`, { Range: range })
      expect(reply.status, range).toBe(200)
      expect(reply.text, range).toBe(fs.readFileSync(path.join(tmp, 'out/robots.txt'), 'utf8'))
      expect(reply.headers['content-range'], range).toBeUndefined()
    }
    const first = await get(`${base}/robots.txt`)
    const future = new Date(Date.now() + 365 * 86_400_000).toUTCString()
    for (const since of [future, 'not a date']) {
      const reply = await get(`${base}/robots.txt`, { 'If-Modified-Since': since })
      expect(reply.status, since).toBe(200)
      expect(reply.text).toBe(first.text)
    }
    // A real one still answers 304.
    expect((await get(`${base}/robots.txt`, { 'If-Modified-Since': first.headers['last-modified']! })).status).toBe(304)
  })

  it('answers a request with two Host headers with 400', async () => {
    await servePlain()
    const twice = await raw(PORT, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n')
    expect(statusOf(twice)).toBe(400)
    const once = await raw(PORT, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    expect(statusOf(once)).toBe(200)
  })

  it("answers what is not there with the site's own 404 page and status 404, and /404.html asked directly too", async () => {
    const base = await servePlain()
    for (const pathname of ['/no/such/page/', '/articles/nope/', '/_next/static/missing.css', '/404.html', '/404.html.gz', '/.env', '/articles/old-news/.git']) {
      const reply = await get(`${base}${pathname}`)
      expect(reply.status, pathname).toBe(404)
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(reply.headers['cache-control']).toBe('no-cache')
      expect(reply.text).toContain('页面不存在')
    }
    const zipped = await get(`${base}/no/such/page/`, GZIP)
    expect(zipped.status).toBe(404)
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.text).toContain('页面不存在')
  })

  it('finds /x as x, x.html or x/index.html, and serves /.well-known/', async () => {
    const base = await servePlain()
    expect((await get(`${base}/about`)).text).toBe(page('关于'))
    expect((await get(`${base}/articles/old-news`, GZIP)).text).toBe(page('旧闻'))
    expect((await get(`${base}/articles/old-news/`)).text).toBe(page('旧闻'))
    expect((await get(`${base}/articles/old-news/index.html`)).text).toBe(page('旧闻'))
    expect((await get(`${base}/.well-known/security.txt`)).status).toBe(200)
  })

  it('answers other methods with 405 and Allow', async () => {
    const base = await servePlain()
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'PROPFIND']) {
      const reply = await get(`${base}/`, {}, method)
      expect(reply.status, method).toBe(405)
      expect(reply.headers.allow).toBe('GET, HEAD')
      expect(reply.headers['content-security-policy']).toBe(SECURITY_HEADERS['Content-Security-Policy'])
    }
  })

  it('never follows a symbolic link inside the site, and never leaves it, however the path is spelled', async () => {
    const canary = `CANARY-${Date.now()}`
    fs.writeFileSync(path.join(tmp, 'canary.txt'), canary)
    const base = await servePlain()
    const out = path.join(tmp, 'out')
    // A page served (and kept in memory) before its folder became a link to a copy elsewhere.
    for (const headers of [{}, GZIP]) expect((await get(`${base}/articles/old-news/`, headers)).status).toBe(200)
    fs.cpSync(path.join(out, 'articles/old-news'), path.join(tmp, 'moved'), { recursive: true })
    fs.rmSync(path.join(out, 'articles/old-news'), { recursive: true })
    fs.symlinkSync(path.join(tmp, 'moved'), path.join(out, 'articles/old-news'))
    fs.symlinkSync('../canary.txt', path.join(out, 'leak.txt'))
    fs.symlinkSync('..', path.join(out, 'up'))
    fs.symlinkSync('index.html', path.join(out, 'home.html')) // even to a file of the site
    fs.symlinkSync('articles', path.join(out, 'news'))
    for (const pathname of ['/leak.txt', '/up/canary.txt', '/up/out/index.html', '/home.html', '/home', '/news/', '/news/old-news/', '/articles/old-news/']) {
      for (const headers of [{}, GZIP]) {
        const reply = await get(`${base}${pathname}`, headers)
        expect(reply.status, pathname).toBe(404)
        expect(reply.text).not.toContain(canary)
        expect(reply.text).not.toBe(page('首页'))
      }
    }
    const targets = [
      '/../canary.txt',
      '/%2e%2e/canary.txt',
      '/.%2e/canary.txt',
      '/..%2fcanary.txt',
      '/%252e%252e/canary.txt',
      '/articles/..%2f..%2fcanary.txt',
      '/..\\canary.txt',
      '/%5c..%5ccanary.txt',
      '/%c0%ae%c0%ae/canary.txt',
      '//../canary.txt',
      'http://127.0.0.1/../canary.txt',
      '/index.html%00.txt',
      '/' + '../'.repeat(4_000) + 'canary.txt',
      '/' + 'a'.repeat(100 * 1024),
    ]
    for (const target of targets) {
      const response = await raw(PORT, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
      const status = statusOf(response)
      expect(status, target.slice(0, 60)).toBeGreaterThanOrEqual(400)
      expect(status).toBeLessThan(500)
      expect(response).not.toContain(canary)
    }
  })

  it('answers pipelined requests in order, and drops a connection that sends more than MAX_PIPELINED at once', async () => {
    const base = await servePlain()
    const head = (pathname: string) => `GET ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`
    const pathnames = Array.from({ length: 20 }, (_, i) => ['/robots.txt', '/about', '/feed.xml', '/missing/'][i % 4])
    const response = await raw(PORT, pathnames.map(head).join('') + head('/').replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'))
    const statuses = [...response.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1]))
    expect(statuses).toEqual([...pathnames.map((pathname) => (pathname === '/missing/' ? 404 : 200)), 200])
    expect(response.indexOf('User-agent')).toBeLessThan(response.indexOf('<rss>'))
    const flood = await raw(PORT, head('/').repeat(MAX_PIPELINED + 1))
    expect(flood).toBe('')
    expect((await get(`${base}/`)).status).toBe(200)
  })

  it('answers a file deleted or rewritten since the last request as it is now, though it keeps small files in memory', async () => {
    const base = await servePlain({ 'gone.txt': 'soon gone', 'a.txt': 'old a', 'b.txt': 'old b' })
    expect((await get(`${base}/a.txt`)).text).toBe('old a')
    expect((await get(`${base}/b.txt`)).text).toBe('old b')
    fs.rmSync(path.join(tmp, 'out/gone.txt'))
    fs.writeFileSync(path.join(tmp, 'out/a.txt'), 'new a, longer')
    fs.writeFileSync(path.join(tmp, 'out/b.txt'), 'new b') // the same size
    expect((await get(`${base}/gone.txt`)).status).toBe(404)
    expect((await get(`${base}/a.txt`)).text).toBe('new a, longer')
    expect((await get(`${base}/b.txt`)).text).toBe('new b')
  })

  it('sends every byte of files too large to keep in memory, from disk, ranges too', async () => {
    const big = Buffer.alloc(300_000, 'a')
    big.write('END', big.length - 3)
    // 64 KB of cache keeps files up to 4 KB: big.bin is read from disk every time.
    const base = await servePlain({ 'big.bin': big }, { cacheBytes: 64 * 1024 })
    for (let i = 0; i < 2; i++) expect((await get(`${base}/big.bin`)).body.equals(big)).toBe(true)
    const tail = await get(`${base}/big.bin`, { Range: 'bytes=299990-' })
    expect(tail.status).toBe(206)
    expect(tail.body.equals(big.subarray(299_990))).toBe(true)
    for (const cacheBytes of [0, 0.02 * 2 ** 20]) {
      const other = await servePlainAgain({ cacheBytes }) // none, and SERVE_CACHE_MB=0.02
      for (let i = 0; i < 2; i++) {
        expect((await get(`${other}/big.bin`)).body.equals(big)).toBe(true)
        expect((await get(`${other}/`, GZIP)).text).toBe(page('首页'))
      }
    }
  })
})

/** Polls until every check holds; resolves to the milliseconds that took, or throws after `limit`. */
async function within(limit: number, checks: Record<string, () => Promise<boolean>>): Promise<number> {
  const start = performance.now()
  const failing = new Set(Object.keys(checks))
  while (performance.now() - start < limit + 2_000) {
    for (const [name, check] of Object.entries(checks)) if (await check()) failing.delete(name)
    else failing.add(name)
    if (failing.size === 0) return performance.now() - start
    await sleep(25)
  }
  throw new Error(`still stale after ${limit + 2_000} ms: ${[...failing].join(', ')}`)
}

describe('never stale', () => {
  const releaseOne = () => ({ ...siteFiles('首页 第一版'), 'articles/gone-soon/index.html': page('将被删除的文章') })
  const releaseTwo = () => ({ ...siteFiles('首页 第二版'), 'articles/brand-new/index.html': page('新文章') })

  /** The four things a reader sees after a publish, each true once it shows the new release. */
  const fresh = (base: string) => ({
    'home (gzip)': async () => (await get(`${base}/`, GZIP)).text.includes('首页 第二版'),
    'home (plain)': async () => (await get(`${base}/`)).text.includes('首页 第二版'),
    'new article 200': async () => (await get(`${base}/articles/brand-new/`, GZIP)).status === 200,
    'deleted article 404': async () => (await get(`${base}/articles/gone-soon/`, GZIP)).status === 404,
  })

  it('serves a new release within a second of the out link switching to it, gzip and plain', async () => {
    const site = path.join(tmp, 'site')
    const first = publish(site, 'r1', releaseOne())
    running = await startServer({ dir: path.join(site, 'out'), port: PORT + 1, host: '127.0.0.1' })
    const base = running.url.slice(0, -1)
    // Readers (gzip and plain) have the old home page and article, as a browser would.
    expect((await get(`${base}/`, GZIP)).text).toContain('首页 第一版')
    expect((await get(`${base}/`)).text).toContain('首页 第一版')
    expect((await get(`${base}/articles/gone-soon/`, GZIP)).status).toBe(200)
    expect((await get(`${base}/articles/brand-new/`)).status).toBe(404)

    publish(site, 'r2', releaseTwo())
    const took = await within(1_000, fresh(base))
    expect(took, `the new release was served after ${Math.round(took)} ms`).toBeLessThan(1_000)
    // The builder deletes the old release after a grace period: nothing changes for readers.
    fs.rmSync(first, { recursive: true })
    expect((await get(`${base}/`, GZIP)).text).toContain('首页 第二版')
    expect((await get(`${base}/articles/brand-new/`)).status).toBe(200)
  }, 20_000)

  it('serves a plain out folder as it is on disk within a second of files being rewritten', async () => {
    const out = path.join(tmp, 'out')
    writeFiles(out, releaseOne())
    running = await startServer({ dir: out, port: PORT + 1, host: '127.0.0.1' })
    const base = running.url.slice(0, -1)
    expect((await get(`${base}/`, GZIP)).text).toContain('首页 第一版')
    expect((await get(`${base}/`)).text).toContain('首页 第一版')
    expect((await get(`${base}/articles/gone-soon/`)).status).toBe(200)

    writeFiles(out, releaseTwo())
    fs.rmSync(path.join(out, 'articles/gone-soon'), { recursive: true })
    const took = await within(1_000, fresh(base))
    expect(took).toBeLessThan(1_000)
  }, 20_000)

  it('keeps answering, whole and from one release, while releases are switched and deleted at once', async () => {
    const site = path.join(tmp, 'site')
    const homes = new Set<string>()
    let previous = publish(site, 'r0', siteFiles('首页 0'))
    homes.add(page('首页 0'))
    running = await startServer({ dir: path.join(site, 'out'), port: PORT + 2, host: '127.0.0.1' })
    const base = running.url.slice(0, -1)
    let switching = true
    const statuses: number[] = []
    const wrong: string[] = []
    const reader = async (headers: Record<string, string>) => {
      while (switching) {
        const reply = await get(`${base}/`, headers)
        statuses.push(reply.status)
        if (reply.status === 200 && !homes.has(reply.text)) wrong.push(reply.text.slice(0, 80))
      }
    }
    const readers = Promise.all([reader({}), reader(GZIP), reader({}), reader(GZIP)])
    try {
      for (let i = 1; i <= 30; i++) {
        homes.add(page(`首页 ${i}`))
        const next = publish(site, `r${i}`, siteFiles(`首页 ${i}`))
        // No grace period at all: the old release goes while requests may be reading it.
        fs.rmSync(previous, { recursive: true })
        previous = next
        await sleep(30)
      }
    } finally {
      switching = false
      await readers
    }
    expect(statuses.length).toBeGreaterThan(20)
    expect(wrong).toEqual([])
    // A reader may see a 404 only if its whole release vanished between two looks at the link.
    expect(statuses.filter((status) => status !== 200 && status !== 404)).toEqual([])
    expect(statuses.filter((status) => status === 200).length / statuses.length).toBeGreaterThan(0.9)
    expect((await get(`${base}/`)).text).toBe(page('首页 30'))
  }, 20_000)
})

describe('slow and idle sockets (short timeouts)', () => {
  const timeouts = { headers: 600, request: 1_000, idle: 600, keepAlive: 300, check: 100 }

  /**
   * Opens a socket, runs `use` on it, and resolves to how long the server kept it open (ms), seen
   * from the server: a client that does not read would not notice the close.
   */
  const heldFor = (use: (socket: net.Socket) => void) =>
    new Promise<number>((resolve) => {
      const start = performance.now()
      running!.server.once('connection', (accepted: net.Socket) => accepted.on('close', () => resolve(performance.now() - start)))
      const socket = net.connect(PORT, '127.0.0.1', () => use(socket))
      socket.on('data', () => {})
      socket.on('error', () => {})
      socket.on('close', () => socket.destroy())
    })

  it('closes a socket that says nothing, one that sends its headers too slowly, and an idle keep-alive one', async () => {
    await servePlain({}, { timeouts })
    const silentMs = await heldFor(() => {})
    const slowMs = await heldFor((socket) => {
      socket.write('GET / HTTP/1.1\r\n')
      const timer = setInterval(() => (socket.writable ? socket.write('X-a: b\r\n') : clearInterval(timer)), 100)
      socket.on('close', () => clearInterval(timer))
    })
    const keepAliveMs = await heldFor((socket) => socket.write('GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n'))
    expect(silentMs).toBeGreaterThan(500)
    expect(silentMs).toBeLessThan(1_500)
    expect(slowMs).toBeGreaterThan(500)
    expect(slowMs).toBeLessThan(1_500)
    expect(keepAliveMs).toBeLessThan(2_500) // keepAlive + Node's 1 s
  }, 15_000)

  it('closes the connection of a client that stops reading a large answer', async () => {
    await servePlain({ 'big.bin': Buffer.alloc(20 * 2 ** 20, 'b') }, { timeouts })
    const ms = await heldFor((socket) => {
      socket.write('GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n')
      socket.pause() // and never reads
    })
    expect(ms).toBeLessThan(3_000)
  }, 15_000)
})

describe('clients that never read a large file', () => {
  it('reads large files for them two chunks at a time in all, so pages are still answered meanwhile', async () => {
    const base = await servePlain({ 'big.bin': Buffer.alloc(8 * 2 ** 20, 'b') })
    // Every read of a large file goes through a FileHandle: count how many run at once.
    const probe = await fs.promises.open(path.join(tmp, 'out/robots.txt'))
    const prototype = Object.getPrototypeOf(probe) as { read: (...args: unknown[]) => Promise<unknown> }
    await probe.close()
    const read = prototype.read
    let reading = 0
    let most = 0
    prototype.read = async function (this: unknown, ...args: unknown[]) {
      most = Math.max(most, ++reading)
      try {
        return await read.apply(this, args)
      } finally {
        reading--
      }
    }
    const readers: net.Socket[] = []
    try {
      let answered = 0
      for (let i = 0; i < 100; i++) {
        const socket = net.connect(PORT, '127.0.0.1', () => {
          socket.write('GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n')
          socket.pause() // and never reads
        })
        socket.once('readable', () => answered++)
        socket.on('error', () => {})
        readers.push(socket)
      }
      // Until every one of them has its answer started, pages keep being asked for and answered.
      let pages = 0
      while (answered < readers.length || pages < 20) {
        expect((await get(`${base}/`, GZIP)).status).toBe(200)
        pages++
      }
      expect(most).toBeLessThanOrEqual(2)
    } finally {
      prototype.read = read
      for (const socket of readers) socket.destroy()
    }
  }, 60_000)
})

describe('running short of connections', () => {
  it('closes the oldest connections that sent no whole request, so real requests are still answered', async () => {
    const base = await servePlain({}, { maxConnections: 40 })
    const attackers: net.Socket[] = []
    let closedByServer = 0
    for (let i = 0; i < 150; i++) {
      const socket = net.connect(PORT, '127.0.0.1', () => (i % 2 ? socket.write('GET / HTTP/1.1\r\nHost: x\r\n') : undefined))
      socket.on('data', () => {})
      socket.on('error', () => {})
      socket.on('close', () => closedByServer++)
      attackers.push(socket)
    }
    for (let waited = 0; closedByServer < 110 && waited < 5_000; waited += 50) await sleep(50)
    const connections = () => new Promise<number>((resolve) => running!.server.getConnections((_, count) => resolve(count)))
    expect(await connections()).toBeLessThanOrEqual(40)
    expect(closedByServer).toBeGreaterThanOrEqual(110)
    for (let i = 0; i < 20; i++) {
      const start = performance.now()
      expect((await get(`${base}/`)).status).toBe(200)
      expect(performance.now() - start).toBeLessThan(1_000)
    }
    for (const socket of attackers) socket.destroy()
  }, 20_000)
})

describe('the command line', () => {
  const cli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/server/serve.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...env } })

  it('says in one line, without a stack trace, that the port is busy, and exits non-zero', async () => {
    const out = path.join(tmp, 'out')
    writeFiles(out, siteFiles())
    const busy = net.createServer()
    await new Promise<void>((resolve) => busy.listen(PORT + 2, '127.0.0.1', resolve))
    try {
      for (const result of [cli(['--dir', out, '--port', String(PORT + 2), '--host', '127.0.0.1']), cli(['--dir', out], { PORT: String(PORT + 2), HOST: '127.0.0.1' })]) {
        expect(result.status).toBe(1)
        expect(result.stderr.trim().split('\n')).toHaveLength(1)
        expect(result.stderr).toContain(String(PORT + 2))
        expect(result.stderr).toMatch(/占用|in use/)
        expect(result.stderr).not.toMatch(/\n\s+at /)
      }
    } finally {
      busy.close()
    }
  }, 60_000)

  it('refuses a port that is not a number, an unknown option, and a folder with no site', () => {
    const out = path.join(tmp, 'out')
    writeFiles(out, siteFiles())
    for (const [args, env] of [[['--dir', out, '--port', 'abc']], [['--dir', out], { PORT: '99999' }], [['--dir', out, '--prot', '1']], [['--dir', tmp, '--port', String(PORT)]]] as [string[], Record<string, string>?][]) {
      const result = cli(args, env)
      expect(result.status, args.join(' ')).not.toBe(0)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(/^✖/)
    }
  }, 60_000)
})

