import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { expect, test } from '@playwright/test'
import { cacheControl, HSTS, SECURITY_HEADERS } from '../../scripts/server/headers.mjs'
import { checkConfig, hasNginx, startNginx } from '../../scripts/tools/nginx.mjs'
import { raw, statusOf } from '../unit/serve-fixtures'
import { outDir } from './sites.mjs'

// Both servers that ship, on real sockets: `npm start` (scripts/server/serve.ts) and nginx with
// deploy/site.conf. They serve a copy of the built site with a canary file beside it (and, for
// nginx, symbolic links inside it that point at the canary), and must never hand the canary out.
// Hostile requests go over raw sockets: browsers and HTTP clients would tidy the paths first.

const root = path.resolve(import.meta.dirname, '../..')
const ports = Number(process.env.E2E_PORT_BASE || 4310) + 20
const PORT = { nginx: ports, nginxTls: ports + 1, serve: ports + 2, serveHsts: ports + 3, searchNginx: ports + 4, searchServe: ports + 5 }
const TLS = { port: PORT.nginxTls, cert: path.join(root, 'tests/fixtures/tls/localhost.crt'), key: path.join(root, 'tests/fixtures/tls/localhost.key') }
const CANARY = `CANARY-${randomUUID()}`

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** One request over a fresh connection; the body is decoded as sent (not unzipped). */
function get(base: string, pathname: string, options: http.RequestOptions = {}): Promise<Reply> {
  const client = base.startsWith('https:') ? https : http
  return new Promise((resolve, reject) => {
    const request = client.request(new URL(pathname, base), { agent: false, rejectUnauthorized: false, ...options }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }))
    })
    request.on('error', reject)
    request.end()
  })
}

/** Request heads that try to leave out/, or that no static site should accept. */
const request = (target: string, extra = '', method = 'GET') =>
  `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`
const HOSTILE: [string, string][] = [
  ...[
    '/../canary.txt',
    '/../../canary.txt',
    '/articles/../../canary.txt',
    '/%2e%2e/canary.txt',
    '/%2E%2E/%2e%2e/canary.txt',
    '/.%2e/canary.txt',
    '/%252e%252e/canary.txt',
    '/%252e%252e%252fcanary.txt',
    '/..%2fcanary.txt',
    '/..%2f..%2fcanary.txt',
    '/articles/..%2f..%2f..%2fcanary.txt',
    '/..\\canary.txt',
    '/..%5ccanary.txt',
    '/%5c..%5c..%5ccanary.txt',
    '/%c0%ae%c0%ae/canary.txt',
    '//../canary.txt',
    '/./../canary.txt',
    '/../../../../../../../../etc/passwd',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/index.html%00.txt',
    '/%00',
    '/%',
    '/%zz',
    'http://127.0.0.1/../canary.txt',
    '/' + 'a'.repeat(10 * 1024),
    '/' + '../'.repeat(4_000) + 'canary.txt',
    '/' + 'a'.repeat(100 * 1024),
  ].map((target): [string, string] => [`GET ${target.length > 60 ? target.slice(0, 40) + `… (${target.length} bytes)` : target}`, request(target)]),
  ...['DELETE', 'TRACE', 'PROPFIND', 'OPTIONS', 'POST', 'PATCH', 'FOO'].map((method): [string, string] => [method, request('/', '', method)]),
  ['PUT with a body', request('/index.html', 'Content-Length: 5\r\n', 'PUT') + 'owned'],
  ['a 64 KB header', request('/', `X-Big: ${'a'.repeat(64 * 1024)}\r\n`)],
  ['300 headers of 256 bytes', request('/', Array.from({ length: 300 }, (_, i) => `X-H${i}: ${'b'.repeat(256)}\r\n`).join(''))],
  ['Content-Length with Transfer-Encoding', request('/', 'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n') + '0\r\n\r\n'],
]

/** A copy of the built site in a temp folder, with the canary beside it and above it. */
function makeSite(dir: string, { links = false } = {}) {
  const site = path.join(dir, 'out')
  // out is a link to the newest release: copy the release itself.
  fs.cpSync(fs.realpathSync(outDir('seed')), site, { recursive: true })
  fs.writeFileSync(path.join(dir, 'canary.txt'), CANARY)
  if (links) {
    fs.symlinkSync('../canary.txt', path.join(site, 'leak.txt'))
    fs.symlinkSync('..', path.join(site, 'up'))
  }
  return site
}

