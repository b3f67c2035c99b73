// Merges Pagefind bundles built over disjoint sets of pages into one bundle, as if Pagefind had
// indexed all the pages at once: one page list, one word index, one filter index.
//
// Why not Pagefind's own mergeIndex() in the browser: each merged index ranks with its own word
// statistics and, for a word it lacks, falls back to the longest shorter word it has. A word in 5 of
// 2,000 pages then also matched every page holding its first character in the shards without it (331
// results instead of 5, measured with 4 shards). One merged index searches exactly like one build.
//
// The files are Pagefind 1.6's (pagefind_web/src/{metadata,index}.rs): gzip of "pagefind_dcd" + CBOR.
// The merge streams: it holds one index chunk per bundle at a time, whatever the number of pages.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

/** The Pagefind version whose file format this merge knows (package.json pins it). */
export const FORMAT_VERSION = '1.6.0'
const SIGNATURE = Buffer.from('pagefind_dcd')
// Pagefind's index_chunk_size: a chunk closes once its words hold this many locations (see chunkSize).
const CHUNK_SIZE = 20_000

/** Decodes the CBOR subset Pagefind writes: integers, text and definite-length arrays. */
export function decodeCbor(bytes) {
  let at = 0
  const item = () => {
    const head = bytes[at++]
    const major = head >> 5
    let n = head & 31
    if (n > 26) throw new Error(`pagefind-merge: unexpected CBOR length ${n} at byte ${at - 1}`)
    if (n >= 24) {
      const size = 2 ** (n - 24)
      n = bytes.readUIntBE(at, size)
      at += size
    }
    if (major === 0) return n
    if (major === 1) return -1 - n
    if (major === 3) return bytes.toString('utf8', at, (at += n))
    if (major !== 4) throw new Error(`pagefind-merge: unexpected CBOR type ${major} at byte ${at - 1}`)
    const array = new Array(n)
    for (let i = 0; i < n; i++) array[i] = item()
    return array
  }
  return item()
}

/** Encodes integers, text and arrays as CBOR; a Buffer inside is taken as already-encoded CBOR. */
export function encodeCbor(value) {
  // One growing buffer: the index holds millions of small integers.
  let out = Buffer.allocUnsafe(1024)
  let at = 0
  const room = (n) => {
    if (at + n <= out.length) return
    const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, at + n))
    out.copy(bigger, 0, 0, at)
    out = bigger
  }
  const head = (major, n) => {
    room(5)
    if (n < 24) {
      out[at++] = (major << 5) | n
      return
    }
    const size = n < 2 ** 8 ? 1 : n < 2 ** 16 ? 2 : 4
    out[at++] = (major << 5) | (24 + Math.log2(size))
    at = out.writeUIntBE(n, at, size)
  }
  const item = (v) => {
    if (typeof v === 'number') head(v < 0 ? 1 : 0, v < 0 ? -1 - v : v)
    else if (typeof v === 'string') {
      const length = Buffer.byteLength(v)
      head(3, length)
      room(length)
      at += out.write(v, at)
    } else if (Buffer.isBuffer(v)) {
      room(v.length)
      at += v.copy(out, at)
    } else {
      head(4, v.length)
      v.forEach(item)
    }
  }
  item(value)
  return out.subarray(0, at)
}

