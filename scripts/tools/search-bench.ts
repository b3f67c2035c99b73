// Search index figures at generated sizes (scripts/tools/search-measure.ts measures; `npm run bench`
// prints the same): build time and peak memory of indexing from data, index size, one incremental
// update, and what a reader downloads per query (script included, gzip, as served).
//
//   npx tsx scripts/tools/search-bench.ts [--articles 1000,5000,20000] [--browser] [--rounds 3] [--keep]
//
// --browser also measures the largest size in Chromium with the CPU throttled 4× (CDP; CPU_THROTTLE=n
// for another rate), --rounds times (3 unless told): a query typed into a loaded /search/ page (from
// Enter to the results drawn) and /search/?q=… opened with nothing cached (from navigation), once
// from a static host (the script answers) and once from npm start (the page comes answered), with
// the bytes transferred. It takes the search page, stylesheets and scripts from out/ (npm run build first).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { browserLines, browserRuns, measureSearch, searchLines } from './search-measure'

async function main() {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '1000,5000,20000' },
      browser: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '3' },
    },
  })
  const sizes = values.articles.split(',').map(Number)
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'search-bench-'))
  try {
    for (const n of sizes) {
      const dir = path.join(base, String(n))
      console.log(`\n${searchLines(await measureSearch(n, dir)).join('\n')}`)
      if (values.browser && n === Math.max(...sizes)) {
        const out = path.join(import.meta.dirname, '../../out')
        const pageHtml = fs.readFileSync(path.join(out, 'search/index.html'), 'utf8')
        console.log(`  Chromium, CPU throttled ${process.env.CPU_THROTTLE ?? 4}×, ${values.rounds} rounds (${n} articles; load average ${os.loadavg()[0].toFixed(1)}):`)
        console.log(browserLines(await browserRuns([{ name: 'search', dir, pageHtml }], out, Number(values.rounds))).join('\n'))
      }
    }
  } finally {
    if (values.keep) console.log(`\nkept ${base}`)
    else fs.rmSync(base, { recursive: true, force: true })
  }
}

if (import.meta.filename === process.argv[1]) await main()
