// The search page (/search/) for a reader whose browser runs no JavaScript. The page is static and
// cannot see `?q=`, so npm start's server (scripts/server/serve.ts) fills it in for each request: the
// query goes into the box and into the web search link, and the channel and order chosen are
// selected, so the reader sees what was asked and a resubmitted form keeps it. When the server has
// answered the query (scripts/server/search-answer.ts), the answer goes in too: the title, the status
// sentence, ten results drawn as the page's script draws them (lib/search/drawing.ts), a pager (上一页, page numbers,
// 下一页) after the list, the channel and order fields shown, and the sentence saying search needs
// JavaScript left out.
//
// The page is read with htmlparser2's tokenizer (the one scripts/publish/strip.ts uses) and cut only
// at the start tags it changes; every other byte is the built page's. A changed start tag is
// written again from its decoded attributes, each value escaped by `entities`' escapeAttribute,
// the HTML standard's attribute-mode escaping that parse5's serializer uses too: whatever a query
// holds (quotes, `<script>`, `&quot;`), it stays inside its attribute. htmlparser2 is already the
// build's tokenizer; parse5's rewriting stream would also do, at about twice the time per page in
// strip.ts's measurements, and a full parse and serialize would rewrite bytes nobody asked to change.
// What goes in new (the results, the pager, the status and the title) is built as hast nodes, the
// results by lib/search/drawing.ts (which the page's script draws from too) and the pager by
// lib/pager.ts (which the month pages draw from too), and serialized by hast-util-to-html: text
// from the index is only ever text.
import { escapeAttribute } from 'entities'
import type { Element } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { Parser } from 'htmlparser2'
import { type PageLink, pagerTree } from '../../lib/pager'
import { resultItem, text } from '../../lib/search/drawing'
import { ANSWERED_ATTRIBUTE, FROM_ATTRIBUTE, GENERATION_ATTRIBUTE, searchAddress, searchTitle } from '../../lib/search/results'
import { narrowWebSearch } from '../../lib/routes'
import type { SearchResults } from './search-answer'

/** The path the search form sends its query to (app/search/page.tsx, components/SearchForm.tsx). */
export const SEARCH_PATH = '/search/'

/** The id of the search page's own box (app/search/page.tsx). */
export const QUERY_ID = 'search-page-query'

/**
 * The longest query put back into the page, in characters: far beyond any real query, and it keeps
 * the page and the link short whatever a request sends (a URL may be 16 KB).
 */
export const MAX_QUERY = 100

/** What a request to the search page asked: `q`, `channel` and `sort`, each '' when absent, and `page` (1 unless a page number). */
export interface SearchArgs {
  query: string
  channel: string
  sort: string
  page: number
}

/** The highest `page=` read as a number; beyond it (or not digits) is page 1. */
const MAX_PAGE = 100_000

// Control characters and noncharacters have no place in a query, and either makes an attribute
// value invalid HTML; a line break in a search box's value would be dropped by the browser anyway.
const UNWANTED = /[\p{Cc}\p{Noncharacter_Code_Point}]+/gu

/**
 * The search arguments of a request target (`/search/?q=…&channel=…&sort=…`), as the page's script
 * reads them: the first of a repeated name, the query trimmed. Invalid percent-encoding decodes to
 * U+FFFD (URLSearchParams never throws); control characters become spaces and the query is cut to
 * MAX_QUERY characters. Undefined when nothing is asked.
 */
export function searchArgs(target: string): SearchArgs | undefined {
  const at = target.indexOf('?')
  if (at === -1) return undefined
  const params = new URLSearchParams(target.slice(at + 1))
  const query = Array.from((params.get('q') ?? '').replace(UNWANTED, ' ').trim()).slice(0, MAX_QUERY).join('').trim()
  // Only compared with the page's own options, never written out.
  const channel = params.get('channel') ?? ''
  const sort = params.get('sort') ?? ''
  const pageText = params.get('page') ?? ''
  const page = /^\d{1,6}$/.test(pageText) ? Math.min(Math.max(1, Number(pageText)), MAX_PAGE) : 1
  return query || channel || sort ? { query, channel, sort, page } : undefined
}

/** The channels the page's own menu offers (select[name=channel]), slug → name: what the status calls a channel. */
export function offeredChannels(html: string): Map<string, string> {
  const channels = new Map<string, string>()
  let inChannels = false
  let option: string | undefined
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'select' && attributes.name === 'channel') inChannels = true
        else if (name === 'option' && inChannels && attributes.value) channels.set((option = attributes.value), '')
      },
      ontext(data) {
        if (option !== undefined) channels.set(option, channels.get(option) + data)
      },
      onclosetag(name) {
        if (name === 'option') option = undefined
        else if (name === 'select') inChannels = false
      },
    },
    { decodeEntities: true },
  )
  parser.end(html)
  return channels
}

