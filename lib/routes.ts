/** Articles per channel page. */
export const PAGE_SIZE = 20

/** `/articles/<slug>/` */
export const articlePath = (slug: string) => `/articles/${slug}/`

/** `/category/<slug>/` for page 1, `/category/<slug>/page/<n>/` after it. */
export const channelPath = (slug: string, page = 1) =>
  page <= 1 ? `/category/${slug}/` : `/category/${slug}/page/${page}/`

/** How many pages a list of `count` items fills (an empty channel still has its page 1). */
export const pageCount = (count: number) => Math.max(1, Math.ceil(count / PAGE_SIZE))

/**
 * The page number a `[[...page]]` segment names: `[]` is 1, `['page', '2']` is 2.
 * Anything else (`['page', '1']`, `['page', '02']`, `['x']`) is undefined, so it is a 404.
 */
export function pageFromSegments(segments: string[] | undefined): number | undefined {
  if (!segments || segments.length === 0) return 1
  if (segments.length !== 2 || segments[0] !== 'page' || !/^[1-9]\d*$/.test(segments[1])) return undefined
  const n = Number(segments[1])
  return n >= 2 ? n : undefined
}

/** A web search engine's search of the site, for readers whose browser runs no JavaScript. */
export const webSearchUrl = (siteUrl: string) => `https://www.baidu.com/s?wd=${encodeURIComponent(`site:${new URL(siteUrl).host}`)}`
