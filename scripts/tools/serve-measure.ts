// Figures of the servers under abuse, printed, never judged (the tests assert the behaviour):
//
//   memory  npm start's resident memory over distinct search queries (--queries, default 20,000)
//   attack  page p99 of npm start before and during 32 connections of heavy distinct searches, and
//           how many of another reader's searches came back with results meanwhile
//   sweep   nginx (deploy/site.conf) serving an `out` link switched to a new release every
//           --every ms: how many releases one sweep of every page saw, and whether any was mixed
//           (an older page after a newer one) or already deleted
//
//   node --import tsx scripts/tools/serve-measure.ts memory|attack|sweep [--code DIR] [--port 5090]
//
// --code names the checkout whose scripts/server/serve.ts and deploy/*.conf run (default this one), so
// the same measurement can be taken of an older commit (`git worktree add`). Search figures use
// out/'s search page with an index of 2,000 generated articles; run `npm run build` first.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { buildSearchIndex, type SearchDocument } from '../../lib/search'
import { seedParagraphs } from './generate-corpus.mjs'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    code: { type: 'string', default: '.' },
    port: { type: 'string', default: '5090' },
    queries: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '15' },
    every: { type: 'string', default: '3000' },
    publishes: { type: 'string', default: '8' },
  },
})
const code = path.resolve(values.code!)
const port = Number(values.port)
const COMMON = '工作建设发展管理服务社会经济人民国家政府部门群众问题推进加强领导干部监督检查'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN

/** A copy of out/ with the search index of 2,000 generated articles. */
async function searchSite(): Promise<string> {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-measure-'))
  fs.cpSync(fs.realpathSync('out'), site, { recursive: true })
  const paragraphs = seedParagraphs()
  const documents: SearchDocument[] = Array.from({ length: 2_000 }, (_, i) => ({
    slug: `m-${i}`,
    title: `第${i}期 ${paragraphs[i % paragraphs.length].slice(0, 16)}`,
    text: Array.from({ length: 6 }, (_, k) => paragraphs[(i + k) % paragraphs.length]).join('\n'),
    date: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000),
    channel: { slug: 'minsheng', name: '关注民生' },
    url: `/articles/m-${i}/`,
  }))
  fs.rmSync(path.join(site, 'search-index'), { recursive: true, force: true })
  await buildSearchIndex(documents, site)
  return site
}

/** `node --import tsx <code>/scripts/server/serve.ts` on `site`, resolved once it listens. */
async function startServe(site: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(code, 'scripts/server/serve.ts'), '--dir', site, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: code,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise((resolve) => child.stdout!.once('data', resolve))
  return child
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024

/** GET a path; its status, time and (for a search) whether the server wrote its answer in. */
function get(pathname: string, agent: http.Agent | false, localAddress = '127.0.0.1'): Promise<{ status: number | string; ms: number; answered: boolean }> {
  const start = performance.now()
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: pathname, agent, localAddress }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (body += chunk))
      // Answered: the server wrote its answer into the list (with results, or 没有找到 for a query
      // no article matches); not answered: the page holds the query only (too busy, too slow).
      response.on('end', () => resolve({ status: response.statusCode!, ms: performance.now() - start, answered: body.includes('data-search-answered=') }))
    })
    request.on('error', (error) => resolve({ status: (error as NodeJS.ErrnoException).code ?? error.message, ms: performance.now() - start, answered: false }))
  })
}

function randomQuery(length: number): string {
  return Array.from({ length }, () => COMMON[Math.floor(Math.random() * COMMON.length)]).join('')
}

async function memory() {
  const site = await searchSite()
  const server = await startServe(site)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
  const total = Number(values.queries)
  const before = rssMb(server.pid!)
  let peak = before
  let sent = 0
  const failures = new Map<string, number>()
  const started = performance.now()
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (sent < total && server.exitCode === null) {
        sent++
        const { status } = await get(`/search/?q=${encodeURIComponent(randomQuery(32))}`, agent)
        if (status !== 200) failures.set(String(status), (failures.get(String(status)) ?? 0) + 1)
        if (sent % 1000 === 0) {
          peak = Math.max(peak, rssMb(server.pid!))
          process.stderr.write(`\r  ${sent} queries, RSS ${rssMb(server.pid!).toFixed(0)} MB`)
        }
      }
    }),
  )
  process.stderr.write('\n')
  const alive = server.exitCode === null
  const after = alive ? rssMb(server.pid!) : NaN
  console.log(`memory: ${sent} distinct queries of 32 characters in ${((performance.now() - started) / 1000).toFixed(0)} s; server RSS ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after, ${peak.toFixed(0)} MB at most; ${alive ? 'alive' : `DEAD (exit ${server.exitCode})`}; failures ${JSON.stringify(Object.fromEntries(failures))}`)
  agent.destroy()
  server.kill()
  fs.rmSync(site, { recursive: true, force: true })
}

