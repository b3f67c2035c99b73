// How the search index is measured, shared by `npx tsx scripts/search-bench.ts` and `npm run bench`
// so both print the same figures the same way: build time and peak memory of indexing N generated
// documents from data (no Markdown, no Next build; each N in a process of its own, so its peak
// memory is its own), index size, one incremental update, and what a reader downloads per query
// (script included, gzip, as served); and, on request, Chromium loading the results page.
//
//   node --import tsx scripts/search-measure.ts --child N --dir DIR     (how measureIndex runs itself)
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { corpusArticle, seedParagraphs } from './generate-corpus.mjs'
import { buildSearchIndex, bundleSearchScript, type SearchDocument, updateSearchIndex } from '../lib/search'
import { fileLoader } from '../lib/search/files'
import { createNormalizer } from '../lib/search/normalize'
import { SearchIndex } from '../lib/search/query'
import { t2sTable } from '../lib/search/t2s'

/** The queries every figure is taken for: common, phrase, two words, long, absent, traditional. */
export const QUERIES = ['驻村', '乡村振兴', '娄星区 驻村', '帮扶工作队', '足球比赛', '電梯']
const CHANNELS: Record<string, string> = { 关注民生: 'minsheng', 廉政建设: 'lianzheng', 法治动态: 'fazhi', 乡村振兴: 'xiangcun' }

