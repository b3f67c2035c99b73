import { XMLBuilder } from 'fast-xml-parser'
import type { Article, Content } from './content'
import { isoInShanghai } from './dates'
import { ARCHIVE_PATH, articlePath, channelPath, monthPath, TAGS_PATH, tagPath } from './routes'
import { channelViews, monthViews, tagViews } from './views'
import { absoluteUrl } from './seo'
import { xmlText } from './xml'

export interface SitemapEntry {
  /** Absolute URL. */
  loc: string
  /** ISO 8601 with +08:00: the newest article the page shows; absent when it shows none. */
  lastmod?: string
}

/** Limits of one sitemap file, as Google and Baidu set them. */
export const SITEMAP_LIMITS = { urls: 50_000, bytes: 10 * 1024 * 1024 }

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true })
const declaration = { '?xml': { '@version': '1.0', '@encoding': 'UTF-8' } }
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'

/**
 * Every public page of the site with its last modification: home, lists, channel pages, articles.
 * Dates come from the content, never the build clock, so unchanged content gives the same file.
 */
export function sitemapEntries(content: Content): SitemapEntry[] {
  const { site, articles } = content
  const at = (path: string, date: Date | undefined): SitemapEntry => ({
    loc: absoluteUrl(site, path),
    ...(date && { lastmod: isoInShanghai(date) }),
  })
  // A list page changes when an article it shows is published (a pinned one heads it out of order).
  const newest = (shown: Article[]) => shown.reduce<Date | undefined>((max, a) => (!max || a.date > max ? a.date : max), undefined)
  const entries = [at('/', articles[0]?.date), at('/articles/', articles[0]?.date), at('/search/', articles[0]?.date)]
  for (const { channel, page, articles: shown } of channelViews(content)) entries.push(at(channelPath(channel.slug, page), newest(shown)))
  entries.push(at(TAGS_PATH, content.byTag.values().next().value?.[0]?.date))
  for (const { tag, page, articles: shown } of tagViews(content)) entries.push(at(tagPath(tag, page), newest(shown)))
  entries.push(at(ARCHIVE_PATH, articles[0]?.date))
  for (const { month, page, articles: shown } of monthViews(content)) entries.push(at(monthPath(month, page), newest(shown)))
  // An article's lastmod is its 更新时间 when it has one: a corrected article is worth crawling again.
  for (const article of articles) entries.push(at(articlePath(article.slug), article.updated ?? article.date))
  return entries
}

/** A `<urlset>` of entries. */
export const urlsetXml = (entries: SitemapEntry[]) =>
  builder.build({
    ...declaration,
    urlset: { '@xmlns': SITEMAP_NS, url: entries.map((e) => ({ loc: xmlText(e.loc), ...(e.lastmod && { lastmod: e.lastmod }) })) },
  }) as string

/** A `<sitemapindex>` pointing at the parts. */
export const sitemapIndexXml = (parts: SitemapEntry[]) =>
  builder.build({
    ...declaration,
    sitemapindex: { '@xmlns': SITEMAP_NS, sitemap: parts.map((p) => ({ loc: xmlText(p.loc), ...(p.lastmod && { lastmod: p.lastmod }) })) },
  }) as string

/**
 * Splits entries into sitemap files that each stay within both limits (URL count and bytes).
 * A small site gives one part; the caller then serves it as sitemap.xml itself.
 */
export function splitSitemap(entries: SitemapEntry[], limits = SITEMAP_LIMITS): SitemapEntry[][] {
  const parts: SitemapEntry[][] = []
  let current: SitemapEntry[] = []
  let bytes = 200 // declaration and <urlset> wrapper
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.loc) + (entry.lastmod?.length ?? 0) + 60 // <url><loc></loc><lastmod></lastmod></url>, indentation
    if (current.length > 0 && (current.length >= limits.urls || bytes + size > limits.bytes)) {
      parts.push(current)
      current = []
      bytes = 200
    }
    current.push(entry)
    bytes += size
  }
  parts.push(current)
  return parts
}

const partsMemo = new WeakMap<Content, SitemapEntry[][]>()

/** The site's sitemap parts, computed once per loaded content (sitemap.xml and every part share them). */
export function sitemapParts(content: Content): SitemapEntry[][] {
  if (!partsMemo.has(content)) partsMemo.set(content, splitSitemap(sitemapEntries(content)))
  return partsMemo.get(content)!
}

/** `/sitemap/1.xml` … : where the parts of a split sitemap live. */
export const sitemapPartPath = (n: number) => `/sitemap/${n}.xml`

/** The news sitemap window: Google News takes articles of the last two days, at most 1,000. */
export const NEWS_WINDOW = { hours: 48, max: 1000 }

/**
 * The articles a news sitemap lists at `now`: those published in the 48 hours before it. The one
 * output that depends on the moment of the build, so the caller passes that moment in.
 */
export function newsArticles({ articles }: Content, now: Date): Content['articles'] {
  const since = now.getTime() - NEWS_WINDOW.hours * 3_600_000
  return articles.filter((a) => a.date.getTime() >= since && a.date.getTime() <= now.getTime()).slice(0, NEWS_WINDOW.max)
}

/**
 * A Google News sitemap of the articles published in the 48 hours before `now`, or undefined when
 * there are none: the sitemap schema refuses an empty `<urlset>`, so then there is no file at all
 * (and robots.txt does not name one).
 */
export function newsSitemapXml(content: Content, now: Date): string | undefined {
  const { site } = content
  const recent = newsArticles(content, now)
  if (recent.length === 0) return undefined
  return builder.build({
    ...declaration,
    urlset: {
      '@xmlns': SITEMAP_NS,
      '@xmlns:news': 'http://www.google.com/schemas/sitemap-news/0.9',
      url: recent.map((a) => ({
        loc: xmlText(absoluteUrl(site, articlePath(a.slug))),
        'news:news': {
          'news:publication': { 'news:name': xmlText(site.name), 'news:language': 'zh-cn' },
          'news:publication_date': isoInShanghai(a.date),
          'news:title': xmlText(a.title),
        },
      })),
    },
  }) as string
}
