// Post-build step: makes out/ a site of plain HTML and CSS.
//
// App Router has no switch to ship a page without its runtime: every exported page carries ~135 KB
// gzip of framework JavaScript plus an inline copy of its data (the article text twice). Our pages
// are server components only, and links are plain <a>, so none of that is needed. This removes:
//   - <script src="/_next/..."> tags, script preloads, and inline bootstrap / flight-data scripts,
//   - the RSC payload files (index.txt, __next.*.txt) that only client-side navigation fetches,
//   - the JavaScript chunks no page references any more.
// Our own scripts (public/js/*.js, progressive enhancement) and JSON-LD blocks are kept.
// It writes a gzip copy (x.html.gz) beside each text file over 1 KB, pages in the same pass as the
// strip: nginx (gzip_static) and `npm start` (scripts/serve.mjs) send it to clients that accept
// gzip, so no server compresses on each request. Each step prints how long the postbuild has taken.
//
// Because hydration never happens, a client component ('use client') would render once and then
// never respond. The build fails if one is added, rather than shipping a silently broken control.
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { transform } from 'esbuild'
import { writeSearch } from './search-index.ts'
import { promisify } from 'node:util'
import zlib from 'node:zlib'

const root = process.cwd()
const out = path.resolve(root, process.env.OUT_DIR || 'out')

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(full)
    else yield full
  }
}

