// `npm run bench`: builds generated corpora and prints what publishing costs and what it produces.
// For each N it writes N synthetic articles (scripts/tools/generate-corpus.mjs) into a temporary folder
// and, with CONTENT_DIR there and the output in .bench/out-N:
//   - a full build (`npm run build -- --full`): wall time, CPU time (user + system) of every process
//     it waited for, peak memory (the summed RSS of the build's process tree, sampled every 100 ms),
//     and each stage's time from the build's own lines;
//   - incremental publishes: one article added, one edited, one deleted (wall time and stages;
//     `npm start` serves the new release within 0.2 s of the build's end);
//   - Hugo building the same articles, when `hugo` is installed (apt-get install hugo), for the ratio;
//   - files and megabytes in the output, and one article page's bytes (HTML raw and gzip, scripts and
//     stylesheets it references);
//   - requests/second and p99 of `npm start` and of nginx (deploy/) serving that page (autocannon,
//     gzip accepted like a browser, after a warm-up);
//   - npm run deploy to two nodes over a real sshd on loopback (scripts/tools/deploy-bench.ts): the whole
//     release, then the one added article: seconds after its publish, rsync's bytes against the changed files';
//   - `npm run dev` (Next's dev server) on the same folder: the first page, the next pages, and a page
//     after one file was edited, beside the same on a one-article site (`--dev-only`: only these);
//   - pages rendered per kind of edit (add, edit, delete, re-date, re-channel, re-tag, pin; old and
//     new articles), counted from the page keys (scripts/tools/page-changes.ts).
// It also builds the real content/ and prints the seed article page's weight, and for each N the
// search index's figures (scripts/tools/search-measure.ts, the same as `npx tsx scripts/tools/search-bench.ts`):
// index build time, CPU and peak memory of indexing N articles from data in a process of its own,
// index size, adding one article, and the files and bytes a reader downloads per query.
// It prints and never asserts: speed is a benchmark here, not a test.
//
//   npm run bench [-- --articles 1000,5000,20000] [--duration 10] [--connections 10] [--keep] [--no-seed] [--no-dev] [--no-search] [--no-deploy] [--no-photos] [--photo-articles 1000] [--no-desk] [--clean] [--full-only] [--dev-only]
//
// --clean removes .next/ before each full build, so it starts as on a fresh clone (the compile included);
// --full-only stops each size after its full build and Hugo's (the ratio alone).
//
// Builds share .next/ (the compile), so never run the bench beside another build in this checkout.
// Figures are wall-clock on a shared machine: repeat what matters, and quote ratios from one run.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net, { type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import zlib from 'node:zlib'
import autocannon from 'autocannon'
import { startDeployBench } from './deploy-bench'
import { seedParagraphs, writeCorpus } from './generate-corpus.mjs'
import { hasNginx, startNginx } from './nginx.mjs'
import { deskLines, measureDesk } from './desk-bench'
import { PAGES_PER_CHANGE, pageChangeLines } from './page-changes'
import { photoBuildLines, photoLines } from './photo-bench'
import { measureSearch, searchLines } from './search-measure'

const root = path.resolve(import.meta.dirname, '../..')
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
    'no-dev': { type: 'boolean', default: false },
    'no-search': { type: 'boolean', default: false },
    'no-deploy': { type: 'boolean', default: false },
    'no-photos': { type: 'boolean', default: false },
    'photo-articles': { type: 'string', default: '1000' },
    'no-desk': { type: 'boolean', default: false },
    'dev-only': { type: 'boolean', default: false },
    clean: { type: 'boolean', default: false },
    'full-only': { type: 'boolean', default: false },
  },
})
const counts = values.articles.split(',').map((s) => Number(s.trim().replace(/_/g, '')))
if (counts.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error('usage: npm run bench -- --articles 1000,5000,20000 [--duration 10] [--connections 10] [--keep] [--no-seed] [--no-dev] [--no-search] [--no-deploy] [--no-photos] [--photo-articles 1000] [--no-desk] [--clean] [--full-only] [--dev-only]')
  process.exit(2)
}

// Articles the bench adds are as long as a real one (the seed article's text): a one-line article
// would cost the search index a handful of terms where a real one costs a thousand.
const ARTICLE_TEXT = seedParagraphs().join('\n\n')

