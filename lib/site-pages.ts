import { createHash } from 'node:crypto'
import type { Article, Content } from './content'
import { feedArticles } from './feeds'
import { ARCHIVE_PATH, articlePath, channelPath, monthPath, TAGS_PATH, tagPath } from './routes'
import { channelFeedPath, FEED_PATH } from './seo'
import { newsArticles, sitemapPartPath, sitemapParts } from './sitemap'
import { archiveView, articleView, channelViews, homeView, latestView, monthViews, tagsView, tagViews } from './views'

// Every file the site publishes, each with a key: a hash of exactly what that page shows (its
// view, lib/views.ts). The build renders a page again only when its key changed, so one new
// article touches the handful of pages that show it, and an incremental build equals a full one.

/** One published file: its URL path and the hash of what it shows. */
export interface SitePage {
  path: string
  key: string
}

/** The 404 page: rendered from a URL no route matches (Next's own not-found route), written to 404.html. */
export const NOT_FOUND = { path: '/404.html', source: '/--not-found--/' }

/** Files made from the code alone (no content): rendered again only by a full build. */
export const CODE_FILES = ['/favicon.ico', '/icon.png', '/apple-icon.png']

/**
 * Where a path's file lives in out/: `/` → `index.html`, `/a/b/` → `a/b/index.html`, `/feed.xml` →
 * `feed.xml`. Percent-encoded segments (tags) are decoded: servers decode the address before they
 * look for the file.
 */
export const outputFile = (path: string) => decodeURIComponent(path.endsWith('/') ? `${path.slice(1)}index.html` : path.slice(1))

const hash = (value: unknown) =>
  createHash('sha1')
    .update(JSON.stringify(value, (_, v: unknown) => (v instanceof Map ? [...v] : v)))
    .digest('base64url')

/** What a list shows of an article. */
const listed = (a: Article) => [a.slug, a.title, a.date.toISOString(), a.channel.slug]

/** Every page of the site with its key, at the moment `now` (which decides the news sitemap). */
export function sitePages(content: Content, now: Date): SitePage[] {
  const site = hash(content.site)
  const page = (path: string, ...view: unknown[]): SitePage => ({ path, key: hash([site, ...view]) })
  const home = homeView(content)
  const latest = latestView(content)
  // The news sitemap exists only while something was published in its 48 hours (an empty one is invalid).
  const news = newsArticles(content, now)
  const pages: SitePage[] = [
    page(
      '/',
      home.lead && [listed(home.lead), home.lead.description, home.lead.image],
      home.latest.map(listed),
      home.more,
      home.channels.map((c) => [c.channel, c.articles.map(listed)]),
    ),
    page('/articles/', latest.articles.map(listed), latest.more),
    page('/search/'),
    page('/robots.txt', news.length > 0),
    page(NOT_FOUND.path),
    page(FEED_PATH, feedArticles(content.articles)),
  ]
  for (const article of content.articles) {
    const view = articleView(content, article.slug)!
    pages.push(page(articlePath(article.slug), article, view.older && listed(view.older), view.newer && listed(view.newer), view.related.map(listed)))
  }
  for (const view of channelViews(content)) {
    pages.push(page(channelPath(view.channel.slug, view.page), view.page, view.pager, view.pinned, view.articles.map(listed)))
  }
  pages.push(page(TAGS_PATH, tagsView(content)))
  for (const view of tagViews(content)) pages.push(page(tagPath(view.tag, view.page), view.tag, view.page, view.pager, view.articles.map(listed)))
  pages.push(page(ARCHIVE_PATH, archiveView(content)))
  for (const view of monthViews(content)) pages.push(page(monthPath(view.month, view.page), view.month, view.page, view.pager, view.articles.map(listed)))
  for (const channel of content.site.channels) {
    pages.push(page(channelFeedPath(channel.slug), feedArticles(content.byChannel.get(channel.slug) ?? [])))
  }
  const parts = sitemapParts(content)
  pages.push(page('/sitemap.xml', parts.length === 1 ? parts[0] : parts.map((p) => p[0])))
  if (parts.length > 1) parts.forEach((part, i) => pages.push(page(sitemapPartPath(i + 1), part)))
  if (news.length > 0) pages.push(page('/news-sitemap.xml', news.map(listed)))
  for (const path of CODE_FILES) pages.push({ path, key: 'code' })
  return pages
}