function readFile(file) {
  const bytes = zlib.gunzipSync(fs.readFileSync(file))
  if (!bytes.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error(`pagefind-merge: ${file} is not a Pagefind file`)
  return decodeCbor(bytes.subarray(SIGNATURE.length))
}

/**
 * Writes `cbor` as a Pagefind file named `name(hash)`; returns the hash, `<prefix>_<hex of the content>`,
 * with more hex digits while the name is taken by other content (as Pagefind does).
 */
function writeFile(dir, prefix, cbor, name, hexDigits = 7) {
  const bytes = zlib.gzipSync(Buffer.concat([SIGNATURE, cbor]))
  const hex = crypto.createHash('sha256').update(bytes).digest('hex')
  fs.mkdirSync(dir, { recursive: true })
  for (let digits = hexDigits; ; digits++) {
    const file = path.join(dir, name(`${prefix}_${hex.slice(0, digits)}`))
    if (fs.existsSync(file) && !fs.readFileSync(file).equals(bytes)) continue
    fs.writeFileSync(file, bytes)
    return `${prefix}_${hex.slice(0, digits)}`
  }
}

/** A bundle's one language index: its entry, metadata and folder. */
function openBundle(dir) {
  const entry = JSON.parse(fs.readFileSync(path.join(dir, 'pagefind-entry.json'), 'utf8'))
  const languages = Object.entries(entry.languages)
  if (entry.version !== FORMAT_VERSION || languages.length !== 1) {
    throw new Error(`pagefind-merge: ${dir} holds Pagefind ${entry.version} with ${languages.length} languages; the merge reads ${FORMAT_VERSION} with one`)
  }
  const [language, { hash }] = languages[0]
  const [, pages, chunks, filters, sorts, metaFields = []] = readFile(path.join(dir, `pagefind.${hash}.pf_meta`))
  if (sorts.length > 0) throw new Error('pagefind-merge: data-pagefind-sort is not supported')
  if (pages.some(([, , group]) => group)) throw new Error('pagefind-merge: fragment groups (maxFragments) are not supported')
  return { dir, entry, language, hash, pages, chunks, filters, metaFields }
}

/** The words of a bundle's index in order, chunk by chunk, each as [word, pages, variants]. */
function* wordsOf(bundle) {
  for (const [, , hash] of bundle.chunks) yield* readFile(path.join(bundle.dir, 'index', `${hash}.pf_index`))[0]
}

/** A word's page list with absolute page numbers moved by `offset`, and meta field ids renumbered by `field`. */
function absolutePages(pages, offset, field) {
  let page = 0
  return pages.map(([delta, locations, metaLocations]) => {
    page += delta
    if (!metaLocations) return [page + offset, locations]
    return [page + offset, locations, metaLocations.map((l) => (l < 0 ? -1 - field(-1 - l) : l))]
  })
}

/** Page lists from several bundles (absolute page numbers, in bundle order) as one delta-encoded list. */
function deltaPages(lists) {
  let previous = 0
  return lists.flat().map(([page, ...rest]) => {
    const entry = [page - previous, ...rest]
    previous = page
    return entry
  })
}

// Pagefind (Rust) orders words by their UTF-8 bytes, which JavaScript's < does not for all text.
const byBytes = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))

/** What a merged word adds to its chunk, counted as Pagefind's chunk_index counts it. */
function chunkSize(pages, variants) {
  const locations = (list) => list.reduce((sum, [, locs, metaLocs = []]) => sum + locs.length + metaLocs.length + 1, 0)
  return locations(pages) + variants.reduce((sum, [, list]) => sum + locations(list), 0) + variants.length
}

/**
 * The chunks' word ranges as Pagefind's chunk_meta writes them: each boundary trimmed to the shortest
 * prefixes that still tell the two neighbours apart. The browser picks chunks by these ranges.
 */
function trimRanges(chunks) {
  for (let i = 0; i + 1 < chunks.length; i++) {
    const [a, b] = [Array.from(chunks[i][1]), Array.from(chunks[i + 1][0])]
    let common = 0
    while (common < a.length && common < b.length && a[common] === b[common]) common++
    const to = a.slice(0, common + 1).join('')
    if (byBytes(to, chunks[i][0]) >= 0) chunks[i][1] = to
    chunks[i + 1][0] = b.slice(0, common + 1).join('')
  }
  return chunks
}

/** Merges the word indexes of `bundles` into index chunk files in `dir`; returns the chunk list for the metadata. */
function mergeWords(bundles, dir, prefix) {
  const cursors = bundles.map((bundle) => {
    const words = wordsOf(bundle)
    return { bundle, words, head: words.next().value }
  })
  const chunks = []
  let chunk = []
  let size = 0
  const flush = () => {
    const hash = writeFile(dir, prefix, encodeCbor([chunk.map((w) => w.cbor)]), (h) => `${h}.pf_index`)
    chunks.push([chunk[0].word, chunk.at(-1).word, hash])
    chunk = []
    size = 0
  }
  for (let live = cursors; (live = live.filter((c) => c.head)).length > 0; ) {
    const word = live.map((c) => c.head[0]).reduce((a, b) => (byBytes(a, b) <= 0 ? a : b))
    const pages = []
    const variants = new Map()
    for (const cursor of live.filter((c) => c.head[0] === word)) {
      const { offset, field } = cursor.bundle
      const [, wordPages, wordVariants = []] = cursor.head
      pages.push(absolutePages(wordPages, offset, field))
      for (const [form, formPages] of wordVariants) variants.set(form, [...(variants.get(form) ?? []), absolutePages(formPages, offset, field)])
      cursor.head = cursor.words.next().value
      if (cursor.head && byBytes(cursor.head[0], word) <= 0) throw new Error(`pagefind-merge: ${cursor.bundle.dir} has its words out of order`)
    }
    const merged = [word, deltaPages(pages), [...variants].map(([form, lists]) => [form, deltaPages(lists)])]
    chunk.push({ word, cbor: encodeCbor(merged) })
    size += chunkSize(merged[1], merged[2])
    if (size >= CHUNK_SIZE) flush()
  }
  if (chunk.length > 0) flush()
  return trimRanges(chunks)
}