const gzipSize = (buffer: Uint8Array) => zlib.gzipSync(buffer).length // zlib's default level 6, like most servers
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)


/** pid → [parent pid, process group] for every process, read from /proc/<pid>/stat. */
function processTable(): Map<number, [number, number]> {
  const table = new Map<number, [number, number]>()
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
function treeRss(rootPid: number): number {
  const table = processTable()
  const children = new Map<number, number[]>()
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

interface Run {
  ok: boolean
  seconds: number
  cpuSeconds: number
  peakBytes: number
  /** Seconds of each stage, from the build's own `stage  N.N s  …` lines. */
  stages: Record<string, number>
  output: string
}

/** Runs `command` (bash) in its own process group and measures it; its output also goes to `log`. */
function measure(command: string, env: Record<string, string>, log: string): Promise<Run> {
  return new Promise((resolve) => {
    const output = fs.createWriteStream(log)
    const started = process.hrtime.bigint()
    // bash's `times` prints the CPU time of every process it (transitively) waited for.
    const child = spawn('bash', ['-c', `${command} 2>&1; status=$?; times; exit $status`], {
      cwd: root,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    })
    let text = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      output.write(chunk)
      text += chunk
    })
    let peakBytes = 0
    const sample = () => (peakBytes = Math.max(peakBytes, treeRss(child.pid!)))
    const timer = setInterval(sample, 100)
    sample()
    child.on('close', (code) => {
      clearInterval(timer)
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      output.end()
      const tail = text.trim().split('\n').slice(-1)[0] ?? ''
      const [user = 0, system = 0] = [...tail.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]))
      const stages = Object.fromEntries([...text.matchAll(/^(\w+)\s+([\d.]+) s /gm)].map((m) => [m[1], Number(m[2])]))
      resolve({ ok: code === 0, seconds, cpuSeconds: user + system, peakBytes, stages, output: text })
    })
  })
}

const build = (env: Record<string, string>, log: string, full: boolean) =>
  measure(`node --import tsx scripts/publish/build.ts${full ? ' --full' : ''}`, env, log)

/** Bytes of one published page and of the local scripts and stylesheets it references. */
function pageWeight(outDir: string, pagePath: string) {
  const html = fs.readFileSync(path.join(outDir, pagePath, 'index.html'))
  const text = html.toString('utf8')
  const local = (url: string) => path.join(outDir, decodeURIComponent(url.split(/[?#]/)[0]))
  const total = (urls: string[]) =>
    urls.filter((u) => u.startsWith('/') && !u.startsWith('//')).reduce((sum, u) => sum + gzipSize(fs.readFileSync(local(u))), 0)
  // Reading the bench's own output: the page was written by our build, and only src/href are counted.
  const scripts = [...text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1])
  const styles = [...text.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1])
  return {
    htmlBytes: html.length,
    htmlGzip: gzipSize(html),
    jsGzip: total(scripts),
    scripts: scripts.length,
    nextScripts: scripts.filter((u) => u.startsWith('/_next/')).length,
    cssGzip: total(styles),
    inlinePayload: /self\.__next_f|TURBOPACK/.test(text),
  }
}

/** Number of files and bytes under a folder. */
function folderSize(dir: string) {
  let files = 0
  let bytes = 0
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue
    files++
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size
  }
  return { files, bytes }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })

/** Starts a child process and resolves once its output says `ready`. */
async function startChild(command: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(command[0], command.slice(1), { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => ready.test(String(chunk)) && resolve()
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`${command.join(' ')} exited with ${code}`)))
  })
  return child
}

/** Starts scripts/server/serve.ts (what `npm start` runs) on `outDir`. */
async function startServe(outDir: string) {
  const port = await freePort()
  const server = await startChild([process.execPath, '--import', 'tsx', 'scripts/server/serve.ts', '--dir', outDir, '--port', String(port), '--host', '127.0.0.1'], {}, /serving/)
  return { url: `http://127.0.0.1:${port}`, stop: async () => void server.kill() }
}

/**
 * Loads `pagePath` from `server` with autocannon as a browser asks for it (gzip accepted), after a
 * one-second warm-up; undefined when the server is not installed.
 */