/** Source files under `base` (in app/, components/, lib/) that declare 'use client', relative to `base`. */
export function findClientComponents(base = root, dirs = ['app', 'components', 'lib']) {
  const found = []
  for (const dir of dirs.map((d) => path.join(base, d)).filter((d) => fs.existsSync(d))) {
    for (const file of walk(dir)) {
      if (!/\.(tsx?|jsx?|mjs)$/.test(file)) continue
      const head = fs.readFileSync(file, 'utf8').slice(0, 500)
      if (/^\s*(?:\/\/.*\n|\/\*[\s\S]*?\*\/\s*)*['"]use client['"]/.test(head)) found.push(path.relative(base, file))
    }
  }
  return found
}

/** Why the build stops when `files` declare 'use client': the message postbuild prints. */
export function clientComponentError(files) {
  return (
    `\n✖ Client components found: ${files.join(', ')}\n` +
    '  Production pages ship no framework JavaScript (scripts/postbuild.mjs strips it), so a\n' +
    "  'use client' component would render once and never hydrate: its controls would do nothing.\n" +
    '  Keep components server-only and add interactivity as a small script in public/js/ (see README).\n'
  )
}

const FRAMEWORK_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/g
const SCRIPT_PRELOAD = /<link\b[^>]*\bas="script"[^>]*\/?>/g

/** Removes Next's runtime from one exported page, keeping our own scripts and JSON-LD. */
export function stripFramework(html) {
  return html
    .replace(FRAMEWORK_SCRIPT, (tag, attributes, body) => {
      if (/\bsrc="\/_next\//.test(attributes)) return ''
      if (/\bsrc=/.test(attributes) || /type="application\/ld\+json"/.test(attributes)) return tag
      return /__next_f|TURBOPACK|\$RC|__NEXT/.test(body) || /id="_R_"/.test(attributes) ? '' : tag
    })
    .replace(SCRIPT_PRELOAD, '')
    .replace('<div hidden=""><!--$--><!--/$--></div>', '')
}

const COMPRESSIBLE = /\.(html|css|js|json|xml|txt)$/
const MIN_GZIP_BYTES = 1024
const gzip = promisify(zlib.gzip)

/** Runs `task` over `items`, `limit` at a time: file reads, writes and zlib run on libuv's pool. */
async function eachLimited(items, limit, task) {
  let next = 0
  const worker = async () => {
    while (next < items.length) await task(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** Writes `file.gz` (zlib level 9) beside `file` when `bytes` is worth compressing. */
async function writeGzip(file, bytes) {
  if (bytes.length >= MIN_GZIP_BYTES) await fsp.writeFile(file + '.gz', await gzip(bytes, { level: 9 }))
}

/** Writes `<file>.gz` beside every compressible file in `dir` over 1 KB that `include` accepts; returns how many. */
async function precompress(dir, include = () => true) {
  const files = [...walk(dir)].filter((file) => COMPRESSIBLE.test(file) && include(file))
  let written = 0
  await eachLimited(files, 8, async (file) => {
    const bytes = await fsp.readFile(file)
    if (bytes.length >= MIN_GZIP_BYTES) written++
    await writeGzip(file, bytes)
  })
  return written
}

/**
 * Strips every exported page and writes its gzip copy in the same pass (each page is read once);
 * deletes the client-navigation payloads and JavaScript chunks. Returns what it did.
 */
async function finishPages(dir) {
  const report = { pages: 0, before: 0, after: 0, leftovers: [] }
  const pages = []
  for (const file of walk(dir)) {
    const name = path.basename(file)
    if (name.endsWith('.html')) pages.push(file)
    else if (name.endsWith('.txt') && (name === 'index.txt' || name.startsWith('__next.'))) fs.rmSync(file)
    else if (name.endsWith('.js') && file.startsWith(path.join(dir, '_next') + path.sep)) fs.rmSync(file)
  }
  await eachLimited(pages, 8, async (file) => {
    const html = await fsp.readFile(file, 'utf8')
    const stripped = stripFramework(html)
    if (/<script\b[^>]*\bsrc="\/_next\//.test(stripped) || /__next_f/.test(stripped)) report.leftovers.push(file)
    if (stripped !== html) await fsp.writeFile(file, stripped)
    await writeGzip(file, Buffer.from(stripped))
    report.pages++
    report.before += Buffer.byteLength(html)
    report.after += Buffer.byteLength(stripped)
  })
  return report
}

/**
 * Minifies our own scripts (out/js/, copied from public/js/, kept readable there). They are most
 * of what an article page loads after its HTML: reader.js goes from 1,316 to ~870 B gzip.
 */
async function minifyScripts(dir) {
  const scripts = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.js')) : []
  for (const name of scripts) {
    const file = path.join(dir, name)
    const { code } = await transform(fs.readFileSync(file, 'utf8'), { minify: true, target: 'es2020' })
    fs.writeFileSync(file, code)
  }
  return scripts.length
}

async function main() {
  const clients = findClientComponents()
  if (clients.length > 0) {
    console.error(clientComponentError(clients))
    process.exit(1)
  }
  if (!fs.existsSync(out)) {
    console.error(`✖ ${out} does not exist: run \`next build\` first.`)
    process.exit(1)
  }
  const started = performance.now()
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`

  const { pages, before, after, leftovers } = await finishPages(out)
  if (leftovers.length > 0) {
    console.error(`✖ framework scripts remain in: ${leftovers.slice(0, 5).join(', ')}`)
    process.exit(1)
  }
  const minified = await minifyScripts(path.join(out, 'js'))
  const kb = (n) => (n / 1024).toFixed(0) + ' KB'
  console.log(`✓ stripped framework JavaScript from ${pages} pages (${kb(before)} → ${kb(after)} of HTML), gzipped them (${seconds()})`)
  console.log(`✓ minified ${minified} scripts of out/js/`)
  const { index, script } = await writeSearch(out)
  console.log(
    `✓ search index of ${index.documents} articles written to out/search-index (${index.terms} terms, ${kb(index.bytes)}) ` +
      `and out/js/search.js (${kb(script.gzipBytes)} gzip) (${seconds()})`,
  )
  // Pages and search.js have their .gz already (the index's files are stored compressed); this covers scripts, stylesheets, feeds and sitemaps.
  const others = await precompress(out, (file) => !file.endsWith('.html') && !file.endsWith(`${path.sep}search.js`))
  console.log(`✓ gzipped ${others} other files for servers that send precompressed files (${seconds()})`)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
