// The search page's script (/search/): bundled by bundle.ts into out/js/search.js with the
// traditional → simplified table built in. Reads ?q=, &channel= and &sort= from the address,
// fetches only the index files the query needs, and shows the results ten at a time. A query sent
// from the page's own form is answered in the page (the address follows with pushState), so the
// reader waits for the query's files only: the page, the script, index.json and docs.bin are
// already there. Each result is built by drawing.ts, as the server builds it, and made DOM nodes by
// hast-util-to-dom: no text from the index is ever parsed as HTML.
//
// npm start's server may have answered the address's query already (scripts/server/search-answer.ts): its
// list carries data-search-answered with the address it answered. Then the list, the status and
// the focus are left as they are, and 显示更多结果 goes on after the server's last result; the
// server's pager, for readers without this script, goes once the button can take its place.
import { toDom } from 'hast-util-to-dom'
import { resultItem } from './drawing'
import { createNormalizer } from './normalize'
import { type Order, SearchIndex, type SearchAnswer } from './query'
import { ANSWERED_ATTRIBUTE, channelName, FROM_ATTRIBUTE, GENERATION_ATTRIBUTE, PAGE_SIZE, resultView, searchAddress, searchTitle, sortOf, statusText } from './results'

declare const __T2S_TABLE__: string

const INDEX_URL = '/search-index/'

const page = document.querySelector<HTMLElement>('[data-search-page]')!
const form = page.querySelector<HTMLFormElement>('form[data-search-form]')!
const box = form.querySelector<HTMLInputElement>('input[name="q"]')!
const channelSelect = form.querySelector<HTMLSelectElement>('select[name="channel"]')
const options = form.querySelector<HTMLElement>('[data-search-options]')
const status = page.querySelector<HTMLElement>('[data-search-status]')!
const list = page.querySelector<HTMLOListElement>('[data-search-results]')!
const more = page.querySelector<HTMLButtonElement>('[data-search-more]')!
const pager = page.querySelector<HTMLElement>('[data-search-pages]')

let query = ''
let channel = ''
let sort: Order = 'relevance'
const siteTitle = document.title.split(' - ').pop()

const normalizer = createNormalizer(__T2S_TABLE__)

/**
 * Fetches a file of the index. Every file but index.json is stored gzip-compressed as `<file>.gz`;
 * npm start and nginx (gzip_static) send it for `<file>` with Content-Encoding: gzip, and the
 * browser inflates it off the main thread. A host that cannot gets asked for the .gz itself, which
 * is inflated here.
 */
async function load(file: string, generation?: string): Promise<Uint8Array | undefined> {
  const version = generation ? `?v=${generation}` : ''
  let response = await fetch(INDEX_URL + file + version)
  if (!response.ok && generation) response = await fetch(`${INDEX_URL}${file}.gz${version}`)
  if (!response.ok) return undefined
  const bytes = new Uint8Array(await response.arrayBuffer())
  if (response.headers.has('content-encoding') || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))
  return new Uint8Array(await new Response(inflated).arrayBuffer())
}

// Opened once, as soon as the script runs, whether or not the address has a query: a reader who
// types one finds index.json and docs.bin already read.
let opening: Promise<SearchIndex> | undefined
const openIndex = () => (opening ??= SearchIndex.open(load, normalizer))

let index: SearchIndex | undefined
let answer: SearchAnswer | undefined
/** The ids of the documents shown, in order: the answer filtered and ordered as asked. */
let shown: Int32Array = new Int32Array(0)
let rendered = 0
/** Counts searches and re-orderings: an older one still loading documents must not draw over a newer one. */
let turn = 0

/** The next ten results as list items, their documents loaded. */
async function nextItems(): Promise<HTMLLIElement[]> {
  const batch = shown.subarray(rendered, rendered + PAGE_SIZE)
  rendered += batch.length
  const docs = await Promise.all(Array.from(batch, (doc) => index!.document(doc)))
  return docs.map((doc) => toDom(resultItem(resultView(doc, answer!.words, normalizer))) as HTMLLIElement)
}

async function showMore() {
  const mine = turn
  more.hidden = true
  const items = await nextItems()
  if (mine !== turn) return
  list.append(...items)
  more.hidden = rendered >= shown.length
}

/**
 * Shows the answer filtered by channel and sorted as chosen. The status and the first ten results
 * change together, once their documents are in: the page is laid out once, not twice.
 */
