// Post-build step: makes out/ a site of plain HTML and CSS.
//
// App Router has no switch to ship a page without its runtime: every exported page carries ~135 KB
// gzip of framework JavaScript plus an inline copy of its data (the article text twice). Our pages
// are server components only, and links are plain <a>, so none of that is needed. This removes:
//   - <script src="/_next/..."> tags, script preloads, and inline bootstrap / flight-data scripts,
//   - the RSC payload files (index.txt, __next.*.txt) that only client-side navigation fetches,
//   - the JavaScript chunks no page references any more.
// Our own scripts (public/js/*.js, progressive enhancement) and JSON-LD blocks are kept.
// Then it writes a gzip copy (x.html.gz) beside each text file over 1 KB: nginx (gzip_static) and
// `npm start` (sirv) send it to clients that accept gzip, so no server compresses on each request.
//
// Because hydration never happens, a client component ('use client') would render once and then
// never respond. The build fails if one is added, rather than shipping a silently broken control.
import fs from 'node:fs'
import path from 'node:path'
import { buildSearchIndex } from './search-index.mjs'
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

/** Writes `<file>.gz` (zlib level 9) beside every compressible file in `dir` over 1 KB; returns how many. */
export async function precompress(dir) {
  const files = [...walk(dir)].filter((file) => COMPRESSIBLE.test(file) && fs.statSync(file).size >= MIN_GZIP_BYTES)
  // zlib runs on libuv's thread pool: a few files at a time keep both cores busy.
  for (let i = 0; i < files.length; i += 16) {
    await Promise.all(
      files.slice(i, i + 16).map(async (file) => {
        fs.writeFileSync(file + '.gz', await gzip(fs.readFileSync(file), { level: 9 }))
      }),
    )
  }
  return files.length
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

  let pages = 0
  let before = 0
  let after = 0
  const leftovers = []
  for (const file of walk(out)) {
    const name = path.basename(file)
    if (name.endsWith('.html')) {
      const html = fs.readFileSync(file, 'utf8')
      const stripped = stripFramework(html)
      if (/<script\b[^>]*\bsrc="\/_next\//.test(stripped) || /__next_f/.test(stripped)) leftovers.push(file)
      if (stripped !== html) fs.writeFileSync(file, stripped)
      pages++
      before += Buffer.byteLength(html)
      after += Buffer.byteLength(stripped)
    } else if (name.endsWith('.txt') && (name === 'index.txt' || name.startsWith('__next.'))) {
      fs.rmSync(file)
    } else if (name.endsWith('.js') && file.startsWith(path.join(out, '_next') + path.sep)) {
      fs.rmSync(file)
    }
  }
  if (leftovers.length > 0) {
    console.error(`✖ framework scripts remain in: ${leftovers.slice(0, 5).join(', ')}`)
    process.exit(1)
  }
  const kb = (n) => (n / 1024).toFixed(0) + ' KB'
  console.log(`✓ stripped framework JavaScript from ${pages} pages (${kb(before)} → ${kb(after)} of HTML)`)
  const index = await buildSearchIndex(out)
  console.log(`✓ search index of ${index.pages} articles written to out/pagefind (${index.shards} shard${index.shards > 1 ? 's' : ''})`)
  console.log(`✓ gzipped ${await precompress(out)} files for servers that send precompressed files`)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
