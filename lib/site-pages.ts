import { createHash } from 'node:crypto'
import { type Article, articleDigest, type Content } from './content'
import type { PlanMemo } from './plan-memo'
import { relatedArticles } from './related'
import { feedView } from './feeds'
import { ARCHIVE_PATH, articlePath, channelPath, monthPath, TAGS_PATH, tagPath } from './routes'
import { channelFeedPath, FEED_PATH } from './seo'
import { newsItems, sitemapIndexEntries, sitemapParts } from './sitemap'
import { archiveView, articleView, channelViews, FRONT, homeView, latestView, monthViews, tagsView, tagViews } from './views'

// Every file the site publishes, each with a key: a hash of its view (lib/views.ts), the very
// value its page renders, taken whole. No second list of "what a page shows" is kept here: a
// component that shows one more field must find it in its view, and the key covers it by then.
// The build renders a page again only when its key changed, so one edit touches the handful of
// pages that show what changed, and an incremental build equals a full one.

/** One published file: its URL path and the hash of what it shows. */
export interface SitePage {
  path: string
  key: string
}

/** The 404 page: rendered from a URL no route matches (Next's own not-found route, scripts/publish/next-internals.ts), written to 404.html. */
export const NOT_FOUND = { path: '/404.html' }

/** Files made from the code alone (no content): rendered again only by a full build. */
export const CODE_FILES = ['/favicon.ico', '/icon.png', '/apple-icon.png']

/**
 * Where a path's file lives in out/: `/` → `index.html`, `/a/b/` → `a/b/index.html`, `/feed.xml` →
 * `feed.xml`. Percent-encoded segments (tags) are decoded: servers decode the address before they
 * look for the file.
 */
export const outputFile = (path: string) => decodeURIComponent(path.endsWith('/') ? `${path.slice(1)}index.html` : path.slice(1))

/**
 * A hash of any view: its JSON, with Maps as entry lists and Dates as ISO strings (their toJSON).
 * An article the content package made stands in it as its digest (lib/content articleDigest), a
 * hash of its whole JSON taken when its file was parsed: the key still covers every field of it,
 * and a build does not hash 20,000 article texts to find the one that changed.
 */
export const viewKey = (value: unknown) => createHash('sha1').update(JSON.stringify(plain(value))).digest('base64url')

/**
 * `value` with its Maps as entry lists and its articles as their digests, sharing every part that
 * has neither: JSON.stringify then writes it on its fast path, where a replacer function (called
 * for every value, a field's text included) cost about a second for the 21,000 views at 20,000.
 */
function plain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Date) return value
  if (value instanceof Map) return [...value].map(plain)
  const digest = articleDigest(value)
  if (digest !== undefined) return { '#article': digest }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let i = 0; i < value.length; i++) {
      const part = plain(value[i])
      if (part !== value[i]) (copy ??= value.slice())[i] = part
    }
    return copy ?? value
  }
  let copy: Record<string, unknown> | undefined
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key]
    const part = plain(field)
    if (part !== field) (copy ??= { ...(value as Record<string, unknown>) })[key] = part
  }
  return copy ?? value
}

/**
 * Every page of the site with its key, at the moment `now` (which decides the news sitemap). A
 * resident publisher passes its `memo` of the last plan: the keys are the same, found without
 * hashing what did not change (lib/plan-memo.ts).
 */
export function sitePages(content: Content, now: Date, memo?: PlanMemo): SitePage[] {
  // Every page shows the site's chrome (name, channels, footer): its key takes the site too.
  const site = viewKey(content.site)
  const page = (path: string, view: unknown): SitePage => ({ path, key: memo ? memo.key(path, site, view, () => viewKey([site, view])) : viewKey([site, view]) })
  memo?.begin(content)
  // The news sitemap exists only while something was published in its 48 hours (an empty one is invalid).
  const news = newsItems(content, now)
  const pages: SitePage[] = [
    page('/', homeView(content)),
    page('/articles/', latestView(content)),
    page('/search/', null),
    page('/robots.txt', { news: news.length > 0 }),
    page(NOT_FOUND.path, null),
    page(FEED_PATH, feedView(content)),
  ]
  content.articles.forEach((article, position) => {
    const related = memo && ((_: Content, a: Article) => memo.relatedOf(content, a, position, () => relatedArticles(content, a)))
    pages.push(page(articlePath(article.slug), articleView(content, article.slug, related)))
  })
  for (const view of channelViews(content)) pages.push(page(channelPath(view.channel.slug, view.month === FRONT ? undefined : view.month), view))
  pages.push(page(TAGS_PATH, tagsView(content)))
  for (const view of tagViews(content)) pages.push(page(tagPath(view.tag, view.month === FRONT ? undefined : view.month), view))
  pages.push(page(ARCHIVE_PATH, archiveView(content)))
  for (const view of monthViews(content)) pages.push(page(monthPath(view.month), view))
  for (const channel of content.site.channels) pages.push(page(channelFeedPath(channel.slug), feedView(content, channel.slug)))
  pages.push(page('/sitemap.xml', sitemapIndexEntries(content)))
  for (const part of sitemapParts(content)) pages.push(page(part.path, part.entries))
  if (news.length > 0) pages.push(page('/news-sitemap.xml', news))
  for (const path of CODE_FILES) pages.push({ path, key: 'code' })
  memo?.end(content)
  return pages
}