async function serveSpeed(server: 'npm start' | 'nginx', outDir: string, pagePath: string) {
  if (server === 'nginx' && !hasNginx()) return undefined
  const running = server === 'nginx' ? await startNginx({ site: outDir, port: await freePort(), tls: undefined }) : await startServe(outDir)
  try {
    const load = (duration: number) =>
      autocannon({ url: running.url + pagePath, connections: Number(values.connections), duration, headers: { 'accept-encoding': 'gzip, deflate, br' } })
    await load(1)
    const result = await load(Number(values.duration))
    return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx }
  } finally {
    await running.stop()
  }
}

/**
 * The resident publisher (`npm start -- --watch`, scripts/publish/watch.ts) in this process on the
 * built site: from a file saved (added, edited, deleted; the newest article and the oldest) to the
 * article's page changed in `out/`, with the stages of the publish that did it. Lines to print.
 */
async function residentTimes(contentDir: string, outDir: string, slugs: string[]): Promise<string[]> {
  const { startPublisher } = await import('../publish/watch')
  const { settingsFromEnv } = await import('../../lib/settings')
  const settings = { ...settingsFromEnv({ ...process.env, CONTENT_DIR: contentDir }) }
  const reports: { causes: string[]; seconds: number; stages: Record<string, number>; rendered: number; ok: boolean }[] = []
  const started = performance.now()
  const publisher = await startPublisher({ root, out: outDir, settings, log: () => {}, onPublish: (report) => reports.push(report) })
  const lines: string[] = []
  try {
    await publisher.ready
    await publisher.idle()
    lines.push(`   resident publisher: first publish on start ${((performance.now() - started) / 1000).toFixed(1)} s (a warm renderer after it)`)
    const file = (slug: string) => path.join(contentDir, 'articles', `${slug}.md`)
    const page = (slug: string) => path.join(outDir, 'articles', slug, 'index.html')
    const read = (slug: string) => fs.readFileSync(page(slug), { encoding: 'utf8', flag: 'r' })
    const shows = (slug: string, text: string) => () => fs.existsSync(page(slug)) && read(slug).includes(text)
    const gone = (slug: string) => () => !fs.existsSync(page(slug))
    const article = (title: string, date: string) => `---\ntitle: "${title}"\ndate: ${date}\ncategory: 关注民生\nsource: 测试来源\n---\n\n${ARTICLE_TEXT}\n`
    const retitle = (slug: string, title: string) => fs.writeFileSync(file(slug), fs.readFileSync(file(slug), 'utf8').replace(/^title: .*$/m, `title: "${title}"`))
    const oldest = slugs[slugs.length - 1]
    const original = fs.readFileSync(file(oldest), 'utf8')
    const steps: [string, () => void, () => boolean][] = [
      ['add newest', () => fs.writeFileSync(file('resident-new'), article('【测试】常驻新增', '2026-01-03 09:00')), shows('resident-new', '常驻新增')],
      ['edit newest', () => retitle('resident-new', '【测试】常驻改题'), shows('resident-new', '常驻改题')],
      ['delete newest', () => fs.rmSync(file('resident-new')), gone('resident-new')],
      ['add oldest', () => fs.writeFileSync(file('resident-old'), article('【测试】最早的一篇', '2001-01-01 09:00')), shows('resident-old', '最早的一篇')],
      ['edit oldest', () => retitle(oldest, '【测试】最早一篇改题'), shows(oldest, '最早一篇改题')],
      ['delete oldest', () => fs.rmSync(file(oldest)), gone(oldest)],
      ['delete added oldest', () => fs.rmSync(file('resident-old')), gone('resident-old')],
      // The rest of the bench reads the corpus as it was.
      ['restore oldest', () => fs.writeFileSync(file(oldest), original), () => fs.existsSync(page(oldest)) && !read(oldest).includes('最早一篇改题')],
    ]
    for (const [label, act, done] of steps) {
      await publisher.idle()
      const before = reports.length
      const saved = performance.now()
      act()
      let seconds: number | undefined
      while (performance.now() - saved < 120_000) {
        if (done()) {
          seconds = (performance.now() - saved) / 1000
          break
        }
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      await publisher.idle()
      const report = reports.slice(before).find((r) => r.ok && r.rendered > 0) ?? reports[before]
      const stages = report ? Object.entries(report.stages).map(([stage, ms]) => `${stage} ${(ms / 1000).toFixed(2)}`).join(', ') : 'no publish'
      lines.push(`   resident ${label}: ${seconds === undefined ? '✖ not live after 120 s' : `${seconds.toFixed(2)} s save → live`} = ${stages}, ${report?.rendered ?? 0} pages`)
    }
  } finally {
    await publisher.close()
  }
  return lines
}

interface DevTimes {
  /** The first article page: Next compiles the route, and the dev server reads every file (ms). */
  first: number
  /** Median of the next article pages, each another article where there are others (ms). */
  next: number
  pages: number[]
  /** The page of an article right after its file was saved (ms), and whether it showed the save. */
  edited: number
  editShown: boolean
  /** Median of the article pages after that save (ms). */
  afterEdit: number
}

/**
 * `npm run dev` on a content folder, as an editor uses it: the first article page; then, once the
 * other routes are compiled (home, channel: a route's first request compiles it, which is not
 * what a page costs), the median of nine article pages; one article's file saved and its page asked
 * for at once; and the median of five pages after that. On a one-article folder every page is
 * that article's: the baseline every size is compared with.
 */
async function devTimes(contentDir: string, slugs: string[]): Promise<DevTimes> {
  const port = await freePort()
  const dev = await startChild([path.join(root, 'node_modules/.bin/next'), 'dev', '--port', String(port)], { CONTENT_DIR: contentDir, NEXT_TELEMETRY_DISABLED: '1' }, /Ready in/)
  const timed = async (url: string) => {
    const started = performance.now()
    const response = await fetch(`http://127.0.0.1:${port}${url}`)
    const text = await response.text()
    if (response.status !== 200) throw new Error(`npm run dev answered ${response.status} for ${url}`)
    return { ms: performance.now() - started, text }
  }
  // Articles spread over the archive, newest to oldest; the same one on a one-article site.
  const article = (i: number) => `/articles/${slugs[Math.floor((i * slugs.length) / 16) % slugs.length]}/`
  try {
    const first = (await timed(article(0))).ms
    for (const url of ['/', '/category/minsheng/']) await timed(url)
    const pages: number[] = []
    for (let i = 1; i <= 9; i++) pages.push((await timed(article(i))).ms)
    const slug = slugs[Math.floor(slugs.length / 3)]
    const file = path.join(contentDir, 'articles', `${slug}.md`)
    const original = fs.readFileSync(file, 'utf8')
    fs.writeFileSync(file, original.replace(/^title: .*$/m, 'title: "【测试】开发模式里改过的标题"'))
    const edited = await timed(`/articles/${slug}/`)
    const after: number[] = []
    for (let i = 10; i <= 14; i++) after.push((await timed(article(i))).ms)
    fs.writeFileSync(file, original)
    return { first, next: median(pages), pages, edited: edited.ms, editShown: edited.text.includes('开发模式里改过的标题'), afterEdit: median(after) }
  } finally {
    // Its own process group: Next's server process goes too, and the next dev server may start.
    if (dev.pid) process.kill(-dev.pid, 'SIGTERM')
    await new Promise((resolve) => (dev.exitCode === null ? dev.once('exit', resolve) : resolve(undefined)))
  }
}

/** The one-article site's `npm run dev` figures: the baseline of every size's (generated, one article). */
let devBaseline: Promise<DevTimes> | undefined
function oneArticleDev(): Promise<DevTimes> {
  devBaseline ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lzfzw-bench-dev-1-'))
    try {
      return await devTimes(dir, writeCorpus(dir, { count: 1 }))
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })()
  return devBaseline
}

