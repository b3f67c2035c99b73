/** Articles on a list's front page (a channel's or a tag's), after its pinned ones. */
export const FRONT_SIZE = 20

/** `/articles/<slug>/` */
export const articlePath = (slug: string) => `/articles/${slug}/`

// A list (a channel, a tag, the whole site) is archived by calendar month, Beijing time: its front
// page shows the newest articles, and `<list>/<yyyy>/<mm>/` every article of that month. A page
// holds a fixed span of time, not a numbered slice, so nothing is ever renumbered: an article
// added, deleted or re-dated changes the one or two months it is in (and the front page while it
// is among the newest), never the rest of the archive. See README, *What one edit touches*.

/** `2023-01` → `2023/01/`: a month's segments in an address. */
const monthSegments = (month: string) => `${month.replace('-', '/')}/`

/** `/category/<slug>/` for the channel's front page, `/category/<slug>/<yyyy>/<mm>/` for one month of it. */
export const channelPath = (slug: string, month?: string) => `/category/${slug}/${month ? monthSegments(month) : ''}`

/** `/tags/`: every tag with its count. */
export const TAGS_PATH = '/tags/'

/** `/tags/<tag>/` (percent-encoded UTF-8) for a tag's front page, `/tags/<tag>/<yyyy>/<mm>/` for one month of it. */
export const tagPath = (tag: string, month?: string) => `${TAGS_PATH}${encodeURIComponent(tag)}/${month ? monthSegments(month) : ''}`

/** `/archive/`: every month with articles. */
export const ARCHIVE_PATH = '/archive/'

/** `/archive/2023/01/`: every article of the month `2023-01`. */
export const monthPath = (month: string) => `${ARCHIVE_PATH}${monthSegments(month)}`

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

/**
 * The page of a list a `[[...month]]` segment names: `[]` is the front page (`front`), `['2023',
 * '01']` the month `2023-01`. Anything else (`['page', '2']`, `['2023', '1']`, `['x']`) is undefined, a 404.
 */
export function listPageFromSegments(segments: string[] | undefined): 'front' | string | undefined {
  if (!segments || segments.length === 0) return 'front'
  return segments.length === 2 ? monthFromSegments(segments[0], segments[1]) : undefined
}

/**
 * Where an address of the numbered archive pages of before (`/category/<c>/page/<n>/`,
 * `/tags/<t>/page/<n>/`, `/archive/<yyyy>/<mm>/page/<n>/`) lives now: the list's front page (its
 * months are linked from there). Undefined for any other address. Servers answer it with a 301
 * (`npm start`, and deploy/site.conf's rewrite of the same pattern).
 */
export function legacyArchiveRedirect(pathname: string): string | undefined {
  const match = LEGACY_ARCHIVE.exec(pathname)
  return match ? `/${match[1]}/` : undefined
}

/** The numbered archive pages of before; deploy/site.conf's `rewrite` spells the same pattern. */
export const LEGACY_ARCHIVE = /^\/((?:category|tags)\/[^/]+|archive\/\d{4}\/\d{2})\/page\/\d+\/?$/

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
