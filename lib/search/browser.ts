// The search page's script (/search/): bundled by bundle.ts into out/js/search.js with the
// traditional → simplified table built in. Reads ?q=, &channel= and &sort= from the address,
// fetches only the index files the query needs, and shows the results ten at a time. A query sent
// from the page's own form is answered in the page (the address follows with pushState), so the
// reader waits for the query's files only: the page, the script, index.json and docs.bin are
// already there. Everything is built with DOM methods: no text from the index is ever parsed as HTML.
import { excerpt, highlight, type Segment } from './excerpt'
import { createNormalizer } from './normalize'
import { type Order, SearchIndex, type SearchAnswer } from './query'

declare const __T2S_TABLE__: string

const PAGE = 10
const INDEX_URL = '/search-index/'

const page = document.querySelector<HTMLElement>('[data-search-page]')!
const form = page.querySelector<HTMLFormElement>('form[data-search-form]')!
const box = form.querySelector<HTMLInputElement>('input[name="q"]')!
const channelSelect = form.querySelector<HTMLSelectElement>('select[name="channel"]')
const options = form.querySelector<HTMLElement>('[data-search-options]')
const status = page.querySelector<HTMLElement>('[data-search-status]')!
const list = page.querySelector<HTMLOListElement>('[data-search-results]')!
const more = page.querySelector<HTMLButtonElement>('[data-search-more]')!

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

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, children: (Node | string)[] = []) {
  const node = Object.assign(document.createElement(tag), props)
  node.append(...children)
  return node
}

const render = (parts: Segment[]) => parts.map((p) => (p.mark ? element('mark', { textContent: p.text }) : p.text))

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
  const batch = shown.subarray(rendered, rendered + PAGE)
  rendered += batch.length
  const docs = await Promise.all(Array.from(batch, (doc) => index!.document(doc)))
  return docs.map((doc) =>
    element('li', {}, [
      element('h2', {}, [element('a', { href: doc.url }, render(highlight(doc.title, answer!.words, normalizer)))]),
      element('p', { className: 'meta' }, [element('time', { dateTime: doc.date, textContent: doc.day }), ` ${doc.channel}`]),
      element('p', { className: 'excerpt' }, render(excerpt(doc.text, answer!.words, normalizer))),
    ]),
  )
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
  const all = answer.count
  shown = answer.select(sort, channel)
  rendered = 0
  const items = await nextItems()
  if (mine !== turn) return
  const channelName = index.manifest.channels.find((c) => c.slug === channel)?.name ?? channelSelect?.selectedOptions[0]?.textContent ?? channel
  if (all === 0) status.textContent = `没有找到与“${query}”相关的文章。`
  else if (shown.length === 0) status.textContent = `“${channelName}”栏目中没有找到与“${query}”相关的文章(全部栏目共 ${all} 篇)。`
  else status.textContent = `找到 ${shown.length} 篇与“${query}”相关的文章` + (channel ? `(${channelName})` : '')
  list.replaceChildren(...items)
  more.hidden = rendered >= shown.length
}

/** The address of the current query, channel and order. */
function address() {
  const next = new URLSearchParams({ q: query })
  if (channel) next.set('channel', channel)
  if (sort === 'newest') next.set('sort', 'newest')
  return `?${next}`
}

/** Keeps the address in step with the chosen channel and order, so a reload or a shared link shows the same. */
function remember() {
  history.replaceState(null, '', address())
}

/** Reads the query, channel and order from the address into the page's form. */
function fromAddress() {
  const params = new URLSearchParams(location.search)
  query = (params.get('q') ?? '').trim()
  channel = params.get('channel') ?? ''
  sort = params.get('sort') === 'newest' ? 'newest' : 'relevance'
  box.value = query
  if (channelSelect) channelSelect.value = channel
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="sort"]')) radio.checked = radio.value === sort
}

/** Answers the current query. */
async function run() {
  const mine = ++turn
  answer = undefined
  list.replaceChildren()
  more.hidden = true
  if (!query) {
    document.title = `站内搜索 - ${siteTitle}`
    status.textContent = '请输入要搜索的词语,例如:乡村振兴。'
    return
  }
  document.title = `搜索:${query} - ${siteTitle}`
  status.textContent = '正在搜索…'
  let found: SearchAnswer
  try {
    index = await openIndex()
    found = await index.search(query)
  } catch (error) {
    console.error(error)
    if (mine === turn) status.textContent = '搜索索引尚未生成(在 npm run build 之后才有),请先按栏目浏览。'
    return
  }
  if (mine !== turn) return
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
    sort = radio.value === 'newest' ? 'newest' : 'relevance'
    remember()
    void show()
  })
}
more.addEventListener('click', () => void showMore())
fromAddress()
if (options) options.hidden = false
openIndex().catch(() => {}) // reported by run() when a query needs it
void run()
