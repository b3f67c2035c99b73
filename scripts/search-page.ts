// The search page (/search/) for a reader whose browser runs no JavaScript. The page is static and
// cannot see `?q=`, so npm start's server (scripts/serve.ts) fills it in for each request: the
// query goes into the box and into the web search link, and the channel and order chosen are
// selected, so the reader sees what was asked and a resubmitted form keeps it.
//
// The page is read with htmlparser2's tokenizer (the one scripts/build/strip.ts uses) and cut only
// at the start tags it changes; every other byte is the built page's. A changed start tag is
// written again from its decoded attributes, each value escaped by `entities`' escapeAttribute,
// the HTML standard's attribute-mode escaping that parse5's serializer uses too: whatever a query
// holds (quotes, `<script>`, `&quot;`), it stays inside its attribute. htmlparser2 is already the
// build's tokenizer; parse5's rewriting stream would also do, at about twice the time per page in
// strip.ts's measurements, and a full parse and serialize would rewrite bytes nobody asked to change.
import { escapeAttribute } from 'entities'
import { Parser } from 'htmlparser2'
import { narrowWebSearch } from '../lib/routes'

/** The path the search form sends its query to (app/search/page.tsx, components/SearchForm.tsx). */
export const SEARCH_PATH = '/search/'

/** The id of the search page's own box (app/search/page.tsx). */
export const QUERY_ID = 'search-page-query'

/**
 * The longest query put back into the page, in characters: far beyond any real query, and it keeps
 * the page and the link short whatever a request sends (a URL may be 16 KB).
 */
export const MAX_QUERY = 100

/** What a request to the search page asked: `q`, `channel` and `sort`, each '' when absent. */
export interface SearchArgs {
  query: string
  channel: string
  sort: string
}

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
  return query || channel || sort ? { query, channel, sort } : undefined
}

type Attributes = Record<string, string>

/** A start tag written from decoded attribute values. */
const startTag = (name: string, attributes: Attributes) =>
  `<${name}${Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('')}>`

/**
 * The search page `html` showing `args`: the query in the box (#search-page-query) and in the web
 * search link (`data-web-search`), the channel option and the order radio selected when they name
 * one of the page's own. Everything else is left byte for byte.
 */
export function fillSearchPage(html: string, { query, channel, sort }: SearchArgs): string {
  const edits: { start: number; end: number; tag: string }[] = []
  let inChannels = false
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const change = (changed: Attributes) => edits.push({ start: parser.startIndex, end: parser.endIndex + 1, tag: startTag(name, { ...attributes, ...changed }) })
        if (name === 'input' && attributes.id === QUERY_ID) change({ value: query })
        else if (name === 'input' && attributes.type === 'radio' && attributes.name === 'sort' && sort !== '' && attributes.value === sort) change({ checked: '' })
        else if (name === 'select' && attributes.name === 'channel') inChannels = true
        else if (name === 'option' && inChannels && channel !== '' && attributes.value === channel) change({ selected: '' })
        else if (name === 'a' && 'data-web-search' in attributes && query !== '') {
          const href = narrowWebSearch(attributes.href ?? '', query)
          if (href !== undefined) change({ href })
        }
      },
      onclosetag(name) {
        if (name === 'select') inChannels = false
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
