// How the search index is measured, shared by `npx tsx scripts/tools/search-bench.ts` and `npm run bench`
// so both print the same figures the same way: build time and peak memory of indexing N generated
// documents from data (no Markdown, no Next build; each N in a process of its own, so its peak
// memory is its own), index size, one incremental update (the delta) and a merge of the delta into
// the main files, and what a reader downloads per query (the delta of one article included)
// (script included, gzip, as served); and, on request, Chromium loading the results page.
//
//   node --import tsx scripts/tools/search-measure.ts --child N --dir DIR     (how measureIndex runs itself)
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { corpusArticle, seedParagraphs } from './generate-corpus.mjs'
import { buildSearchIndex, bundleSearchScript, type SearchDocument, updateSearchIndex } from '../../lib/search'
import { fileLoader } from '../../lib/search/files'
import { createNormalizer } from '../../lib/search/normalize'
import { SearchIndex } from '../../lib/search/query'
import { t2sTable } from '../../lib/search/t2s'
import type { RunningServer } from '../server/serve'

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
  /** adding one article to the built index (it goes into the delta) */
  updateMs: number
  /** merging the delta into the main files (an update does it once the delta passes its bound) */
  mergeMs: number
}

/** Child: indexes n documents into dir, prints one JSON line. */
async function child(n: number, dir: string) {
  const docs = benchDocuments(n)
  const cpu = process.cpuUsage()
  const report = await buildSearchIndex(docs, dir)
  const { user, system } = process.cpuUsage(cpu)
  const peak = process.resourceUsage().maxRSS * 1024
  const extra = benchDocuments(n + 2).slice(n).map((d) => ({ ...d, date: new Date(d.date.getTime() + (n + 1) * 7 * 3_600_000) }))
  // A merge first (a delta bound of 0 merges at once), then the update the queries below see: one article in the delta.
  const merge = await updateSearchIndex(dir, { upsert: extra.slice(0, 1) }, { docs: 0 })
  const update = await updateSearchIndex(dir, { upsert: extra.slice(1) })
  const figures: IndexFigures = { report, peak, cpuMs: Math.round((user + system) / 1000), updateMs: update.milliseconds, mergeMs: merge.milliseconds }
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
    await Promise.all(Array.from(answer.docs.subarray(0, 10), (doc) => index.document(doc)))
    rows.push({ query, results: answer.count, files, bytes, raw, ms: Math.round(performance.now() - started) })
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
  const { report, peak, cpuMs, updateMs, mergeMs } = index
  return [
    `${n} articles: index built in ${(report.milliseconds / 1000).toFixed(1)} s (CPU ${(cpuMs / 1000).toFixed(1)} s), peak memory ${mb(peak)} (documents included), ` +
      `${report.terms} terms, ${report.buckets} buckets, ${report.externalTerms} large terms; ` +
      `index ${mb(report.bytes)} (gzip, as served); adding one article: ${updateMs} ms (merging the delta, every ~20 articles: ${mergeMs} ms); script ${kb(script.gzipBytes)} gzip`,
    ...queries.map(
      (row) =>
        `  ${row.query.padEnd(8, '　')} ${String(row.results).padStart(6)} results  ${String(row.files).padStart(3)} files  ${kb(row.bytes).padStart(7)} downloaded (script included; index files ${kb(row.raw)} inflated)  ${row.ms} ms in Node`,
    ),
  ]
}

/** One site the browser measures: a folder with an index and a search script, and its /search/ page. */
export interface BrowserSite {
  name: string
  dir: string
  pageHtml: string
}

/**
 * How a reader reaches the results: `typed`, a query typed into an already loaded /search/ page and
 * sent with Enter (from the keypress); `opened`, /search/?q=… opened with nothing cached (from
 * navigation) from a static host, the script answering; `answered`, the same from npm start, which
 * sends the page with the results in it.
 */
export type BrowserMode = 'typed' | 'opened' | 'answered'
export const BROWSER_MODES: BrowserMode[] = ['typed', 'opened', 'answered']

export interface BrowserRun {
  site: string
  query: string
  mode: BrowserMode
  /** from the keypress or the navigation to the first frame drawn with the results (or the 没有找到 sentence) */
  ms: number
  /** bytes transferred from the keypress on (typed), or for the whole page (opened) */
  bytes: number
}

// Watches the page from outside the search script, so any version of it is measured alike: the
// moment the status shows an answer (with its results in the list), then the next frame drawn
// (a task queued from requestAnimationFrame runs once that frame is painted). The keypress's time
// is kept in sessionStorage, since the page may navigate between the keypress and the results.
const WATCHER = `(() => {
  const now = () => performance.timeOrigin + performance.now()
  addEventListener('keydown', (e) => { if (e.key === 'Enter') sessionStorage.setItem('bench:typed', String(now())) }, true)
  let seen = false
  const answered = () => {
    const status = document.querySelector('[data-search-status]')
    const text = status ? status.textContent : ''
    if (/^(没有找到|“)/.test(text)) return true
    return /^找到 /.test(text) && document.querySelector('[data-search-results] > li') !== null
  }
  new MutationObserver(() => {
    if (seen || !answered()) return
    seen = true
    requestAnimationFrame(() => {
      const channel = new MessageChannel()
      channel.port1.onmessage = () => document.documentElement.setAttribute('data-bench-shown', String(now()))
      channel.port2.postMessage(0)
    })
  }).observe(document, { childList: true, subtree: true, characterData: true })
})()`

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Measures each query in Chromium with the CPU throttled (CPU_THROTTLE, 4× unless told), each
 * site served by scripts/server/serve.ts with its own /search/ page and the stylesheets and scripts of
 * `assets` (a built out/): `rounds` rounds, and in each every query, mode and site in turn, so a
 * busy machine slows all of them alike. Every run starts from a new browser context: nothing cached.
 */