/** The files of a site copied by makeSite, as URL paths, leaving out the links and .gz files. */
const sitePaths = (site: string) =>
  fs
    .readdirSync(site, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.gz'))
    .map((entry) => '/' + path.relative(site, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))

async function startServe(site: string, port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/server/serve.ts', '--dir', site, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  })
  for (let i = 0; i < 200; i++) {
    if (await get(`http://127.0.0.1:${port}`, '/').then(() => true, () => false)) return child
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`serve.ts did not start on port ${port}`)
}

const stopChild = (child?: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null) return resolve()
    child.on('exit', () => resolve())
    child.kill()
  })

// One worker runs this file in order: its servers listen on fixed ports.
test.describe.configure({ mode: 'default' })

test.describe('serving the built site', () => {
  let tmp: string
  let serve: ChildProcess | undefined
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined
  const servers: { name: string; base: () => string; port: number }[] = [
    { name: 'npm start', base: () => `http://127.0.0.1:${PORT.serve}`, port: PORT.serve },
    { name: 'nginx', base: () => `http://127.0.0.1:${PORT.nginx}`, port: PORT.nginx },
  ]

  test.beforeAll(async () => {
    expect(hasNginx(), 'nginx is installed (apt-get install nginx; .ci/run does it)').toBe(true)
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lzfzw-serving-'))
    fs.chmodSync(tmp, 0o755)
    serve = await startServe(makeSite(path.join(tmp, 'plain'), { links: true }), PORT.serve)
    nginx = await startNginx({ site: makeSite(path.join(tmp, 'linked'), { links: true }), port: PORT.nginx, tls: TLS })
  })

  test.afterAll(async () => {
    await stopChild(serve)
    await nginx?.stop()
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
  })

  const stylesheet = () => {
    const dir = path.join(outDir('seed'), '_next/static/chunks')
    return '/_next/static/chunks/' + fs.readdirSync(dir).find((name) => name.endsWith('.css'))!
  }

  for (const server of servers) {
    test.describe(server.name, () => {
      test('sends every security header on HTML, CSS and the 404 page, and no HSTS over http', async () => {
        for (const pathname of ['/', '/articles/', stylesheet(), '/no/such/page/']) {
          const { headers } = await get(server.base(), pathname)
          for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
            expect(headers[name.toLowerCase()], `${name} on ${pathname}`).toBe(value)
          }
          expect(headers['strict-transport-security'], `HSTS on ${pathname}`).toBeUndefined()
          expect(headers.server ?? '', 'no version in Server').not.toMatch(/\d/)
        }
      })

      test("answers unknown paths with 404 and the site's own 404 page", async () => {
        for (const pathname of ['/no/such/page/', '/articles/no-such-article/', '/category/minsheng/2099/01/', '/_next/static/missing.css']) {
          const { status, headers, body } = await get(server.base(), pathname)
          expect(status, pathname).toBe(404)
          expect(headers['content-type']).toMatch(/^text\/html/)
          expect(headers['cache-control']).toBe('no-cache')
          expect(body.toString()).toContain('页面不存在')
        }
      })

      test('moves the numbered archive pages of before to their list for good (301), tags in any script', async () => {
        const tag = encodeURIComponent('乡村振兴')
        for (const [pathname, target] of [
          ['/category/minsheng/page/2/', '/category/minsheng/'],
          [`/tags/${tag}/page/1/`, `/tags/${tag}/`],
          ['/archive/2023/01/page/3/', '/archive/2023/01/'],
        ]) {
          const { status, headers } = await get(server.base(), pathname)
          expect(status, pathname).toBe(301)
          expect(new URL(String(headers.location), server.base()).pathname, pathname).toBe(target)
        }
      })

      test('caches hashed assets for a year and HTML for five minutes, and tells proxies not to transform either', async () => {
        const css = await get(server.base(), stylesheet())
        expect(css.status).toBe(200)
        expect(css.headers['content-type']).toMatch(/^text\/css/)
        expect(css.headers['cache-control']).toBe(cacheControl(stylesheet()))
        expect(css.headers['cache-control']).toContain('immutable')
        expect(css.headers['cache-control']).toContain('no-transform')
        for (const pathname of ['/', '/articles/', '/category/minsheng/']) {
          const page = await get(server.base(), pathname)
          expect(page.status).toBe(200)
          expect(page.headers['cache-control']).toBe(cacheControl(pathname))
          // no-transform as a header: Baidu's mobile transcoder leaves the page alone (the meta form is invalid HTML).
          expect(page.headers['cache-control']).toBe('public, max-age=300, must-revalidate, no-transform')
        }
        // The search index: its manifest re-checked like a page, every file of it untransformed.
        const manifest = await get(server.base(), '/search-index/index.json')
        expect(manifest.status).toBe(200)
        expect(manifest.headers['cache-control']).toBe(cacheControl('/search-index/index.json'))
        expect(manifest.headers['cache-control']).toContain('no-transform')
      })

      test('sends the precompressed gzip file to clients that accept it, plain text to others', async () => {
        const pathname = '/articles/loudi-louxing-zhucun-bangfu/'
        const original = fs.readFileSync(path.join(outDir('seed'), pathname, 'index.html'))
        const zipped = await get(server.base(), pathname, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } })
        expect(zipped.headers['content-encoding']).toBe('gzip')
        expect(zipped.headers.vary).toMatch(/Accept-Encoding/i)
        expect(zipped.body.length).toBeLessThan(original.length)
        expect(zlib.gunzipSync(zipped.body).equals(original)).toBe(true)
        const plain = await get(server.base(), pathname)
        expect(plain.headers['content-encoding']).toBeUndefined()
        expect(plain.body.equals(original)).toBe(true)
      })

      test('answers HEAD like GET without a body', async () => {
        const head = await get(server.base(), '/', { method: 'HEAD' })
        expect(head.status).toBe(200)
        expect(head.body.length).toBe(0)
        expect(head.headers['content-security-policy']).toBe(SECURITY_HEADERS['Content-Security-Policy'])
        const page = await get(server.base(), '/')
        expect(head.headers['content-length']).toBe(String(page.body.length))
      })

      test('answers 304 without a body when If-None-Match holds the ETag it sent, plain or gzip', async () => {
        for (const encoding of ['identity', 'gzip']) {
          for (const pathname of ['/', stylesheet()]) {
            const first = await get(server.base(), pathname, { headers: { 'Accept-Encoding': encoding } })
            const etag = first.headers.etag
            expect(etag, `${pathname} ${encoding}`).toBeTruthy()
            const again = await get(server.base(), pathname, { headers: { 'Accept-Encoding': encoding, 'If-None-Match': etag! } })
            expect(again.status, `${pathname} ${encoding}`).toBe(304)
            expect(again.body.length).toBe(0)
            expect(again.headers['content-security-policy']).toBe(SECURITY_HEADERS['Content-Security-Policy'])
            const changed = await get(server.base(), pathname, { headers: { 'Accept-Encoding': encoding, 'If-None-Match': '"not-the-etag"' } })
            expect(changed.status).toBe(200)
          }
        }
      })

      test('sends the plain file to clients that refuse gzip with q=0', async () => {
        const plain = await get(server.base(), '/', { headers: { 'Accept-Encoding': 'gzip;q=0, deflate' } })
        expect(plain.headers['content-encoding']).toBeUndefined()
        expect(plain.body.equals(fs.readFileSync(path.join(outDir('seed'), 'index.html')))).toBe(true)
      })

      test('labels HTML, CSS, JavaScript, XML and text files as UTF-8', async () => {
        for (const pathname of ['/', stylesheet(), '/js/reader.js', '/feed.xml', '/robots.txt']) {
          for (const encoding of ['identity', 'gzip']) {
            const { status, headers } = await get(server.base(), pathname, { headers: { 'Accept-Encoding': encoding } })
            expect(status).toBe(200)
            expect(headers['content-type'], `${pathname} ${encoding}`).toMatch(/;\s*charset=utf-8$/i)
          }
        }
      })

      test('sends the byte range asked for', async () => {
        const robots = fs.readFileSync(path.join(outDir('seed'), 'robots.txt'))
        const part = await get(server.base(), '/robots.txt', { headers: { Range: 'bytes=0-9' } })
        expect(part.status).toBe(206)
        expect(part.headers['content-range']).toBe(`bytes 0-9/${robots.length}`)
        expect(part.body.equals(robots.subarray(0, 10))).toBe(true)
      })

      for (const [label, head] of HOSTILE) {
        test(`answers ${label} with 4xx and nothing from outside out/`, async () => {
          const response = await raw(server.port, head)
          const status = statusOf(response)
          expect(status, response.slice(0, 200)).toBeGreaterThanOrEqual(400)
          expect(status).toBeLessThan(500)
          expect(response).not.toContain(CANARY)
          expect(response).not.toMatch(/root:x?:0:0/)
        })
      }
    })
  }

  for (const server of servers) {
    test(`${server.name} never follows a symbolic link inside the site`, async () => {
      for (const pathname of ['/leak.txt', '/up/canary.txt', '/up/out/index.html', '/up/out/']) {
        const { status, body } = await get(server.base(), pathname)
        expect(status, pathname).toBeGreaterThanOrEqual(400)
        expect(status).toBeLessThan(500)
        expect(body.toString()).not.toContain(CANARY)
      }
    })
  }

  test('npm start sends every file byte for byte, plain and gzip, with a cache far smaller than the site', async () => {
    const site = makeSite(path.join(tmp, 'small-cache'))
    // 20 KB: most files come from disk, the rest keep pushing each other out of memory.
    const child = await startServe(site, PORT.serveHsts, { SERVE_CACHE_MB: '0.02' })
    try {
      const pathnames = sitePaths(site)
      expect(pathnames.length).toBeGreaterThan(20)
      for (let round = 0; round < 2; round++) {
        for (const pathname of pathnames) {
          // The 404 page asked for by name answers with its own status, as nginx's internal location.
          const file = path.join(site, pathname)
          const plain = await get(`http://127.0.0.1:${PORT.serveHsts}`, pathname)
          expect(plain.status, pathname).toBe(pathname === '/404.html' ? 404 : 200)
          expect(plain.body.equals(fs.readFileSync(file)), pathname).toBe(true)
          if (!fs.existsSync(`${file}.gz`)) continue
          const zipped = await get(`http://127.0.0.1:${PORT.serveHsts}`, pathname, { headers: { 'Accept-Encoding': 'gzip' } })
          expect(zipped.headers['content-encoding'], pathname).toBe('gzip')
          expect(zipped.body.equals(fs.readFileSync(`${file}.gz`)), `${pathname}.gz`).toBe(true)
        }
      }
    } finally {
      await stopChild(child)
    }
  })

  test('npm start refuses a SERVE_CACHE_MB that is not a number, and says why', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/server/serve.ts', '--dir', outDir('seed'), '--port', String(PORT.serveHsts)], {
      cwd: root,
      env: { ...process.env, SERVE_CACHE_MB: 'lots' },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain('SERVE_CACHE_MB')
  })

  test('npm start says in one line that its port is taken, and exits 1', () => {
    // nginx holds PORT.nginx.
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/server/serve.ts', '--dir', outDir('seed'), '--port', String(PORT.nginx), '--host', '127.0.0.1'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(result.status).toBe(1)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain(String(PORT.nginx))
  })

  test('nginx sends HSTS over HTTPS, with every other header', async () => {
    const { status, headers } = await get(`https://127.0.0.1:${PORT.nginxTls}`, '/')
    expect(status).toBe(200)
    expect(headers['strict-transport-security']).toBe(HSTS)
    expect(headers['content-security-policy']).toBe(SECURITY_HEADERS['Content-Security-Policy'])
    const missing = await get(`https://127.0.0.1:${PORT.nginxTls}`, '/no/such/page/')
    expect(missing.status).toBe(404)
    expect(missing.headers['strict-transport-security']).toBe(HSTS)
  })

  test('npm start sends HSTS when told it is behind HTTPS (HSTS=1)', async () => {
    const child = await startServe(makeSite(path.join(tmp, 'hsts')), PORT.serveHsts, { HSTS: '1' })
    try {
      const { headers } = await get(`http://127.0.0.1:${PORT.serveHsts}`, '/')
      expect(headers['strict-transport-security']).toBe(HSTS)
    } finally {
      await stopChild(child)
    }
  })

  test('the production deploy/nginx.conf passes nginx -t (with a test certificate), with and without search-proxy.conf', () => {
    const dir = path.join(tmp, 'production')
    fs.mkdirSync(dir)
    for (const file of ['site.conf', 'headers.conf', 'search-proxy.conf']) fs.copyFileSync(path.join(root, 'deploy', file), path.join(dir, file))
    fs.copyFileSync('/etc/nginx/mime.types', path.join(dir, 'mime.types'))
    const production = fs.readFileSync(path.join(root, 'deploy/nginx.conf'), 'utf8')
    const config = production
      .replace(/ssl_certificate (\S+);/g, `ssl_certificate ${TLS.cert};`)
      .replace(/ssl_certificate_key (\S+);/g, `ssl_certificate_key ${TLS.key};`)
    expect(config).not.toBe(production)
    // The optional search proxy, switched on as docs/deploy.md says: its two lines uncommented.
    const withProxy = config.replace('# upstream lzfzw_search', 'upstream lzfzw_search').replace('# include search-proxy.conf;', 'include search-proxy.conf;')
    expect(withProxy).not.toBe(config)
    for (const text of [config, withProxy]) {
      fs.writeFileSync(path.join(dir, 'nginx.conf'), text)
      const { ok, output } = checkConfig(path.join(dir, 'nginx.conf'))
      expect(ok, output).toBe(true)
    }
  })
})

