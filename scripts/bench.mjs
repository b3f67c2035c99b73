// `npm run bench`: builds generated corpora and prints what a build costs and what it produces.
// For each N it writes N synthetic articles (scripts/generate-corpus.mjs) into a temporary folder,
// runs `npm run build` with CONTENT_DIR there and OUT_DIR=.bench/out-N, and measures:
//   - build wall time, and CPU time (user + system) of every process the build waited for,
//   - peak memory: the sum of the RSS of the whole build process tree, sampled from /proc every 100 ms,
//   - files and megabytes in the output folder,
//   - one article page: HTML raw and gzip, and gzip totals of the scripts and stylesheets it references,
//   - how long the content check, next build and postbuild each took (from the build's own output),
//   - requests/second and p99 latency of `npm start` (scripts/serve.ts) and of nginx with deploy/
//     serving that page on 127.0.0.1 (autocannon, gzip accepted like a browser, after a warm-up),
//   - content reads (CONTENT_READ_LOG): how often each article file was read by each process.
// It also builds the real content/ into .bench/out-seed and prints the seed article page's weight.
// It prints and never asserts: speed is a benchmark here, not a test.
//
//   npm run bench [-- --articles 1000,5000,20000] [--duration 10] [--connections 10] [--keep] [--no-seed]
//
// Build artifacts always go through .next/ (only the export goes to OUT_DIR), so never run two
// builds in one checkout at once. Figures are wall-clock on a shared machine: repeat what matters.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import zlib from 'node:zlib'
import autocannon from 'autocannon'
import { writeCorpus } from './generate-corpus.mjs'
import { hasNginx, startNginx } from './nginx.mjs'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const benchDir = path.join(root, '.bench')
const SEED_ARTICLE = 'loudi-louxing-zhucun-bangfu'
const PAGE_SIZE = 4096 // bytes per page in /proc/<pid>/statm on x86-64 and arm64 Linux

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    'no-seed': { type: 'boolean', default: false },
  },
})
const counts = values.articles.split(',').map((s) => Number(s.trim().replace(/_/g, '')))
if (counts.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error('usage: npm run bench -- --articles 1000,5000,20000 [--duration 10] [--connections 10] [--keep] [--no-seed]')
  process.exit(2)
}

const gzipSize = (buffer) => zlib.gzipSync(buffer).length // zlib's default level 6, like most servers
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1)

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(full)
    else yield full
  }
}

/** pid → [parent pid, process group] for every process, read from /proc/<pid>/stat. */
function processTable() {
  const table = new Map()
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ') // the name may hold spaces and parens
      table.set(Number(name), [Number(fields[1]), Number(fields[2])])
    } catch {
      // the process ended between readdir and read
    }
  }
  return table
}

/** Summed resident memory (bytes) of `rootPid`, its descendants and its process group. */
function treeRss(rootPid) {
  const table = processTable()
  const children = new Map()
  for (const [pid, [ppid]] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid])
  const members = new Set([rootPid])
  for (const pid of members) for (const child of children.get(pid) ?? []) members.add(child)
  for (const [pid, [, group]] of table) if (group === rootPid) members.add(pid) // orphans of the build too
  let total = 0
  for (const pid of members) {
    try {
      total += Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_SIZE
    } catch {
      // ended meanwhile
    }
  }
  return total
}

// Lines of the build's output that end a phase: the content check, then next build.
const PHASE_ENDS = [
  ['check', /内容检查通过/],
  ['next', /Generating static pages .*\bin [\d.]+(ms|s|min)\b/],
]

/**
 * Runs `npm run build` in its own process group and measures it. The build's output goes to `log`.
 * Returns { ok, seconds, cpuSeconds, peakBytes, phases } where phases gives the seconds of the
 * content check, next build and postbuild, from when their last lines appeared.
 */
function build(env, log) {
  return new Promise((resolve) => {
    const output = fs.createWriteStream(log)
    const started = process.hrtime.bigint()
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9
    // bash's `times` prints the CPU time of every process it (transitively) waited for.
    const child = spawn('bash', ['-c', 'npm run build --silent 2>&1; status=$?; times; exit $status'], {
      cwd: root,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    })
    const marks = {}
    let text = ''
    child.stdout.on('data', (chunk) => {
      output.write(chunk)
      text += chunk
      for (const [phase, pattern] of PHASE_ENDS) if (!(phase in marks) && pattern.test(text)) marks[phase] = elapsed()
    })
    let peakBytes = 0
    const sample = () => (peakBytes = Math.max(peakBytes, treeRss(child.pid)))
    const timer = setInterval(sample, 100)
    sample()
    child.on('close', (code) => {
      clearInterval(timer)
      const seconds = elapsed()
      output.end()
      const tail = text.trim().split('\n').slice(-1)[0] ?? ''
      const [user, system] = [...tail.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]))
      const phases = { check: marks.check, next: marks.next - marks.check, postbuild: seconds - marks.next }
      resolve({ ok: code === 0, seconds, cpuSeconds: user + system, peakBytes, phases })
    })
  })
}