async function show() {
  if (!answer || !index) return
  const mine = ++turn
  shown = answer.select(sort, channel)
  rendered = 0
  const items = await nextItems()
  if (mine !== turn) return
  const name = channelName(channel, index.manifest.channels, channelSelect?.selectedOptions[0]?.textContent)
  status.textContent = statusText(query, answer.count, shown.length, channel, name)
  list.replaceChildren(...items)
  list.removeAttribute(ANSWERED_ATTRIBUTE)
  pager?.remove()
  more.hidden = rendered >= shown.length
}

/** The address of the current query, channel and order. */
const address = () => searchAddress({ query, channel, sort })

/** Keeps the address in step with the chosen channel and order, so a reload or a shared link shows the same. */
function remember() {
  history.replaceState(null, '', address())
}

/**
 * Reads the query, channel and order from the address into the page's form; `keepTyped` leaves the
 * box alone while the reader is in it (typing before the script came).
 */
function fromAddress(keepTyped = false) {
  const params = new URLSearchParams(location.search)
  query = (params.get('q') ?? '').trim()
  // Only a channel the page's menu offers: any other value in the address means every channel, and
  // is never shown (it is whatever the link's author typed).
  const asked = params.get('channel') ?? ''
  channel = channelSelect && [...channelSelect.options].some((o) => o.value === asked) ? asked : ''
  sort = sortOf(params.get('sort'))
  if (!(keepTyped && document.activeElement === box)) box.value = query
  if (channelSelect) channelSelect.value = channel
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="sort"]')) radio.checked = radio.value === sort
}

/** The answer to the current query; undefined (the error logged) when the index cannot be read. */
async function answerQuery(): Promise<SearchAnswer | undefined> {
  try {
    index = await openIndex()
    return await index.search(query)
  } catch (error) {
    console.error(error)
    return undefined
  }
}

/**
 * Takes over the server's answer to the address (the list is left as drawn): searches again in the
 * page so that 显示更多结果, the channel menu and the order work, and shows the button in place of
 * the server's pager. If the index cannot be read, the server's results and pager stay.
 */
async function resume() {
  const mine = ++turn
  const asked = address()
  const found = await answerQuery()
  if (!found || !index || mine !== turn) return
  answer = found
  // The channel or order changed meanwhile (show() could not draw without the answer), or this
  // page's index is another generation than the server's (a build published in between): the
  // server's list cannot be continued, so draw this answer.
  if (address() !== asked || list.getAttribute(GENERATION_ATTRIBUTE) !== index.manifest.generation) return void show()
  shown = found.select(sort, channel)
  rendered = Number(list.getAttribute(FROM_ATTRIBUTE) ?? 0) + list.children.length
  pager?.remove()
  more.hidden = rendered >= shown.length
}

/** Answers the current query. */
async function run() {
  const mine = ++turn
  answer = undefined
  list.replaceChildren()
  more.hidden = true
  if (!query) {
    document.title = searchTitle('', siteTitle)
    status.textContent = '请输入要搜索的词语,例如:乡村振兴。'
    return
  }
  document.title = searchTitle(query, siteTitle)
  status.textContent = '正在搜索…'
  const found = await answerQuery()
  if (mine !== turn) return
  if (!found) {
    status.textContent = '搜索索引尚未生成(在 npm run build 之后才有),请先按栏目浏览。'
    return
  }
  answer = found
  await show()
}

// The page's own form is answered here; without this script it goes to /search/?q=… as a GET.
form.addEventListener('submit', (event) => {
  event.preventDefault()
  query = box.value.trim()
  channel = channelSelect?.value ?? channel
  history.pushState(null, '', address())
  void run()
})
addEventListener('popstate', () => {
  fromAddress()
  void run()
})
channelSelect?.addEventListener('change', () => {
  channel = channelSelect.value
  remember()
  void show()
})
for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="sort"]')) {
  radio.addEventListener('change', () => {
    if (!radio.checked) return
    sort = sortOf(radio.value)
    remember()
    void show()
  })
}
more.addEventListener('click', () => void showMore())
fromAddress(true)
if (options) options.hidden = false
/** Resolves once the page has been drawn: a frame, then a task after it. */
const drawn = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))

if (query && list.getAttribute(ANSWERED_ATTRIBUTE) === address()) {
  // The server's results are on the page: the reader sees them first, and the index is read and
  // the query searched again (for 显示更多结果 and the filters) only once they are drawn.
  void drawn().then(resume)
} else {
  openIndex().catch(() => {}) // reported by run() when a query needs it
  void run()
}