test.describe('nginx with deploy/search-proxy.conf', () => {
  let tmp: string
  let serve: ChildProcess | undefined
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined

  test.afterAll(async () => {
    await stopChild(serve)
    await nginx?.stop()
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
  })

  test('sends /search/?q= to npm start, which fills the query and the results in, each header once; the static page without a query or when npm start is down', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lzfzw-search-proxy-'))
    fs.chmodSync(tmp, 0o755)
    const site = makeSite(path.join(tmp, 'site'))
    serve = await startServe(site, PORT.searchServe)
    nginx = await startNginx({ site, port: PORT.searchNginx, searchPort: PORT.searchServe })
    const base = `http://127.0.0.1:${PORT.searchNginx}`
    const text = (reply: Reply) => (reply.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(reply.body) : reply.body).toString()
    const staticPage = fs.readFileSync(path.join(site, 'search/index.html'), 'utf8')
    for (const [headers, encoding] of [[{ 'Accept-Encoding': 'gzip' }, 'gzip'], [{}, undefined]] as const) {
      const filled = await get(base, '/search/?q=%E7%94%B5%E6%A2%AF', { headers })
      expect(filled.status).toBe(200)
      expect(text(filled)).toContain('value="电梯"')
      expect(text(filled)).toContain('wd=site%3Awww.lzfzwl.org.cn%20%E7%94%B5%E6%A2%AF')
      expect(filled.headers['content-encoding']).toBe(encoding)
      // nginx's headers and npm start's are the same list: each must come once.
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(filled.headers[name.toLowerCase()], name).toBe(value)
      expect(filled.headers['cache-control']).toBe(cacheControl('/search/'))
      // npm start answers from the index of the release both serve: nginx readers get the results too.
      const answered = text(await get(base, '/search/?q=%E9%A9%BB%E6%9D%91', { headers }))
      expect(answered).toContain('找到 1 篇与“驻村”相关的文章')
      expect(answered).toMatch(/<li><h2><a href="\/articles\/loudi-louxing-zhucun-bangfu\/">[^<]*<mark>驻村<\/mark>/)
      const plain = await get(base, '/search/', { headers })
      expect(text(plain)).toBe(staticPage)
      expect(plain.headers.etag).not.toBe(filled.headers.etag)
    }
    await stopChild(serve)
    serve = undefined
    const down = await get(base, '/search/?q=%E7%94%B5%E6%A2%AF')
    expect(down.status).toBe(200)
    expect(text(down)).toBe(staticPage)
    expect(down.headers['content-security-policy']).toBe(SECURITY_HEADERS['Content-Security-Policy'])
  })
})