/** Bytes of one exported page and of the local scripts and stylesheets it references. */
function pageWeight(outDir, pagePath) {
  const html = fs.readFileSync(path.join(outDir, pagePath, 'index.html'))
  const text = html.toString('utf8')
  const local = (url) => path.join(outDir, decodeURIComponent(url.split(/[?#]/)[0]))
  const total = (urls) =>
    urls.filter((u) => u.startsWith('/') && !u.startsWith('//')).reduce((sum, u) => sum + gzipSize(fs.readFileSync(local(u))), 0)
  const scripts = [...text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1])
  const styles = [...text.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1])
  const nextScripts = scripts.filter((u) => u.startsWith('/_next/')).length
  return {
    htmlBytes: html.length,
    htmlGzip: gzipSize(html),
    jsGzip: total(scripts),
    scripts: scripts.length,
    nextScripts,
    cssGzip: total(styles),
    inlinePayload: /self\.__next_f|TURBOPACK/.test(text),
  }
}

/** Number of files and bytes under a folder. */
function folderSize(dir) {
  let files = 0
  let bytes = 0
  for (const file of walk(dir)) {
    files++
    bytes += fs.statSync(file).size
  }
  return { files, bytes }
}

/** How many times each article file was read, per process, from a CONTENT_READ_LOG file. */
function readCounts(log, articleFiles) {
  const perProcessFile = new Map()
  const processes = new Set()
  if (fs.existsSync(log)) {
    for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
      const space = line.indexOf(' ')
      if (space < 0) continue
      const [pid, file] = [line.slice(0, space), line.slice(space + 1)]
      if (!file.includes(`${path.sep}articles${path.sep}`)) continue
      processes.add(pid)
      const key = `${pid} ${file}`
      perProcessFile.set(key, (perProcessFile.get(key) ?? 0) + 1)
    }
  }
  const reads = [...perProcessFile.values()]
  const total = reads.reduce((a, b) => a + b, 0)
  return {
    total,
    processes: processes.size,
    // Each process that read content should have read every article file exactly once.
    perFilePerProcess: processes.size ? total / (articleFiles * processes.size) : 0,
    max: reads.length ? Math.max(...reads) : 0,
  }
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })

/** Starts scripts/serve.ts (what `npm start` runs) on `outDir`; resolves to { url, stop }. */
async function startServe(outDir) {
  const port = await freePort()
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '--dir', outDir, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => String(chunk).includes('serving') && resolve())
    server.on('exit', (code) => reject(new Error(`serve.ts exited with ${code}`)))
  })
  return { url: `http://127.0.0.1:${port}`, stop: async () => server.kill() }
}

/**
 * Loads `pagePath` from `server` with autocannon as a browser asks for it (gzip accepted), after a
 * one-second warm-up; returns { rps, p99, errors }, or undefined when the server is not installed.
 */
async function serveSpeed(server, outDir, pagePath) {
  if (server === 'nginx' && !hasNginx()) return undefined
  const running = server === 'nginx' ? await startNginx({ site: outDir, port: await freePort() }) : await startServe(outDir)
  try {
    const load = (duration) =>
      autocannon({
        url: running.url + pagePath,
        connections: Number(values.connections),
        duration,
        headers: { 'accept-encoding': 'gzip, deflate, br' },
      })
    await load(1)
    const result = await load(Number(values.duration))
    return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx }
  } finally {
    await running.stop()
  }
}

const COLUMNS = [
  ['N', 6],
  ['build s', 8],
  ['CPU s', 7],
  ['peak MB', 8],
  ['files', 7],
  ['out MB', 7],
  ['HTML B', 7],
  ['HTML gz', 8],
  ['JS gz', 6],
  ['CSS gz', 7],
  ['req/s', 7],
  ['p99 ms', 7],
  ['nginx/s', 8],
  ['p99 ms', 7],
  ['reads', 6],
]
const row = (cells) => cells.map((cell, i) => String(cell).padStart(COLUMNS[i][1])).join(' ')

