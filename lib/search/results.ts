// What the search page shows for an answer, in words and in order: shared by the page's script
// (browser.ts, which draws with DOM methods) and npm start's server (scripts/server/search-answer.ts, which
// writes the same results into the page), so a page the server answered and the script's own answer
// cannot differ. Kept small: it is bundled into the script.
import { excerpt, highlight, type Segment } from './excerpt'
import type { StoredDocument } from './format'
import type { Normalizer } from './normalize'
import type { Order } from './query'

/** Results shown at a time: the first screen, each 显示更多结果, and each page of the server's pager. */
export const PAGE_SIZE = 10

/** What the reader asked for, as the address says it: `q`, `channel` ('' for all) and `sort`. */
export interface ResultsArgs {
  query: string
  channel: string
  sort: Order
}

/** The order an address asks for: newest first for `sort=newest`, else by relevance. */
export const sortOf = (value: string | null | undefined): Order => (value === 'newest' ? 'newest' : 'relevance')

/**
 * The address (`?q=…[&channel=…][&sort=newest]`) of a query, channel and order: the script keeps
 * it in the location bar, the server marks its results with it and builds its pager links on it.
 */
export function searchAddress({ query, channel, sort }: ResultsArgs): string {
  const params = new URLSearchParams({ q: query })
  if (channel) params.set('channel', channel)
  if (sort === 'newest') params.set('sort', 'newest')
  return `?${params}`
}

/**
 * The status sentence above the results. `total` counts the hits in every channel, `shown` those
 * of the channel chosen; `channelName` names that channel.
 */
export function statusText(query: string, total: number, shown: number, channel: string, channelName: string): string {
  if (total === 0) return `没有找到与“${query}”相关的文章。`
  if (shown === 0) return `“${channelName}”栏目中没有找到与“${query}”相关的文章(全部栏目共 ${total} 篇)。`
  return `找到 ${shown} 篇与“${query}”相关的文章` + (channel ? `(${channelName})` : '')
}

/** A channel's name: as the index knows it, else as the page's channel menu offers it; never the slug an address gave. */
export const channelName = (slug: string, indexed: readonly { slug: string; name: string }[], offered?: string | null): string =>
  indexed.find((c) => c.slug === slug)?.name ?? offered ?? ''

/**
 * The channel an address asks for when it exists (in the index, or the page's channel menu), else
 * '' (every channel): an unknown value is ignored, never echoed onto the page.
 */
export const knownChannel = (slug: string, indexed: readonly { slug: string }[], offered: ReadonlyMap<string, string>): string =>
  slug !== '' && (indexed.some((c) => c.slug === slug) || offered.has(slug)) ? slug : ''

/** One result as drawn: li > h2 > a (title), p.meta > time + channel, p.excerpt. */
export interface ResultView {
  url: string
  title: Segment[]
  /** ISO 8601, for <time datetime> */
  date: string
  /** YYYY-MM-DD in Beijing time, as shown */
  day: string
  channel: string
  excerpt: Segment[]
}

/** The page's title for a query ('' for none); `siteTitle` is the part after the last ' - '. */
export const searchTitle = (query: string, siteTitle: string | undefined) => (query ? `搜索:${query} - ${siteTitle}` : `站内搜索 - ${siteTitle}`)

// Every result links to a page of the site: a stored URL that is not a path of it (javascript:,
// //elsewhere) is never made a link target.
const SITE_PATH = /^\/(?![/\\])/

/** A stored document as one result for the query's (folded) words. */
export function resultView(doc: StoredDocument, words: readonly string[], normalizer: Normalizer): ResultView {
  return { url: SITE_PATH.test(doc.url) ? doc.url : '#', title: highlight(doc.title, words, normalizer), date: doc.date, day: doc.day, channel: doc.channel, excerpt: excerpt(doc.text, words, normalizer) }
}

/**
 * The data attributes on a list of results the server drew: the address it answered, the rank of
 * its first result, and the index generation it answered from.
 */
export const ANSWERED_ATTRIBUTE = 'data-search-answered'
export const FROM_ATTRIBUTE = 'data-search-from'
export const GENERATION_ATTRIBUTE = 'data-search-generation'
