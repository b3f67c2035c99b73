// Search index figures at generated sizes (scripts/search-measure.ts measures; `npm run bench`
// prints the same): build time and peak memory of indexing from data, index size, one incremental
// update, and what a reader downloads per query (script included, gzip, as served).
//
//   npx tsx scripts/search-bench.ts [--articles 1000,5000,20000] [--browser] [--keep] [--port N]
//
// --browser also loads /search/?q=… in Chromium with the CPU throttled 4× (CDP; CPU_THROTTLE=n for
// another rate) on the largest size and prints the time until the first results are on screen and
// the bytes transferred. It takes the search page from out/ (npm run build first).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { browserLines, browserTimes, measureSearch, searchLines } from './search-measure'

async function main() {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '1000,5000,20000' },
      browser: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      port: { type: 'string', default: String(Number(process.env.E2E_PORT_BASE || 4310) + 40) },
    },
  })
  const sizes = values.articles.split(',').map(Number)
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'search-bench-'))
  try {
    for (const n of sizes) {
      const dir = path.join(base, String(n))
      console.log(`\n${searchLines(await measureSearch(n, dir)).join('\n')}`)
      if (values.browser && n === Math.max(...sizes)) {
        const pageHtml = fs.readFileSync(path.join(import.meta.dirname, '../out/search/index.html'), 'utf8')
        console.log(`  Chromium, CPU throttled ${process.env.CPU_THROTTLE ?? 4}×, nothing cached (${n} articles; load average ${os.loadavg()[0].toFixed(1)}):`)
        console.log(browserLines(await browserTimes(dir, Number(values.port), pageHtml)).join('\n'))
      }
    }
  } finally {
    if (values.keep) console.log(`\nkept ${base}`)
    else fs.rmSync(base, { recursive: true, force: true })
  }
}

if (import.meta.filename === process.argv[1]) await main()