type Attributes = Record<string, string>

/** A start tag written from decoded attribute values. */
const startTag = (name: string, attributes: Attributes) =>
  `<${name}${Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('')}>`

/** The page numbers a pager lists: the first, the last, and two either side of `page`, with gaps. */
export function pageNumbers(page: number, pages: number): (number | 'gap')[] {
  const numbers: (number | 'gap')[] = []
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 2) numbers.push(n)
    else if (numbers.at(-1) !== 'gap') numbers.push('gap')
  }
  return numbers
}

/** 上一页 | page numbers | 下一页 under the results (lib/pager.ts, the month pages' pager); none for one page. */
export function resultsPager({ args, page, pages }: SearchResults): Element | undefined {
  if (pages <= 1) return undefined
  const href = (n: number) => `${SEARCH_PATH}${searchAddress(args)}${n > 1 ? `&page=${n}` : ''}`
  const links: PageLink[] = []
  if (page > 1) links.push({ href: href(page - 1), rel: 'prev', label: '上一页' })
  for (const n of pageNumbers(page, pages)) links.push(n === 'gap' ? n : { href: href(n), current: n === page, name: `第 ${n} 页`, label: String(n) })
  if (page < pages) links.push({ href: href(page + 1), rel: 'next', label: '下一页' })
  return pagerTree(links, { dataSearchPages: '' })
}

/**
 * The search page `html` showing `args`: the query in the box (#search-page-query) and in the web
 * search link (`data-web-search`), the channel option and the order radio selected when they name
 * one of the page's own; with `results`, the answer written in too (see the top of this file).
 * Everything else is left byte for byte.
 */
export function fillSearchPage(html: string, { query, channel, sort }: SearchArgs, results?: SearchResults): string {
  const edits: { start: number; end: number; tag: string }[] = []
  let inChannels = false
  let title: { start: number; text: string } | undefined
  let needsScript: number | undefined
  let inResults = false
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const change = (changed: Attributes) => edits.push({ start: parser.startIndex, end: parser.endIndex + 1, tag: startTag(name, { ...attributes, ...changed }) })
        const after = (tag: string) => edits.push({ start: parser.endIndex + 1, end: parser.endIndex + 1, tag })
        if (results) {
          if (name === 'title' && title === undefined) return void (title = { start: parser.endIndex + 1, text: '' })
          if ('data-search-options' in attributes) {
            const shown = { ...attributes }
            delete shown.hidden
            return void edits.push({ start: parser.startIndex, end: parser.endIndex + 1, tag: startTag(name, shown) })
          }
          if ('data-search-status' in attributes) return void after(toHtml(text(results.status)))
          if ('data-search-results' in attributes) {
            inResults = true
            change({ [ANSWERED_ATTRIBUTE]: searchAddress(results.args), [FROM_ATTRIBUTE]: String(results.from), [GENERATION_ATTRIBUTE]: results.generation })
            return void after(toHtml({ type: 'root', children: results.items.map(resultItem) }))
          }
          if ('data-search-needs-script' in attributes) return void (needsScript = parser.startIndex)
        }
        if (name === 'input' && attributes.id === QUERY_ID) change({ value: query })
        else if (name === 'input' && attributes.type === 'radio' && attributes.name === 'sort' && sort !== '' && attributes.value === sort) change({ checked: '' })
        else if (name === 'select' && attributes.name === 'channel') inChannels = true
        else if (name === 'option' && inChannels && channel !== '' && attributes.value === channel) change({ selected: '' })
        else if (name === 'a' && 'data-web-search' in attributes && query !== '') {
          const href = narrowWebSearch(attributes.href ?? '', query)
          if (href !== undefined) change({ href })
        }
      },
      ontext(data) {
        if (title !== undefined && title.start >= 0) title.text += data
      },
      onclosetag(name) {
        if (name === 'select') inChannels = false
        if (!results) return
        if (name === 'title' && title !== undefined && title.start >= 0) {
          edits.push({ start: title.start, end: parser.startIndex, tag: toHtml(text(searchTitle(query, title.text.split(' - ').pop()))) })
          title.start = -1
        } else if (name === 'ol' && inResults) {
          inResults = false
          const pager = resultsPager(results)
          if (pager) edits.push({ start: parser.endIndex + 1, end: parser.endIndex + 1, tag: toHtml(pager) })
        } else if (name === 'p' && needsScript !== undefined) {
          edits.push({ start: needsScript, end: parser.endIndex + 1, tag: '' })
          needsScript = undefined
        }
      },
    },
    { decodeEntities: true },
  )
  parser.end(html)
  let out = ''
  let at = 0
  for (const { start, end, tag } of edits) {
    out += html.slice(at, start) + tag
    at = end
  }
  return out + html.slice(at)
}
