// `npm run lighthouse`: Lighthouse (12.8.2, the last release for Node 20) on the home, channel and
// article pages, served from out/ by scripts/server/serve.ts on 127.0.0.1; prints the four category
// scores per page and keeps the JSON reports in .lighthouse/. Optional: not part of npm test.
//
//   npm run lighthouse [-- --dir out] [--desktop] [--page /articles/x/ …]
//
// Uses Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), headless, without sandbox.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { startServer } from '../server/serve'

interface Audit {
  id: string
  score: number | null
}
interface Category {
  score: number | null
  auditRefs: { id: string; weight: number }[]
}

const root = path.resolve(import.meta.dirname, '../..')
const reports = path.join(root, '.lighthouse')
const PAGES = [
  ['home', '/'],
  ['channel', '/category/minsheng/'],
  ['article', '/articles/loudi-louxing-zhucun-bangfu/'],
]
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo']

const { values } = parseArgs({
  options: { dir: { type: 'string', default: 'out' }, desktop: { type: 'boolean', default: false }, page: { type: 'string', multiple: true } },
})
// Pages named on the command line (the photo bench's photo article) instead of the three above.
const pages = values.page?.map((pathname, i) => [`page-${i + 1}`, pathname]) ?? PAGES
const dir = path.resolve(root, values.dir!)

if (!fs.existsSync(path.join(dir, 'index.html'))) {
  if (values.dir !== 'out') {
    console.error(`✖ ${dir} has no index.html: build it first.`)
    process.exit(1)
  }
  console.log('out/ has not been built yet: running npm run build first…')
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const server = await startServer({ dir, port: 0, host: '127.0.0.1' })

/** A child's exit status and output, awaited. */
const lighthouse = (command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, options)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })

fs.mkdirSync(reports, { recursive: true })
const rows: (string | number)[][] = []
try {
  for (const [name, pathname] of pages) {
    const report = path.join(reports, `${name}.json`)
    // Run asynchronously: the pages are served by this very process, whose event loop a spawnSync would stop.
    const run = await lighthouse(
      path.join(root, 'node_modules/.bin/lighthouse'),
      [
        new URL(pathname, server.url).href,
        '--quiet',
        '--output=json',
        `--output-path=${report}`,
        '--chrome-flags=--headless=new --no-sandbox',
        ...(values.desktop ? ['--preset=desktop'] : []),
      ],
      { cwd: root, env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' } },
    )
    if (run.status !== 0) {
      console.error(`✖ lighthouse failed on ${pathname}:\n${run.stderr || run.stdout}`)
      rows.push([name, pathname, ...CATEGORIES.map(() => 'failed')])
      continue
    }
    const { categories, audits } = JSON.parse(fs.readFileSync(report, 'utf8')) as { categories: Record<string, Category>; audits: Record<string, Audit> }
    rows.push([name, pathname, ...CATEGORIES.map((c) => Math.round((categories[c]?.score ?? 0) * 100))])
    // Name what costs points, so a score below 100 says what to fix.
    const failing = Object.values(categories)
      .flatMap((category) => category.auditRefs.filter((ref) => ref.weight > 0).map((ref) => audits[ref.id]))
      .filter((audit) => audit.score !== null && audit.score < 1)
      .map((audit) => `${audit.id} (${Math.round(audit.score! * 100)})`)
    if (failing.length > 0) rows.push(['', `  below 100: ${[...new Set(failing)].join(', ')}`])
  }
} finally {
  await server.close()
}

console.log(`Lighthouse 12.8.2 (${values.desktop ? 'desktop' : 'mobile'} preset), pages served from ${path.relative(root, dir) || '.'}:`)
console.log(['page', 'path', ...CATEGORIES].map((h, i) => h.padEnd(i === 1 ? 40 : 16)).join(''))
for (const row of rows) {
  console.log(row.length === 2 ? row[1] : row.map((cell, i) => String(cell).padEnd(i === 1 ? 40 : 16)).join(''))
}
console.log(`reports: ${path.relative(root, reports)}/<page>.json`)