/** Merges the filter indexes of `bundles` into filter files in `dir`; returns the filter list for the metadata. */
function mergeFilters(bundles, dir, prefix) {
  const keys = new Map()
  for (const bundle of bundles) {
    for (const [key, hash] of bundle.filters) {
      const values = keys.get(key) ?? new Map()
      for (const [value, pages] of readFile(path.join(bundle.dir, 'filter', `${hash}.pf_filter`))[1]) {
        values.set(value, [...(values.get(value) ?? []), ...pages.map((page) => page + bundle.offset)])
      }
      keys.set(key, values)
    }
  }
  fs.mkdirSync(dir, { recursive: true })
  return [...keys]
    .sort(([a], [b]) => byBytes(a, b))
    .map(([key, values]) => {
      const sorted = [...values].sort(([a], [b]) => byBytes(a, b))
      return [key, writeFile(dir, prefix, encodeCbor([key, sorted]), (h) => `${h}.pf_filter`)]
    })
}

/**
 * Merges the Pagefind bundles in `dirs` into the first one, which keeps its script and WebAssembly:
 * metadata, words, filters, fragments and entry are replaced by those of all the pages. The other
 * folders are left emptied of fragments. Returns the number of pages.
 */
export function mergeBundles(dirs) {
  const bundles = dirs.map(openBundle)
  const [primary] = bundles
  const prefix = primary.language
  if (bundles.some((b) => b.language !== prefix)) throw new Error('pagefind-merge: the bundles index different languages')
  const fields = [...new Set(bundles.flatMap((b) => b.metaFields))].sort(byBytes)
  let offset = 0
  for (const bundle of bundles) {
    bundle.offset = offset
    bundle.field = (id) => fields.indexOf(bundle.metaFields[id])
    offset += bundle.pages.length
  }

  const target = primary.dir
  const merging = { index: path.join(target, 'index.merging'), filter: path.join(target, 'filter.merging') }
  for (const dir of Object.values(merging)) fs.rmSync(dir, { recursive: true, force: true })
  const chunks = mergeWords(bundles, merging.index, prefix)
  const filters = mergeFilters(bundles, merging.filter, prefix)
  for (const [name, dir] of Object.entries(merging)) {
    fs.rmSync(path.join(target, name), { recursive: true, force: true })
    fs.mkdirSync(dir, { recursive: true })
    fs.renameSync(dir, path.join(target, name))
  }
  // Fragments are one file per page, named by the page's short hash: they only move, unless another
  // bundle has a different page under that name (7 hex digits: likely among 20,000 pages).
  for (const bundle of bundles.slice(1)) {
    for (const page of bundle.pages) {
      const from = path.join(bundle.dir, 'fragment', `${page[0]}.pf_fragment`)
      let to = path.join(target, 'fragment', `${page[0]}.pf_fragment`)
      if (fs.existsSync(to) && !fs.readFileSync(to).equals(fs.readFileSync(from))) {
        page[0] = `${page[0]}_${bundles.indexOf(bundle)}`
        to = path.join(target, 'fragment', `${page[0]}.pf_fragment`)
      }
      fs.renameSync(from, to)
    }
  }
  const pages = bundles.flatMap((b) => b.pages)
  fs.rmSync(path.join(target, `pagefind.${primary.hash}.pf_meta`))
  const hash = writeFile(target, prefix, encodeCbor([FORMAT_VERSION, pages, chunks, filters, [], fields]), (h) => `pagefind.${h}.pf_meta`, 13)
  const language = { ...primary.entry.languages[prefix], hash, page_count: pages.length }
  fs.writeFileSync(path.join(target, 'pagefind-entry.json'), JSON.stringify({ ...primary.entry, languages: { [prefix]: language } }))
  return pages.length
}
