// Serves the exported site (out/) with sirv, adding our security and caching headers and the
// site's own 404 page. Usage: node scripts/serve.mjs [--dir out] [--port 3000] [--host 127.0.0.1]
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { parseArgs } from 'node:util'
import sirv from 'sirv'
import { cacheControl, HSTS, SECURITY_HEADERS } from './headers.mjs'

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'out' },
    port: { type: 'string', default: process.env.PORT || '3000' },
    host: { type: 'string', default: process.env.HOST },
  },
})

const root = path.resolve(values.dir)
if (!fs.existsSync(path.join(root, 'index.html'))) {
  console.error(`✖ ${root} has no index.html: build the site first (npm run build).`)
  process.exit(1)
}
// sirv follows symbolic links, so one inside out/ could serve any file on the machine (and a loop
// crashes it). A build never makes links: refuse to serve a folder that has any.
const links = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isSymbolicLink())
if (links.length > 0) {
  const names = links.slice(0, 5).map((entry) => path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)))
  console.error(`✖ ${root} contains symbolic links (${names.join(', ')}): refusing to serve it.`)
  process.exit(1)
}
const notFoundPage = fs.readFileSync(path.join(root, '404.html'))
const https = process.env.HSTS === '1'

const files = sirv(root, {
  dev: false, // index the folder once at start: no per-request disk lookups for missing files
  etag: true,
  gzip: true, // serve precompressed .gz files when the client accepts them
  extensions: ['html'],
  setHeaders(res, pathname) {
    res.setHeader('Cache-Control', cacheControl(pathname))
  },
})

const server = http.createServer((req, res) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
  if (https) res.setHeader('Strict-Transport-Security', HSTS)
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('405 Method Not Allowed\n')
    return
  }
  files(req, res, () => {
    res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' })
    res.end(req.method === 'HEAD' ? undefined : notFoundPage)
  })
})
server.headersTimeout = 10_000
server.requestTimeout = 30_000
server.on('clientError', (err, socket) => {
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
})
server.listen(Number(values.port), values.host, () => {
  const shown = values.host && values.host !== '0.0.0.0' && values.host !== '::' ? values.host : 'localhost'
  console.log(`廉政法制网 serving ${path.relative(process.cwd(), root) || '.'} on http://${shown}:${values.port}/`)
})