export async function browserRuns(sites: BrowserSite[], assets: string, rounds: number, queries = QUERIES, modes = BROWSER_MODES): Promise<BrowserRun[]> {
  const { chromium } = await import('@playwright/test')
  const { startServer } = await import('../server/serve')
  // Each site twice: as a static host serves it, and as npm start does (answering /search/?q=).
  const servers: { plain: RunningServer; answering: RunningServer }[] = []
  for (const site of sites) {
    fs.mkdirSync(path.join(site.dir, 'search'), { recursive: true })
    fs.writeFileSync(path.join(site.dir, 'search/index.html'), site.pageHtml)
    for (const name of ['_next', 'js/reader.js', 'favicon.ico', 'icon.png', 'apple-icon.png', 'index.html', '404.html']) {
      const from = path.join(assets, name)
      if (fs.existsSync(from)) fs.cpSync(from, path.join(site.dir, name), { recursive: true })
    }
    servers.push({
      plain: await startServer({ dir: site.dir, host: '127.0.0.1', port: 0, search: false }),
      answering: await startServer({ dir: site.dir, host: '127.0.0.1', port: 0 }),
    })
  }
  const chrome = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] })
  const runs: BrowserRun[] = []
  try {
    for (let round = 0; round < rounds; round++) {
      for (const query of queries) {
        for (const mode of modes) {
          for (const [s, site] of sites.entries()) {
            const base = servers[s][mode === 'answered' ? 'answering' : 'plain'].url.replace(/\/$/, '')
            const context = await chrome.newContext()
            await context.addInitScript({ content: WATCHER })
            const page = await context.newPage()
            const cdp = await context.newCDPSession(page)
            await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.CPU_THROTTLE ?? 4) })
            let transferred = 0
            await cdp.send('Network.enable')
            cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (transferred += e.encodedDataLength))
            let start: number
            if (mode === 'typed') {
              await page.goto(`${base}/search/`, { waitUntil: 'networkidle' })
              const box = page.getByRole('main').getByRole('searchbox')
              await box.fill(query)
              transferred = 0
              await box.press('Enter')
              await page.locator('html[data-bench-shown]').waitFor({ state: 'attached', timeout: 60_000 })
              start = Number(await page.evaluate(() => sessionStorage.getItem('bench:typed')))
            } else {
              await page.goto(`${base}/search/?q=${encodeURIComponent(query)}`)
              await page.locator('html[data-bench-shown]').waitFor({ state: 'attached', timeout: 60_000 })
              start = await page.evaluate(() => performance.timeOrigin)
            }
            const shown = Number(await page.locator('html').getAttribute('data-bench-shown'))
            runs.push({ site: site.name, query, mode, ms: Math.round(shown - start), bytes: transferred })
            await context.close()
          }
        }
      }
    }
  } finally {
    await chrome.close()
    for (const { plain, answering } of servers) await Promise.all([plain.close(), answering.close()])
  }
  return runs
}

/** Medians of browserRuns(): per mode and query for each site, and over all queries. */
export function browserLines(runs: BrowserRun[]): string[] {
  const sites = [...new Set(runs.map((r) => r.site))]
  const lines: string[] = []
  for (const mode of BROWSER_MODES.filter((m) => runs.some((r) => r.mode === m))) {
    lines.push(
      {
        typed: '  typed into a loaded /search/ page, from Enter to the results drawn (median ms; KB from Enter on):',
        opened: '  /search/?q=… opened from a static host (the script answers), nothing cached, from navigation to the results drawn (median ms; KB in all):',
        answered: '  /search/?q=… opened from npm start (the page comes with the results), nothing cached, from navigation to the results drawn (median ms; KB in all):',
      }[mode],
    )
    for (const query of [...new Set(runs.map((r) => r.query)), '(all)']) {
      const cells = sites.map((site) => {
        const mine = runs.filter((r) => r.site === site && r.mode === mode && (query === '(all)' || r.query === query))
        return `${site} ${String(Math.round(median(mine.map((r) => r.ms)))).padStart(5)} ms ${kb(median(mine.map((r) => r.bytes))).padStart(6)}`
      })
      lines.push(`    ${query.padEnd(8, '\u3000')} ${cells.join('   ')}`)
    }
  }
  return lines
}

if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { child: { type: 'string' }, dir: { type: 'string' } } })
  if (!values.child || !values.dir) {
    console.error('✖ scripts/tools/search-measure.ts is a module; run npx tsx scripts/tools/search-bench.ts')
    process.exit(2)
  }
  await child(Number(values.child), values.dir)
}
