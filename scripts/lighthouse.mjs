// @ts-check
// `npm run lighthouse`: Lighthouse (12.8.2, the last release for Node 20) on the home, channel and
// article pages, served from out/ by scripts/serve.ts on 127.0.0.1; prints the four category
// scores per page and keeps the JSON reports in .lighthouse/. Optional: not part of npm test.
//
//   npm run lighthouse [-- --dir out] [--desktop]
//
// Uses Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), headless, without sandbox.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { parseArgs } from 'node:util'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const reports = path.join(root, '.lighthouse')
const PAGES = [
  ['home', '/'],
  ['channel', '/category/minsheng/'],
  ['article', '/articles/loudi-louxing-zhucun-bangfu/'],
]
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo']

const { values } = parseArgs({
  options: { dir: { type: 'string', default: 'out' }, desktop: { type: 'boolean', default: false } },
})
const dir = path.resolve(root, values.dir)

if (!fs.existsSync(path.join(dir, 'index.html'))) {
  if (values.dir !== 'out') {
    console.error(`✖ ${dir} has no index.html: build it first.`)
    process.exit(1)
  }
  console.log('out/ has not been built yet: running npm run build first…')
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

/** @returns {Promise<number>} */
const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })

const port = await freePort()
const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '--dir', dir, '--port', String(port), '--host', '127.0.0.1'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
})
await /** @type {Promise<void>} */ (new Promise((resolve, reject) => {
  server.stdout.on('data', (chunk) => String(chunk).includes('serving') && resolve())
  server.on('exit', (code) => reject(new Error(`serve.ts exited with ${code}`)))
}))

fs.mkdirSync(reports, { recursive: true })
const rows = []
try {
  for (const [name, pathname] of PAGES) {
    const report = path.join(reports, `${name}.json`)
    const run = spawnSync(
      path.join(root, 'node_modules/.bin/lighthouse'),
      [
        `http://127.0.0.1:${port}${pathname}`,
        '--quiet',
        '--output=json',
        `--output-path=${report}`,
        '--chrome-flags=--headless=new --no-sandbox',
        ...(values.desktop ? ['--preset=desktop'] : []),
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' } },
    )
    if (run.status !== 0) {
      console.error(`✖ lighthouse failed on ${pathname}:\n${run.stderr || run.stdout}`)
      rows.push([name, pathname, ...CATEGORIES.map(() => 'failed')])
      continue
    }
    const { categories, audits } = JSON.parse(fs.readFileSync(report, 'utf8'))
    rows.push([name, pathname, ...CATEGORIES.map((c) => Math.round((categories[c]?.score ?? 0) * 100))])
    // Name what costs points, so a score below 100 says what to fix.
    const failing = Object.values(categories)
      .flatMap((category) => category.auditRefs.filter((/** @type {{ id: string, weight: number }} */ ref) => ref.weight > 0).map((/** @type {{ id: string }} */ ref) => audits[ref.id]))
      .filter((audit) => audit.score !== null && audit.score < 1)
      .map((audit) => `${audit.id} (${Math.round(audit.score * 100)})`)
    if (failing.length > 0) rows.push(['', `  below 100: ${[...new Set(failing)].join(', ')}`])
  }
} finally {
  server.kill()
}

console.log(`Lighthouse 12.8.2 (${values.desktop ? 'desktop' : 'mobile'} preset), pages served from ${path.relative(root, dir) || '.'}:`)
console.log(['page', 'path', ...CATEGORIES].map((h, i) => h.padEnd(i === 1 ? 40 : 16)).join(''))
for (const row of rows) {
  console.log(row.length === 2 ? row[1] : row.map((cell, i) => String(cell).padEnd(i === 1 ? 40 : 16)).join(''))
}
console.log(`reports: ${path.relative(root, reports)}/<page>.json`)