async function attack() {
  const site = await searchSite()
  const server = await startServe(site)
  const seconds = Number(values.seconds)
  /** Page readers (4 connections, fresh each time) for `ms`; their latencies. */
  const pages = async (ms: number) => {
    const latencies: number[] = []
    const end = performance.now() + ms
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (performance.now() < end) {
          const reply = await get('/', false)
          if (reply.status === 200) latencies.push(reply.ms)
          await sleep(10)
        }
      }),
    )
    return latencies
  }
  await get(`/search/?q=${encodeURIComponent('工作')}`, false) // the index open, the worker started
  const quiet = await pages(5_000)
  let attacking = true
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })
  const attackers = Promise.all(
    Array.from({ length: 32 }, async () => {
      while (attacking) {
        const words = Array.from({ length: 8 }, () => randomQuery(2)).join(' ')
        await get(`/search/?q=${encodeURIComponent(words)}`, agent)
      }
    }),
  )
  const normal: boolean[] = []
  const searching = (async () => {
    const end = performance.now() + seconds * 1000
    const words = ['工作', '监督检查', '乡村振兴', '驻村', '帮扶', '领导干部']
    for (let i = 0; performance.now() < end; i++) {
      normal.push((await get(`/search/?q=${encodeURIComponent(words[i % words.length])}`, false, '127.0.0.2')).answered)
      await sleep(200)
    }
  })()
  const loud = await pages(seconds * 1000)
  attacking = false
  await Promise.all([attackers, searching])
  agent.destroy()
  console.log(
    `attack: page p99 ${percentile(quiet, 0.99).toFixed(0)} ms quiet (p50 ${percentile(quiet, 0.5).toFixed(1)}), ` +
      `${percentile(loud, 0.99).toFixed(0)} ms under 32 connections of heavy distinct searches for ${seconds} s (p50 ${percentile(loud, 0.5).toFixed(1)}, ${loud.length} pages); ` +
      `another reader's searches answered: ${normal.filter(Boolean).length} of ${normal.length}`,
  )
  server.kill()
  fs.rmSync(site, { recursive: true, force: true })
}

async function sweep() {
  const { startNginx } = (await import(path.join(code, 'scripts/tools/nginx.mjs'))) as typeof import('./nginx.mjs')
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-measure-sweep-'))
  const PAGES = 143
  const urls = Array.from({ length: PAGES }, (_, i) => (i === 0 ? '/' : `/articles/a${i}/`))
  const releases: string[] = []
  let deletedBelow = 0 // releases numbered below this are gone from disk
  /** Publishes release n as the builder does, and deletes all but it and the one before. */
  const publish = (n: number) => {
    const dir = path.join(site, '.out-publish/releases', `r${n}`)
    for (const url of urls) {
      fs.mkdirSync(path.join(dir, url), { recursive: true })
      fs.writeFileSync(path.join(dir, url, 'index.html'), `<!DOCTYPE html><title>R${n}</title><p>release R${n}</p>`)
    }
    fs.writeFileSync(path.join(dir, '404.html'), '<!DOCTYPE html><title>404</title>')
    fs.symlinkSync(path.relative(site, dir), path.join(site, 'out.new'))
    fs.renameSync(path.join(site, 'out.new'), path.join(site, 'out'))
    releases.push(dir)
    while (releases.length > 2) fs.rmSync(releases.shift()!, { recursive: true, force: true })
    deletedBelow = Math.max(0, n - 1)
  }
  publish(0)
  const nginx = await startNginx({ site: path.join(site, 'out'), port })
  let publishing = true
  const seen: { releases: number; mixed: boolean }[] = []
  let fromDeleted = 0
  let requests = 0
  const sweeper = (async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    while (publishing) {
      const ids: number[] = []
      for (const url of urls) {
        const body = await new Promise<string>((resolve) =>
          http.get({ host: '127.0.0.1', port, path: url, agent }, (response) => {
            let text = ''
            response.on('data', (chunk) => (text += chunk))
            response.on('end', () => resolve(text))
          }),
        )
        const id = Number(/release R(\d+)/.exec(body)?.[1] ?? -1)
        requests++
        if (id < deletedBelow) fromDeleted++
        ids.push(id)
      }
      seen.push({ releases: new Set(ids).size, mixed: ids.some((n, i) => i > 0 && n < ids[i - 1]) })
    }
    agent.destroy()
  })()
  for (let n = 1; n <= Number(values.publishes); n++) {
    await sleep(Number(values.every))
    publish(n)
  }
  await sleep(Number(values.every))
  publishing = false
  await sweeper
  await nginx.stop()
  fs.rmSync(site, { recursive: true, force: true })
  const counts = seen.map((s) => s.releases)
  console.log(
    `sweep: ${seen.length} sweeps of ${PAGES} pages through nginx while ${values.publishes} releases were published ${values.every} ms apart; ` +
      `releases seen in one sweep: at most ${Math.max(...counts)}, median ${percentile(counts, 0.5)}; sweeps with an older page after a newer one: ${seen.filter((s) => s.mixed).length}; ` +
      `pages served from a release already deleted: ${fromDeleted} of ${requests}`,
  )
}

const commands: Record<string, () => Promise<void>> = { memory, attack, sweep }
const command = commands[positionals[0] ?? '']
if (!command) {
  console.error('✖ usage: node --import tsx scripts/tools/serve-measure.ts memory|attack|sweep [--code DIR] [--port 5090]')
  process.exit(2)
}
await command()