/** Lines comparing `npm run dev` on N articles with the one-article site, side by side. */
function devLines(count: number, dev: DevTimes, one: DevTimes): string[] {
  const s = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`)
  const cell = (d: DevTimes) => `first page ${s(d.first)}, next pages median ${s(d.next)}, page right after a save ${s(d.edited)}${d.editShown ? '' : ' ✖ old version'}, then ${s(d.afterEdit)}`
  return [
    `   npm run dev, ${count} articles: ${cell(dev)}`,
    `   npm run dev, one article:   ${cell(one)}`,
    `   npm run dev: an article page at ${count} costs ${(dev.next / one.next).toFixed(1)}× the one-article site's (target ≤ 2×); next pages ${dev.pages.map(Math.round).join(' ')} ms`,
  ]
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]

/** Hugo building the same articles with minimal templates, for the ratio; undefined without `hugo`. */
async function hugoBuild(contentDir: string, count: number) {
  const hugo = ['/usr/bin/hugo', '/usr/local/bin/hugo'].find((file) => fs.existsSync(file))
  if (!hugo) return undefined
  const site = fs.mkdtempSync(path.join(os.tmpdir(), `lzfzw-hugo-${count}-`))
  try {
    fs.writeFileSync(path.join(site, 'hugo.toml'), "baseURL = 'https://www.lzfzwl.org.cn/'\nlanguageCode = 'zh-CN'\ntitle = '廉政法制网'\n[taxonomies]\ncategory = 'category'\n")
    const layouts = path.join(site, 'layouts/_default')
    fs.mkdirSync(layouts, { recursive: true })
    fs.writeFileSync(path.join(layouts, 'baseof.html'), '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>')
    fs.writeFileSync(path.join(layouts, 'single.html'), '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }} {{ .Params.source }}</p>{{ .Content }}</article>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}')
    fs.writeFileSync(path.join(layouts, 'list.html'), '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}')
    const target = path.join(site, 'content/articles')
    fs.mkdirSync(target, { recursive: true })
    for (const name of fs.readdirSync(path.join(contentDir, 'articles'))) {
      // Hugo wants an offset on the date; the rest of the file is the same Markdown.
      const text = fs.readFileSync(path.join(contentDir, 'articles', name), 'utf8').replace(/^date: (\d{4}-\d\d-\d\d) (\d\d:\d\d)$/m, 'date: $1T$2:00+08:00')
      fs.writeFileSync(path.join(target, name), text)
    }
    return await measure(`${hugo} --source ${site} --destination ${path.join(site, 'public')} --quiet`, {}, path.join(benchDir, `hugo-${count}.log`))
  } finally {
    fs.rmSync(site, { recursive: true, force: true })
  }
}

