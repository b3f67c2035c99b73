// Serves the exported site (out/) with our security and caching headers and the site's own 404
// page, from an index of the folder built at start and small files held in memory
// (scripts/static-files.mjs). Usage: node scripts/serve.mjs [--dir out] [--port 3000] [--host 127.0.0.1]
// SERVE_CACHE_MB (default 64) caps the memory kept for file bodies; restart after a new build.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { cacheControl, HSTS, SECURITY_HEADERS } from './headers.mjs'
import { indexFolder, staticFiles } from './static-files.mjs'

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
const cacheMb = Number(process.env.SERVE_CACHE_MB ?? 64)
if (!(cacheMb >= 0)) {
  console.error(`✖ SERVE_CACHE_MB=${process.env.SERVE_CACHE_MB} is not a number of megabytes.`)
  process.exit(1)
}
const { files, links } = indexFolder(root)
// A link inside out/ could lead anywhere on the machine, and a build never makes one.
if (links.length > 0) {
  console.error(`✖ ${root} contains symbolic links (${links.slice(0, 5).join(', ')}): refusing to serve it.`)
  process.exit(1)
}

const headers = Object.entries(SECURITY_HEADERS).flat()
if (process.env.HSTS === '1') headers.push('Strict-Transport-Security', HSTS)
const notFoundPage = fs.readFileSync(path.join(root, '404.html'))
const notFoundHeaders = [...headers, 'Content-Type', 'text/html; charset=utf-8', 'Cache-Control', 'no-cache', 'Content-Length', String(notFoundPage.length)]
const notAllowed = Buffer.from('405 Method Not Allowed\n')
const notAllowedHeaders = [...headers, 'Allow', 'GET, HEAD', 'Content-Type', 'text/plain; charset=utf-8', 'Content-Length', String(notAllowed.length)]

const serveFile = staticFiles({ files, headers, cacheControl, cacheBytes: cacheMb * 2 ** 20 })

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, notAllowedHeaders)
    return void res.end(notAllowed)
  }
  serveFile(req, res, () => {
    res.writeHead(404, notFoundHeaders)
    res.end(notFoundPage) // Node leaves the body out of a HEAD answer
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