/** N documents of the generated corpus, as the build would hand them over (plain text bodies). */
export function benchDocuments(n: number): SearchDocument[] {
  const paragraphs = seedParagraphs()
  return Array.from({ length: n }, (_, i) => {
    const a = corpusArticle(i, { paragraphs })
    return {
      slug: a.slug,
      title: a.title,
      text: a.body.replace(/^## /gm, '').replace(/\s+/g, ' '),
      date: new Date(a.stamp.replace(' ', 'T') + ':00+08:00'),
      channel: { slug: CHANNELS[a.channel], name: a.channel },
      url: `/articles/${a.slug}/`,
    }
  })
}

export const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`
export const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`

/** Indexing N documents, as one child process measured it. */
export interface IndexFigures {
  report: Awaited<ReturnType<typeof buildSearchIndex>>
  /** peak resident memory of the process, documents included (bytes) */
  peak: number
  cpuMs: number
  /** adding one article to the built index */
  updateMs: number
}

/** Child: indexes n documents into dir, prints one JSON line. */
async function child(n: number, dir: string) {
  const docs = benchDocuments(n)
  const cpu = process.cpuUsage()
  const report = await buildSearchIndex(docs, dir)
  const { user, system } = process.cpuUsage(cpu)
  const peak = process.resourceUsage().maxRSS * 1024
  const extra = benchDocuments(n + 1).slice(n).map((d) => ({ ...d, date: new Date(d.date.getTime() + (n + 1) * 7 * 3_600_000) }))
  const update = await updateSearchIndex(dir, { upsert: extra })
  const figures: IndexFigures = { report, peak, cpuMs: Math.round((user + system) / 1000), updateMs: update.milliseconds }
  console.log(JSON.stringify(figures))
}

/** Indexes n generated documents into `dir` in a process of its own; throws with its stderr if it fails. */
export function measureIndex(n: number, dir: string): IndexFigures {
  const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', String(n), '--dir', dir], { encoding: 'utf8', maxBuffer: 1 << 26 })
  if (run.status !== 0) throw new Error(`indexing ${n} documents failed:\n${run.stderr}`)
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as IndexFigures
}

export interface QueryFigures {
  query: string
  results: number
  /** files fetched, the script included */
  files: number
  /** bytes downloaded (gzip, as served), the script included */
  bytes: number
  /** bytes of index files once inflated */
  raw: number
  /** opening the index, answering and loading the first ten documents, in Node */
  ms: number
}

/** What a reader's browser fetches for each query: gzip bytes per file, from the files on disk. */
export async function perQuery(dir: string, scriptGzip: number): Promise<QueryFigures[]> {
  const normalizer = createNormalizer(t2sTable())
  const rows = []
  for (const query of QUERIES) {
    let bytes = scriptGzip
    let files = 1
    let raw = 0
    const inner = fileLoader(dir, (_, size) => {
      bytes += size
      files++
    })
    const load: typeof inner = async (file, generation) => {
      const got = await inner(file, generation)
      raw += got?.length ?? 0
      return got
    }
    const started = performance.now()
    const index = await SearchIndex.open(load, normalizer) // a fresh reader: nothing cached
    const answer = await index.search(query)
    await Promise.all(answer.hits.slice(0, 10).map((h) => index.document(h.doc)))
    rows.push({ query, results: answer.hits.length, files, bytes, raw, ms: Math.round(performance.now() - started) })
  }
  return rows
}

/** Everything measured for one size without a browser. */
export interface SearchFigures {
  n: number
  index: IndexFigures
  script: { bytes: number; gzipBytes: number }
  queries: QueryFigures[]
}

/** Indexes n documents into `dir` (a child process), bundles the search script beside it and measures each query. */
export async function measureSearch(n: number, dir: string): Promise<SearchFigures> {
  const index = measureIndex(n, dir)
  const script = await bundleSearchScript(path.join(dir, 'js', 'search.js'))
  return { n, index, script, queries: await perQuery(dir, script.gzipBytes) }
}

/** The figures of one size as lines of text: a summary, then one line per query. */
export function searchLines({ n, index, script, queries }: SearchFigures): string[] {
  const { report, peak, cpuMs, updateMs } = index
  return [
    `${n} articles: index built in ${(report.milliseconds / 1000).toFixed(1)} s (CPU ${(cpuMs / 1000).toFixed(1)} s), peak memory ${mb(peak)} (documents included), ` +
      `${report.terms} terms, ${report.buckets} buckets, ${report.externalTerms} large terms; ` +
      `index ${mb(report.bytes)} (gzip, as served); adding one article: ${updateMs} ms; script ${kb(script.gzipBytes)} gzip`,
    ...queries.map(
      (row) =>
        `  ${row.query.padEnd(8, '　')} ${String(row.results).padStart(6)} results  ${String(row.files).padStart(3)} files  ${kb(row.bytes).padStart(7)} downloaded (script included; index files ${kb(row.raw)} inflated)  ${row.ms} ms in Node`,
    ),
  ]
}

export interface BrowserFigures {
  query: string
  /** from navigation to the first results on screen */
  msToResults: number
  /** from the script's arrival to the first results on screen */
  msAfterScript: number
  /** bytes transferred, page included */
  bytes: number
  htmlBytes: number
  /** the script's own phases: opening the index, answering, showing the first ten (ms) */
  phases: number[]
  /** the renderer's main thread busy (throttled), and of that JavaScript (ms) */
  busy: number
  scriptMs: number
}

/**
 * Loads each query's results page in Chromium with the CPU throttled (CPU_THROTTLE, 4× unless
 * told), nothing cached, from `dir` served by scripts/serve.ts on `port` with `pageHtml` as its
 * /search/ page: time to results and bytes transferred.
 */
export async function browserTimes(dir: string, port: number, pageHtml: string): Promise<BrowserFigures[]> {
  const { chromium } = await import('@playwright/test')
  fs.mkdirSync(path.join(dir, 'search'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'search/index.html'), pageHtml)
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>bench</title>')
  fs.writeFileSync(path.join(dir, '404.html'), '<!doctype html><title>404</title>')
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '--dir', dir, '--port', String(port), '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] })
  // Started when it says so; a port already taken would otherwise send the browser to another site.
  await new Promise<void>((resolve, reject) => {
    server.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('serving') && resolve())
    server.on('exit', (code) => reject(new Error(`serve.ts on port ${port} exited (${code}): is the port taken? Set --port.`)))
  })
  const chrome = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] })
  const rows: BrowserFigures[] = []
  try {
    for (const query of QUERIES) {
      const context = await chrome.newContext() // nothing cached
      const page = await context.newPage()
      const cdp = await context.newCDPSession(page)
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.CPU_THROTTLE ?? 4) })
      let transferred = 0
      await cdp.send('Performance.enable')
      await cdp.send('Network.enable')
      cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (transferred += e.encodedDataLength))
      await page.goto(`http://127.0.0.1:${port}/search/?q=${encodeURIComponent(query)}`)
      const list = page.locator('[data-search-results][data-search-ms]')
      await list.waitFor({ state: 'attached', timeout: 60_000 })
      const total = Number(await list.getAttribute('data-search-ms'))
      // From the script's start to results on screen: what the reader waits for after the page itself.
      const script = await page.evaluate(() => {
        const entry = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((r) => r.name.includes('/js/search.js'))
        return entry ? entry.responseEnd : 0
      })
      const html = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).encodedBodySize)
      // The script's own marks: opening the index, answering the query, showing the first ten.
      // (A string: tsx would wrap an inner function in a helper the page does not have.)
      const phases: number[] = await page.evaluate(`(() => {
        const marks = performance.getEntriesByType('mark')
        const at = (name) => marks.find((m) => m.name === name)?.startTime ?? NaN
        return [at('search:opened') - at('search:start'), at('search:answered') - at('search:opened'), at('search:shown') - at('search:answered')].map(Math.round)
      })()`)
      // The renderer's main thread: how long it was busy (throttled), whatever the network and the machine's other work.
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
      const busy = Math.round(1000 * (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN))
      const scriptMs = Math.round(1000 * (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? NaN))
      rows.push({ query, msToResults: total, msAfterScript: Math.round(total - script), bytes: transferred, htmlBytes: html, phases, busy, scriptMs })
      await context.close()
    }
  } finally {
    await chrome.close()
    server.kill()
  }
  return rows
}

/** One line per query of browserTimes(). */
export const browserLines = (rows: BrowserFigures[]) =>
  rows.map((row) => {
    const [opened, answered, shown] = row.phases
    return (
      `  ${row.query.padEnd(8, '　')} results ${row.msAfterScript} ms after the script arrived (${row.msToResults} ms from navigation; ` +
      `open ${opened} + answer ${answered} + show ten ${shown} ms); main thread busy ${row.busy} ms (JavaScript ${row.scriptMs} ms, page included); ` +
      `${kb(row.bytes)} transferred (page ${kb(row.htmlBytes)})`
    )
  })

if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { child: { type: 'string' }, dir: { type: 'string' } } })
  if (!values.child || !values.dir) {
    console.error('✖ scripts/search-measure.ts is a module; run npx tsx scripts/search-bench.ts')
    process.exit(2)
  }
  await child(Number(values.child), values.dir)
}
