/** Articles per archive page. */
export const PAGE_SIZE = 20

/** `/articles/<slug>/` */
export const articlePath = (slug: string) => `/articles/${slug}/`

/** `/category/<slug>/` for the channel's front page (page 0), `/category/<slug>/page/<n>/` for archive page n. */
export const channelPath = (slug: string, page = 0) =>
  page <= 0 ? `/category/${slug}/` : `/category/${slug}/page/${page}/`

/** `/tags/`: every tag with its count. */
export const TAGS_PATH = '/tags/'

/** `/tags/<tag>/` (percent-encoded UTF-8) for a tag's front page, `/tags/<tag>/page/<n>/` for archive page n. */
export const tagPath = (tag: string, page = 0) => `${TAGS_PATH}${encodeURIComponent(tag)}/${page > 0 ? `page/${page}/` : ''}`

/** `/archive/`: every month with articles. */
export const ARCHIVE_PATH = '/archive/'

/** `/archive/2023/01/` for the month `2023-01`, `/archive/2023/01/page/<n>/` for its archive page n. */
export const monthPath = (month: string, page = 0) => `${ARCHIVE_PATH}${month.replace('-', '/')}/${page > 0 ? `page/${page}/` : ''}`

/** The month key (`2023-01`) a `/archive/<yyyy>/<mm>/` address names, or undefined when it names none. */
export function monthFromSegments(year: string, month: string): string | undefined {
  return /^\d{4}$/.test(year) && /^(0[1-9]|1[0-2])$/.test(month) ? `${year}-${month}` : undefined
}

/**
 * The tag a `/tags/<tag>/` segment names. Next hands the segment over still percent-encoded (and
 * a tag can never contain `%`), so it is decoded here; an undecodable one names nothing.
 */
export function tagFromSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment).normalize('NFC')
  } catch {
    return undefined
  }
}

// A channel's archive is cut into pages of PAGE_SIZE numbered from the oldest article, so a new
// article never moves an old one to another page: publishing touches the front page, not the
// whole archive. The front page shows the newest, unfinished page together with the full page
// before it (21 to 40 articles), so readers never see fewer than 20; archive pages 1 … n-2 hold
// the rest, 20 each.

/** How a channel of `count` articles is laid out: the front page's length and the number of archive pages. */
export function archiveLayout(count: number): { front: number; pages: number } {
  const chunks = Math.ceil(count / PAGE_SIZE)
  if (chunks <= 2) return { front: count, pages: 0 }
  return { front: count - (chunks - 2) * PAGE_SIZE, pages: chunks - 2 }
}

/** The articles of archive page `page` (1-based from the oldest) of a newest-first list. */
export function archivePage<T>(newestFirst: T[], page: number): T[] {
  const n = newestFirst.length
  return newestFirst.slice(Math.max(0, n - page * PAGE_SIZE), n - (page - 1) * PAGE_SIZE)
}

/**
 * The page number a `[[...page]]` segment names: `[]` is the front page (0), `['page', '2']` is
 * archive page 2. Anything else (`['page', '0']`, `['page', '02']`, `['x']`) is undefined, a 404.
 */
export function pageFromSegments(segments: string[] | undefined): number | undefined {
  if (!segments || segments.length === 0) return 0
  if (segments.length !== 2 || segments[0] !== 'page' || !/^[1-9]\d*$/.test(segments[1])) return undefined
  return Number(segments[1])
}

const WEB_SEARCH = 'https://www.baidu.com/s'

/**
 * A web search engine's search of the site (`site:host`), narrowed to `query` when one is given,
 * for readers whose browser runs no JavaScript.
 */
export const webSearchUrl = (siteUrl: string, query = '') => webSearch(`site:${new URL(siteUrl).host}`, query)

/**
 * The search page's web search link (`href`, a webSearchUrl of the site alone) narrowed to `query`:
 * how the server puts a reader's query into the page, knowing the link but not the site's address.
 * Undefined when `href` is not such a link.
 */
export function narrowWebSearch(href: string, query: string): string | undefined {
  let url: URL
  try {
    url = new URL(href)
  } catch {
    return undefined
  }
  const site = url.searchParams.get('wd')
  if (`${url.origin}${url.pathname}` !== WEB_SEARCH || !site?.startsWith('site:') || site.includes(' ')) return undefined
  return webSearch(site, query)
}

// encodeURIComponent rather than URLSearchParams (which writes a space as +): the page's link and the
// server's narrowed one are spelled alike.
const webSearch = (site: string, query: string) => `${WEB_SEARCH}?wd=${encodeURIComponent(query ? `${site} ${query}` : site)}`
