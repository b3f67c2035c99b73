// @vitest-environment node
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acceptsGzip, byteRange, ByteLru, indexFolder, pathnameOf, resolve, staticFiles } from '../../scripts/static-files.mjs'

let site: string
let server: http.Server | undefined

/** Writes `body` to `file` inside the temporary site. */
const write = (file: string, body: string | Buffer) => {
  fs.mkdirSync(path.dirname(path.join(site, file)), { recursive: true })
  fs.writeFileSync(path.join(site, file), body)
}

/** Serves the temporary site as it is now; resolves to its base URL. */
async function serve(cache: { cacheBytes?: number; maxFileBytes?: number } = {}): Promise<string> {
  const handler = staticFiles({ files: indexFolder(site).files, headers: ['X-Test', 'yes'], cacheControl: () => 'public, max-age=300', ...cache })
  server = http.createServer((req, res) => handler(req, res, () => res.writeHead(404).end('missing')))
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done))
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`
}

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** One request; the body comes back as sent (not unzipped). */
const get = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
  new Promise<Reply>((done, fail) => {
    http
      .request(url, { method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk) => chunks.push(chunk))
        res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', fail)
      .end()
  })

beforeEach(() => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'static-files-'))
})
afterEach(async () => {
  await new Promise((done) => (server ? server.close(done) : done(undefined)))
  server = undefined
  fs.rmSync(site, { recursive: true, force: true })
})

describe('indexFolder', () => {
  it('lists files by URL path, leaves out dotfiles but keeps /.well-known/, and reports links', () => {
    write('index.html', 'home')
    write('articles/a/index.html', 'a')
    write('.env', 'SECRET=1')
    write('articles/.git/config', 'x')
    write('.well-known/security.txt', 'contact')
    fs.symlinkSync('/etc/passwd', path.join(site, 'leak.txt'))
    const { files, links } = indexFolder(site)
    expect([...files.keys()].sort()).toEqual(['/.well-known/security.txt', '/articles/a/index.html', '/index.html'])
    expect(links).toEqual(['leak.txt'])
  })
})

describe('resolve', () => {
  const files = new Map(['/index.html', '/index.html.gz', '/a/index.html', '/b.html', '/feed.xml', '/feed.xml.gz', '/img.png'].map((key) => [key, {}]))
  it('maps /x/ and /x to x/index.html and x.html, like the site has always been served', () => {
    expect(resolve(files, '/', false)).toBe('/index.html')
    expect(resolve(files, '/a/', false)).toBe('/a/index.html')
    expect(resolve(files, '/a', false)).toBe('/a/index.html')
    expect(resolve(files, '/b', false)).toBe('/b.html')
    expect(resolve(files, '/img.png', true)).toBe('/img.png')
  })
  it('prefers the .gz copy only for clients that take gzip', () => {
    expect(resolve(files, '/', true)).toBe('/index.html.gz')
    expect(resolve(files, '/feed.xml', true)).toBe('/feed.xml.gz')
    expect(resolve(files, '/feed.xml', false)).toBe('/feed.xml')
  })
  it('finds nothing for paths that are not in the index, however they climb', () => {
    for (const pathname of ['/../etc/passwd', '/a/../index.html', '//index.html', '/a/./index.html', '/missing/']) {
      expect(resolve(files, pathname, false), pathname).toBeUndefined()
    }
  })
})

describe('pathnameOf', () => {
  it('drops the query and fragment and decodes percent-escapes except slashes', () => {
    expect(pathnameOf('/a/?q=1#top')).toBe('/a/')
    expect(pathnameOf('/%E6%96%87%E7%AB%A0/')).toBe('/文章/')
    expect(pathnameOf('/..%2fetc%2fpasswd')).toBe('/..%2fetc%2fpasswd')
    expect(pathnameOf('/%zz')).toBe('/%zz')
  })
})

describe('acceptsGzip', () => {
  it('is true when gzip is listed and false when it is absent or refused with q=0', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true)
    expect(acceptsGzip('br;q=1.0, gzip;q=0.5')).toBe(true)
    expect(acceptsGzip(undefined)).toBe(false)
    expect(acceptsGzip('identity')).toBe(false)
    expect(acceptsGzip('gzip;q=0, br')).toBe(false)
    expect(acceptsGzip('br, gzip ; q=0.000')).toBe(false)
  })
})

describe('byteRange', () => {
  it('reads one range, a suffix or an open end, and refuses ranges past the end', () => {
    expect(byteRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 })
    expect(byteRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 })
    expect(byteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 })
    expect(byteRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 })
    expect(byteRange('bytes=100-', 100)).toBeNull()
    expect(byteRange('bytes=-0', 100)).toBeNull()
  })
  it('ignores what it does not understand, so the whole file is sent', () => {
    for (const header of ['bytes=0-1,5-6', 'bytes=9-1', 'items=0-1', 'bytes=-', 'bytes=a-b']) expect(byteRange(header, 100), header).toBeUndefined()
  })
})

describe('ByteLru', () => {
  it('drops the least recently used items once their bytes pass the cap', () => {
    const lru = new ByteLru(30)
    lru.set('a', 'A', 10)
    lru.set('b', 'B', 10)
    lru.set('c', 'C', 10)
    expect(lru.get('a')).toBe('A') // a is now the most recent
    lru.set('d', 'D', 10)
    expect(lru.get('b')).toBeUndefined()
    expect([lru.get('a'), lru.get('c'), lru.get('d')]).toEqual(['A', 'C', 'D'])
    expect(lru.bytes).toBe(30)
  })
  it('never holds an item larger than the cap, and replaces a key without counting it twice', () => {
    const lru = new ByteLru(30)
    lru.set('big', 'X', 31)
    expect(lru.get('big')).toBeUndefined()
    lru.set('a', 'A', 20)
    lru.set('a', 'A2', 25)
    expect(lru.get('a')).toBe('A2')
    expect(lru.bytes).toBe(25)
  })
})

describe('staticFiles over HTTP', () => {
  it('sends the gzip copy with its encoding to gzip clients and the plain file to others', async () => {
    const html = '<!DOCTYPE html><title>首页</title>' + '正文'.repeat(500)
    write('index.html', html)
    write('index.html.gz', zlib.gzipSync(html))
    const base = await serve()
    const zipped = await get(`${base}/`, { 'Accept-Encoding': 'gzip, deflate' })
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(zipped.headers.vary).toBe('Accept-Encoding')
    expect(zlib.gunzipSync(zipped.body).toString()).toBe(html)
    const refusals: Record<string, string>[] = [{}, { 'Accept-Encoding': 'gzip;q=0, br' }]
    for (const headers of refusals) {
      const plain = await get(`${base}/`, headers)
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.body.toString()).toBe(html)
    }
  })

  it('labels text types UTF-8 and sends the headers it was given and the Cache-Control of the path', async () => {
    for (const name of ['a.css', 'a.js', 'a.json', 'a.xml', 'a.txt']) write(name, 'x')
    write('logo.png', Buffer.from([0x89, 0x50]))
    write('data.pf_fragment', 'x')
    const base = await serve()
    for (const name of ['a.css', 'a.js', 'a.json', 'a.xml', 'a.txt']) {
      const { headers } = await get(`${base}/${name}`)
      expect(headers['content-type'], name).toMatch(/; charset=utf-8$/)
      expect(headers['x-test']).toBe('yes')
      expect(headers['cache-control']).toBe('public, max-age=300')
    }
    expect((await get(`${base}/logo.png`)).headers['content-type']).toBe('image/png')
    expect((await get(`${base}/data.pf_fragment`)).headers['content-type']).toBe('application/octet-stream')
  })

  it('answers 304 without a body when If-None-Match holds the ETag, and 200 when it does not', async () => {
    write('index.html', 'home page')
    const base = await serve()
    const first = await get(`${base}/`)
    const etag = first.headers.etag!
    expect(etag).toMatch(/^W\/"9-\d+"$/)
    for (const match of [etag, `"other", ${etag}`, etag.slice(2), '*']) {
      const again = await get(`${base}/`, { 'If-None-Match': match })
      expect(again.status, match).toBe(304)
      expect(again.body.length).toBe(0)
      expect(again.headers.etag).toBe(etag)
      expect(again.headers['cache-control']).toBe('public, max-age=300')
    }
    expect((await get(`${base}/`, { 'If-None-Match': 'W/"9-1"' })).status).toBe(200)
  })

  it('answers HEAD with the headers of GET and no body', async () => {
    write('index.html', 'home page')
    const base = await serve()
    const head = await get(`${base}/`, {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers['content-length']).toBe('9')
    expect(head.body.length).toBe(0)
  })

  it('sends the byte range asked for, from memory and from disk alike', async () => {
    const big = Buffer.alloc(300_000, 'a')
    big.write('END', big.length - 3)
    write('small.txt', '0123456789')
    write('big.bin', big)
    const base = await serve({ maxFileBytes: 1000 }) // big.bin comes from disk
    const small = await get(`${base}/small.txt`, { Range: 'bytes=2-4' })
    expect(small.status).toBe(206)
    expect(small.headers['content-range']).toBe('bytes 2-4/10')
    expect(small.body.toString()).toBe('234')
    const tail = await get(`${base}/big.bin`, { Range: 'bytes=-3' })
    expect(tail.status).toBe(206)
    expect(tail.body.toString()).toBe('END')
    expect((await get(`${base}/big.bin`)).body.equals(big)).toBe(true)
    expect((await get(`${base}/small.txt`, { Range: 'bytes=10-' })).status).toBe(416)
  })

  it('keeps serving files from memory until the cap makes room for others, then reads them again', async () => {
    write('a.txt', 'old a')
    write('b.txt', 'B'.repeat(4000))
    write('c.txt', 'C'.repeat(4000))
    // Room for a.txt and one other file (each counted with 1 KB of headers), not all three.
    const base = await serve({ cacheBytes: 11_000, maxFileBytes: 5000 })
    expect((await get(`${base}/a.txt`)).body.toString()).toBe('old a')
    write('a.txt', 'new a')
    expect((await get(`${base}/a.txt`)).body.toString(), 'a.txt is served from memory').toBe('old a')
    await get(`${base}/b.txt`)
    await get(`${base}/c.txt`) // a.txt is now the least recently used: dropped
    expect((await get(`${base}/a.txt`)).body.toString(), 'a.txt is read again from disk').toBe('new a')
  })

  it('answers a file deleted since start as not found', async () => {
    write('gone.txt', 'soon gone')
    const base = await serve()
    fs.rmSync(path.join(site, 'gone.txt'))
    expect((await get(`${base}/gone.txt`)).status).toBe(404)
  })

  it('answers many requests at once for a file not yet in memory, each with the whole file', async () => {
    const page = Buffer.alloc(100_000, 'p')
    write('page.txt', page)
    const base = await serve()
    const replies = await Promise.all(Array.from({ length: 20 }, () => get(`${base}/page.txt`)))
    expect(replies.filter((reply) => reply.status === 200 && reply.body.equals(page))).toHaveLength(20)
  })
})