async function benchCorpus(count) {
  const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), `lzfzw-bench-${count}-`))
  const outRelative = path.join('.bench', `out-${count}`)
  const outDir = path.join(root, outRelative)
  const readLog = path.join(contentDir, 'reads.log')
  try {
    writeCorpus(contentDir, { count })
    fs.rmSync(outDir, { recursive: true, force: true })
    const log = path.join(benchDir, `build-${count}.log`)
    const run = await build({ CONTENT_DIR: contentDir, OUT_DIR: outRelative, CONTENT_READ_LOG: readLog }, log)
    if (!run.ok) {
      console.log(row([count, run.seconds.toFixed(1), run.cpuSeconds.toFixed(0), mb(run.peakBytes), 'build failed: see', path.relative(root, log)]))
      return
    }
    const size = folderSize(outDir)
    const page = `/articles/test-${String(Math.ceil(count / 2)).padStart(6, '0')}/`
    const weight = pageWeight(outDir, page)
    const speed = await serveSpeed('npm start', outDir, page)
    const nginx = await serveSpeed('nginx', outDir, page)
    const reads = readCounts(readLog, count)
    console.log(
      row([
        count,
        run.seconds.toFixed(1),
        run.cpuSeconds.toFixed(0),
        mb(run.peakBytes),
        size.files,
        mb(size.bytes),
        weight.htmlBytes,
        weight.htmlGzip,
        weight.jsGzip,
        weight.cssGzip,
        Math.round(speed.rps),
        speed.p99,
        nginx ? Math.round(nginx.rps) : '-',
        nginx ? nginx.p99 : '-',
        reads.perFilePerProcess.toFixed(2),
      ]),
    )
    const { check, next, postbuild } = run.phases
    const notes = [
      `   phases: content check ${check.toFixed(1)} s, next build ${next.toFixed(1)} s, postbuild ${postbuild.toFixed(1)} s`,
      `   reads per article file per process: ${reads.perFilePerProcess.toFixed(2)} (max ${reads.max}; ${reads.total} reads of ${count} files by ${reads.processes} processes)`,
    ]
    if (weight.nextScripts || weight.inlinePayload) notes.push(`   ✖ ${page} still carries Next's runtime (${weight.nextScripts} /_next/ scripts)`)
    if (speed.errors) notes.push(`   ✖ ${speed.errors} failed or non-2xx responses from npm start serving ${page}`)
    if (nginx?.errors) notes.push(`   ✖ ${nginx.errors} failed or non-2xx responses from nginx serving ${page}`)
    console.log(notes.join('\n'))
  } finally {
    fs.rmSync(contentDir, { recursive: true, force: true })
    if (!values.keep) fs.rmSync(outDir, { recursive: true, force: true })
  }
}

async function benchSeed() {
  const outRelative = path.join('.bench', 'out-seed')
  const outDir = path.join(root, outRelative)
  fs.rmSync(outDir, { recursive: true, force: true })
  const log = path.join(benchDir, 'build-seed.log')
  const run = await build({ OUT_DIR: outRelative, CONTENT_DIR: path.join(root, 'content') }, log)
  if (!run.ok) {
    console.log(`seed article: build failed, see ${path.relative(root, log)}`)
    return
  }
  const w = pageWeight(outDir, `/articles/${SEED_ARTICLE}/`)
  const total = w.htmlGzip + w.jsGzip + w.cssGzip
  console.log(
    `seed article /articles/${SEED_ARTICLE}/ (content/, built in ${run.seconds.toFixed(1)} s): ` +
      `HTML ${w.htmlBytes} B raw, ${w.htmlGzip} B gzip; JS ${w.jsGzip} B gzip (${w.scripts} scripts, ${w.nextScripts} from /_next/); ` +
      `CSS ${w.cssGzip} B gzip; total ${total} B gzip = ${(total / 1024).toFixed(1)} KB (target ≤ 10 KB)`,
  )
  if (!values.keep) fs.rmSync(outDir, { recursive: true, force: true })
}

fs.mkdirSync(benchDir, { recursive: true })
const [load1] = os.loadavg()
console.log(
  `廉政法制网 bench: Node ${process.versions.node}, ${os.cpus().length} cores, load ${load1.toFixed(2)} at start; ` +
    `serving ${values.duration} s with ${values.connections} connections; gzip sizes at zlib level 6`,
)
if (!values['no-seed']) await benchSeed()
console.log(row(COLUMNS.map(([name]) => name)))
for (const count of counts) await benchCorpus(count)
console.log(
  'build s: wall time of npm run build (content check + next build + postbuild); CPU s: user + system of all its processes;\n' +
    'peak MB: highest sum of RSS over the build process tree (sampled every 100 ms); page columns are bytes of the\n' +
    'middle article page; req/s and p99 ms: npm start (scripts/serve.ts) serving it, gzip accepted; nginx/s and p99 ms:\n' +
    'nginx with deploy/site.conf serving it the same way (- when nginx is not installed); reads: reads per article file per process.',
)