const COLUMNS: [string, number][] = [
  ['N', 6],
  ['full s', 7],
  ['CPU s', 6],
  ['peak MB', 8],
  ['hugo s', 7],
  ['×hugo', 6],
  ['add s', 6],
  ['edit s', 7],
  ['del s', 6],
  ['files', 7],
  ['out MB', 7],
  ['HTML gz', 8],
  ['JS gz', 6],
  ['CSS gz', 7],
  ['req/s', 7],
  ['p99 ms', 7],
  ['nginx/s', 8],
  ['p99 ms', 7],
  ['dev 1st', 8],
  ['dev ms', 7],
  ['dev edit', 9],
]
const row = (cells: (string | number)[]) => cells.map((cell, i) => String(cell).padStart(COLUMNS[i]?.[1] ?? 0)).join(' ')
const stagesLine = (label: string, run: Run) =>
  `   ${label}: ${run.seconds.toFixed(1)} s = ${Object.entries(run.stages).map(([stage, s]) => `${stage} ${s.toFixed(1)}`).join(', ')} (+ start-up)`

async function benchCorpus(count: number) {
  const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), `lzfzw-bench-${count}-`))
  const outDir = path.join(benchDir, `out-${count}`)
  const env = { CONTENT_DIR: contentDir, OUT_DIR: outDir }
  try {
    const slugs = writeCorpus(contentDir, { count })
    fs.rmSync(outDir, { recursive: true, force: true })
    fs.rmSync(path.join(benchDir, `.out-${count}-publish`), { recursive: true, force: true })
    if (values.clean) fs.rmSync(path.join(root, '.next'), { recursive: true, force: true })
    const full = await build(env, path.join(benchDir, `build-${count}.log`), true)
    if (!full.ok) {
      console.log(row([count, full.seconds.toFixed(1), full.cpuSeconds.toFixed(0), mb(full.peakBytes), `build failed: see .bench/build-${count}.log`]))
      return
    }
    const hugo = await hugoBuild(contentDir, count)
    if (values['full-only']) {
      console.log(row([count, full.seconds.toFixed(1), full.cpuSeconds.toFixed(0), mb(full.peakBytes), hugo ? hugo.seconds.toFixed(1) : '-', hugo ? (full.seconds / hugo.seconds).toFixed(1) : '-']))
      console.log(stagesLine('full', full))
      return
    }
    // npm run deploy to two nodes over a real sshd: the whole release first, then the one new article.
    const deploying = values['no-deploy'] ? null : await startDeployBench(outDir, Number(process.env.E2E_PORT_BASE || 4310) + 95)
    // One article added (the newest), one edited (its title), one deleted: each published incrementally.
    const article = (title: string) => `---\ntitle: "${title}"\ndate: 2026-01-02 09:00\ncategory: 关注民生\nsource: 测试来源\n---\n\n${ARTICLE_TEXT}\n`
    fs.writeFileSync(path.join(contentDir, 'articles/bench-added.md'), article('【测试】新增的一篇'))
    const add = await build(env, path.join(benchDir, `add-${count}.log`), false)
    const deployLines = deploying ? [deploying.first, await deploying.bench.measure('one new article, after its publish')] : []
    await deploying?.bench.close()
    const middle = path.join(contentDir, 'articles', `${slugs[Math.floor(count / 2)]}.md`)
    fs.writeFileSync(middle, fs.readFileSync(middle, 'utf8').replace(/^title: .*$/m, 'title: "【测试】改过标题的一篇"'))
    const edit = await build(env, path.join(benchDir, `edit-${count}.log`), false)
    fs.rmSync(path.join(contentDir, 'articles/bench-added.md'))
    const del = await build(env, path.join(benchDir, `delete-${count}.log`), false)

    const resident = await residentTimes(contentDir, outDir, slugs)

    const size = folderSize(fs.realpathSync(outDir))
    const page = `/articles/${slugs[Math.floor(count / 2)]}/`
    const weight = pageWeight(outDir, page)
    const speed = await serveSpeed('npm start', outDir, page)
    const nginx = await serveSpeed('nginx', outDir, page)
    const dev = values['no-dev'] ? undefined : await devTimes(contentDir, slugs)
    console.log(
      row([
        count,
        full.seconds.toFixed(1),
        full.cpuSeconds.toFixed(0),
        mb(full.peakBytes),
        hugo ? hugo.seconds.toFixed(1) : '-',
        hugo ? (full.seconds / hugo.seconds).toFixed(1) : '-',
        add.seconds.toFixed(1),
        edit.seconds.toFixed(1),
        del.seconds.toFixed(1),
        size.files,
        mb(size.bytes),
        weight.htmlGzip,
        weight.jsGzip,
        weight.cssGzip,
        Math.round(speed!.rps),
        speed!.p99,
        nginx ? Math.round(nginx.rps) : '-',
        nginx ? nginx.p99 : '-',
        dev ? Math.round(dev.first) : '-',
        dev ? Math.round(dev.next) : '-',
        dev ? `${Math.round(dev.edited)}${dev.editShown ? '' : '✖'}` : '-',
      ]),
    )
    const notes = [stagesLine('full', full), stagesLine('add', add), stagesLine('edit', edit), stagesLine('delete', del), ...deployLines]
    if (hugo) notes.push(`   hugo: ${hugo.seconds.toFixed(1)} s for the same ${count} articles (minimal templates), ${(add.seconds / hugo.seconds).toFixed(1)}× for adding one`)
    for (const [label, run] of [['add', add], ['edit', edit], ['delete', del]] as const) {
      if (!run.ok) notes.push(`   ✖ the ${label} build failed: see .bench/${label}-${count}.log`)
    }
    notes.push(...resident)
    if (weight.nextScripts || weight.inlinePayload) notes.push(`   ✖ ${page} still carries Next's runtime (${weight.nextScripts} /_next/ scripts)`)
    if (speed?.errors) notes.push(`   ✖ ${speed.errors} failed or non-2xx responses from npm start serving ${page}`)
    if (nginx?.errors) notes.push(`   ✖ ${nginx.errors} failed or non-2xx responses from nginx serving ${page}`)
    if (dev) notes.push(...devLines(count, dev, await oneArticleDev()))
    console.log(notes.join('\n'))
  } finally {
    fs.rmSync(contentDir, { recursive: true, force: true })
    if (!values.keep) {
      fs.rmSync(outDir, { recursive: true, force: true })
      fs.rmSync(path.join(benchDir, `.out-${count}-publish`), { recursive: true, force: true })
    }
  }
}

