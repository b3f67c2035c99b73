// @ts-check
// `npm run loadtest`: drives both servers that ship, one after the other, on 127.0.0.1 with the
// same bounded load (autocannon: 10,000 requests over 50 connections, every page and stylesheet
// of out/ in turn, gzip accepted like a browser) and prints requests/second, latency and errors.
// Exits 1 on any error, timeout or non-2xx answer.
//
//   npm run loadtest [-- --amount 10000 --connections 50 --port 4540 --dir out]
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { hasNginx, startNginx } from './nginx.mjs'

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'out' },
    amount: { type: 'string', default: '10000' },
    connections: { type: 'string', default: '50' },
    // Two ports from here: npm start's server, then nginx.
    port: { type: 'string', default: '4540' },
  },
})
const site = path.resolve(values.dir)
const port = Number(values.port)
if (!fs.existsSync(path.join(site, 'index.html'))) {
  console.error(`✖ ${site} has no index.html: run npm run build first.`)
  process.exit(1)
}
if (!hasNginx()) {
  console.error('✖ nginx is not installed: apt-get install nginx')
  process.exit(1)
}

/** Every page (as its URL) and stylesheet of the site: the mix each connection walks through. */
/**
 * @param {string} [dir]
 * @returns {string[]}
 */
function paths(dir = site) {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return []
    const url = '/' + path.relative(site, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')
    if (entry.name === 'index.html') return [url.slice(0, -'index.html'.length)]
    return entry.name.endsWith('.css') ? [url] : []
  })
}

async function startServe() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/server/serve.ts', '--dir', site, '--port', String(port), '--host', '127.0.0.1'], {
    stdio: 'ignore',
  })
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)
    if (!up) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      continue
    }
    const stop = () =>
      new Promise((resolve) => {
        child.on('exit', resolve)
        child.kill()
      })
    return { url: `http://127.0.0.1:${port}`, stop }
  }
  child.kill()
  throw new Error(`scripts/server/serve.ts did not start on port ${port}`)
}

const mix = paths()
/**
 * @param {string} url
 * @param {number} amount
 */
const run = (url, amount) =>
  autocannon({
    url,
    connections: Number(values.connections),
    amount,
    headers: { 'accept-encoding': 'gzip, deflate, br' },
    requests: mix.map((p) => ({ method: /** @type {const} */ ('GET'), path: p })),
  })

const results = []
/** @type {[string, () => Promise<{ url: string, stop: () => Promise<unknown> }>][]} */
const servers = [
  ['npm start (serve.ts)', startServe],
  ['nginx (deploy/site.conf)', () => startNginx({ site, port: port + 1 })],
]
for (const [name, start] of servers) {
  const server = await start()
  try {
    await run(server.url, 1000) // warm-up: file caches, keep-alive, JIT
    const r = await run(server.url, Number(values.amount))
    results.push({
      server: name,
      requests: r.requests.total,
      'requests/s': Math.round(r.requests.total / r.duration),
      'p50 ms': r.latency.p50,
      'p99 ms': r.latency.p99,
      'max ms': r.latency.max,
      errors: r.errors + r.timeouts,
      'non-2xx': r.non2xx,
      'MB read': +(r.throughput.total / 1e6).toFixed(1),
    })
  } finally {
    await server.stop()
  }
}

console.log(`\n${values.amount} requests over ${values.connections} connections, ${mix.length} URLs of ${path.relative(process.cwd(), site) || '.'} in turn, gzip accepted:`)
console.table(results)
const failed = results.filter((r) => r.errors > 0 || r['non-2xx'] > 0)
if (failed.length > 0) {
  console.error(`✖ errors from ${failed.map((r) => r.server).join(', ')}`)
  process.exit(1)
}
console.log('✓ 0 errors from both servers')
