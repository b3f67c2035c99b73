// Builds the Pagefind search index of the exported site into out/pagefind/, in bounded memory.
//
// Pagefind holds a whole index in memory while it writes it: about 0.2 MB per page plus 0.22 KB per
// character of Chinese text (5,000 synthetic articles took 2.7 GB, 20,000 took 9.3 GB). So the pages
// are split into shards of bounded text, each indexed by its own Pagefind process, closed before the
// next starts; scripts/pagefind-merge.mjs then merges the shards' files into one bundle. The peak is one
// shard's however large the archive, and readers search one index, exactly as if built in one go.
// A site whose text fits one shard (the real one today) is indexed in one go, with no merge.
//
// Only pages with data-pagefind-body (articles) are indexed, as Pagefind itself does once any page has
// it; Chinese is segmented because of forceLanguage (the pages also say <html lang="zh-CN">).
import fs from 'node:fs'
import path from 'node:path'
import * as pagefind from 'pagefind'
import { mergeBundles } from './pagefind-merge.mjs'

/** Text characters one shard may hold, page overheads included: 0.7-0.9 GB of Pagefind memory (measured). */
export const SHARD_CHARS = 3_000_000
/** What a page costs Pagefind beyond its text, in characters (measured: ~0.2 MB a page). */
export const PAGE_CHARS = 1_000

const PAGEFIND_BODY = /<([a-z][\w-]*)\b[^>]*\sdata-pagefind-body\b[^>]*>/i

/** Characters of text (tags and white space left out) in the page's data-pagefind-body element, or null if it has none. */
export function searchableChars(html) {
  const open = PAGEFIND_BODY.exec(html)
  if (!open) return null
  const tags = new RegExp(`<(/?)${open[1]}\\b[^>]*>`, 'gi')
  tags.lastIndex = open.index + open[0].length
  let depth = 1
  let end = html.length
  for (let tag; depth > 0 && (tag = tags.exec(html)); ) {
    depth += tag[1] ? -1 : 1
    if (depth === 0) end = tag.index
  }
  return html.slice(open.index + open[0].length, end).replace(/<[^>]*>/g, '').replace(/\s+/g, '').length
}

/**
 * Splits `pages` (each with `chars`) into consecutive shards of at most `budget` characters, counting
 * PAGE_CHARS more for each page. A page over the budget on its own still gets a shard. Always at least one shard.
 * @template {{ chars: number }} Page
 * @param {Page[]} pages
 * @returns {Page[][]}
 */
export function planShards(pages, budget = SHARD_CHARS) {
  /** @type {Page[][]} */
  const shards = [[]]
  let used = 0
  for (const page of pages) {
    const cost = page.chars + PAGE_CHARS
    if (used + cost > budget && shards.at(-1).length > 0) {
      shards.push([])
      used = 0
    }
    shards.at(-1).push(page)
    used += cost
  }
  return shards
}

// Pagefind writes its ready-made search UIs into every bundle; search.js uses none of them.
const UNUSED = /^pagefind-(ui|component-ui|modular-ui|highlight)\.(js|css)$/

function* htmlFiles(dir, skip) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory() && full !== skip) yield* htmlFiles(full, skip)
    else if (entry.isFile() && entry.name.endsWith('.html')) yield full
  }
}

/**
 * Writes one Pagefind bundle of `pages` (files of `out`) into `outputPath` with its own Pagefind process;
 * throws on any Pagefind error.
 */
async function writeShard(out, pages, outputPath) {
  // Pagefind reads a folder in parallel but takes files one at a time (addHTMLFile: 3x slower), so
  // the shard's pages are hard-linked into a folder of their own, at the same relative paths (same URLs).
  // A dot folder: neither server serves it, should a failed build leave it behind.
  const source = path.join(path.dirname(outputPath), `.pages-${path.basename(outputPath)}`)
  fs.rmSync(source, { recursive: true, force: true })
  fs.mkdirSync(source, { recursive: true })
  for (const { file } of pages) {
    const link = path.join(source, path.relative(out, file))
    fs.mkdirSync(path.dirname(link), { recursive: true })
    fs.linkSync(file, link)
  }
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'zh-cn' })
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`)
  const added = await index.addDirectory({ path: source })
  if (added.errors.length > 0) throw new Error(`pagefind: ${added.errors.join('; ')}`)
  const written = await index.writeFiles({ outputPath })
  if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join('; ')}`)
  // Ends the Pagefind process, and with it the shard's memory, before the next shard starts one.
  await pagefind.close()
  fs.rmSync(source, { recursive: true })
}

/**
 * Indexes the articles in `out` into out/pagefind, `budget` characters of text per Pagefind process;
 * returns { pages, shards }.
 */
export async function buildSearchIndex(out, { budget = Number(process.env.SEARCH_SHARD_CHARS) || SHARD_CHARS } = {}) {
  const bundle = path.join(out, 'pagefind')
  fs.rmSync(bundle, { recursive: true, force: true })
  const pages = []
  for (const file of htmlFiles(out, bundle)) {
    const chars = searchableChars(fs.readFileSync(file, 'utf8'))
    if (chars !== null) pages.push({ file, chars })
  }
  const shards = planShards(pages, budget)
  const dirs = shards.map((_, i) => (i === 0 ? bundle : path.join(bundle, `shard-${i}`)))
  for (const [i, shard] of shards.entries()) await writeShard(out, shard, dirs[i])
  if (shards.length > 1) {
    mergeBundles(dirs)
    for (const dir of dirs.slice(1)) fs.rmSync(dir, { recursive: true })
  }
  for (const name of fs.readdirSync(bundle)) if (UNUSED.test(name)) fs.rmSync(path.join(bundle, name))
  return { pages: pages.length, shards: shards.length }
}