async function benchSeed() {
  const outDir = path.join(benchDir, 'out-seed')
  const run = await build({ OUT_DIR: outDir, CONTENT_DIR: path.join(root, 'content') }, path.join(benchDir, 'build-seed.log'), true)
  if (!run.ok) {
    console.log('seed article: build failed, see .bench/build-seed.log')
    return
  }
  const w = pageWeight(outDir, `/articles/${SEED_ARTICLE}/`)
  const total = w.htmlGzip + w.jsGzip + w.cssGzip
  console.log(
    `seed article /articles/${SEED_ARTICLE}/ (content/, built in ${run.seconds.toFixed(1)} s): ` +
      `HTML ${w.htmlBytes} B raw, ${w.htmlGzip} B gzip; JS ${w.jsGzip} B gzip (${w.scripts} scripts, ${w.nextScripts} from /_next/); ` +
      `CSS ${w.cssGzip} B gzip; total ${total} B gzip = ${(total / 1024).toFixed(1)} KB (target ≤ 10 KB)`,
  )
  console.log(stagesLine('seed', run))
  if (!values.keep) {
    fs.rmSync(outDir, { recursive: true, force: true })
    fs.rmSync(path.join(benchDir, '.out-seed-publish'), { recursive: true, force: true })
  }
}

/** The search index at each size: indexed from data in a process of its own (scripts/tools/search-measure.ts). */
async function benchSearch(count: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lzfzw-search-bench-${count}-`))
  try {
    console.log(searchLines(await measureSearch(count, dir)).join('\n'))
  } catch (error) {
    console.log(`${count} articles: ✖ search figures failed: ${(error as Error).message}`)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (values['dev-only']) {
  // `npm run dev`'s figures alone (no build): each size beside the one-article site, with the load.
  console.log(`npm run dev (Node ${process.versions.node}, ${os.cpus().length} cores), load ${os.loadavg()[0].toFixed(2)} at start`)
  await oneArticleDev()
  for (const count of counts) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lzfzw-bench-dev-${count}-`))
    try {
      const dev = await devTimes(dir, writeCorpus(dir, { count }))
      console.log(devLines(count, dev, await oneArticleDev()).join('\n'))
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  console.log(`load ${os.loadavg()[0].toFixed(2)} at the end`)
  process.exit(0)
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
  'full s: wall time of npm run build -- --full (the compile is cached unless the code changed); CPU s: user + system of all its\n' +
    'processes; peak MB: highest sum of RSS over the build process tree (sampled every 100 ms); hugo s and ×hugo: Hugo on the\n' +
    'same articles and our full build over it; add/edit/del s: wall time of an incremental npm run build after adding, editing\n' +
    'or deleting one article (live: npm start serves it within 0.2 s); page columns: bytes of the middle article page;\n' +
    'req/s and p99 ms: npm start serving it, gzip accepted; nginx/s: nginx with deploy/site.conf the same way; dev 1st,\n' +
    'dev ms, dev edit: npm run dev, the first article page, the median of nine more (other routes compiled first), and an\n' +
    'article page right after its file was saved (✖: it showed the old version); the one-article site beside each size.',
)
// What one edit touches: pages rendered per kind of change, counted from the keys (no build).
if (values['full-only']) process.exit(0)
console.log('')
console.log(pageChangeLines(counts, root).join('\n'))
console.log(`(${PAGES_PER_CHANGE} at most is the target; ✖ marks a kind over it: see README, *What one edit touches*)`)
if (!values['no-search']) {
  console.log(
    '\nSearch index (generated articles indexed from data, each size in a process of its own; per query: files and gzip bytes\n' +
      'a reader downloads, the search script included, and the time to open the index, answer and load ten results in Node):',
  )
  for (const count of counts) await benchSearch(count)
}
if (!values['no-photos']) {
  // The photo pipeline (scripts/tools/photo-bench.ts): one 4000×3000 camera photo, then a build of N
  // articles each with its own 1600×1200 photo, cold and warm cache, and one photo added.
  console.log('\nPhotos (lib/content/photos.ts, sharp):')
  console.log((await photoLines()).join('\n'))
  console.log((await photoBuildLines(Number(values['photo-articles']), 1600, 1200)).join('\n'))
}
if (!values['no-desk']) {
  console.log('\nThe editors\' desk (npm run desk on each size, in a git repository of its own; scripts/tools/desk-bench.ts):')
  for (const count of counts) {
    try {
      console.log(deskLines(await measureDesk(count)).join('\n'))
    } catch (error) {
      console.log(`desk, ${count} articles: ✖ ${(error as Error).message}`)
    }
  }
}
