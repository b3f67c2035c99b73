import { XMLBuilder } from 'fast-xml-parser'
import type { Content } from './content'
import { isoInShanghai, monthOf } from './dates'
import { ARCHIVE_PATH, articlePath, channelPath, monthPath, TAGS_PATH, tagPath } from './routes'
import { listItem, type ListItem } from './view-items'
import { channelViews, FRONT, monthViews, tagViews } from './views'
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

/** One file of the sitemap: its path (`/sitemap/2023-01.xml`) and its entries, never none. */
export interface SitemapPart {
  path: string
  entries: SitemapEntry[]
}

/**
 * The sitemap, cut so that one edit rewrites a small part and the index, never one file of the
 * whole site: `site.xml` (home, the lists' front pages), `tags.xml` (each tag's front page), and
 * one part per month (`2023-01.xml`): that month's articles and month pages (the site's, each
 * channel's, each tag's). A part past the limits continues in `<name>-2.xml`, … Dates come from
 * the content, never the build clock, so unchanged content gives the same files.
 */
export function sitemapParts(content: Content): SitemapPart[] {
  let parts = partsMemo.get(content)
  if (!parts) partsMemo.set(content, (parts = computeParts(content)))
  return parts
}

const partsMemo = new WeakMap<Content, SitemapPart[]>()

function computeParts(content: Content): SitemapPart[] {
  const { site, articles } = content
  const at = (path: string, date: Date | undefined): SitemapEntry => ({
    loc: absoluteUrl(site, path),
    ...(date && { lastmod: isoInShanghai(date) }),
  })
  // A list page changes when an article it shows is published (a pinned one heads it out of order).
  const newest = (shown: ListItem[]) => shown.reduce<Date | undefined>((max, a) => (!max || a.date > max ? a.date : max), undefined)
  const front = [at('/', articles[0]?.date), at('/articles/', articles[0]?.date), at('/search/', articles[0]?.date)]
  const tags: SitemapEntry[] = []
  const months = new Map<string, SitemapEntry[]>()
  const inMonth = (month: string, entry: SitemapEntry) => {
    const list = months.get(month)
    if (list) list.push(entry)
    else months.set(month, [entry])
  }
  for (const { channel, month, articles: shown } of channelViews(content)) {
    if (month === FRONT) front.push(at(channelPath(channel.slug), newest(shown)))
    else inMonth(month, at(channelPath(channel.slug, month), newest(shown)))
  }
  front.push(at(TAGS_PATH, content.byTag.values().next().value?.[0]?.date))
  for (const { tag, month, articles: shown } of tagViews(content)) {
    if (month === FRONT) tags.push(at(tagPath(tag), newest(shown)))
    else inMonth(month, at(tagPath(tag, month), newest(shown)))
  }
  front.push(at(ARCHIVE_PATH, articles[0]?.date))
  for (const { month, articles: shown } of monthViews(content)) inMonth(month, at(monthPath(month), newest(shown)))
  // An article's lastmod is its 更新时间 when it has one: a corrected article is worth crawling again.
  for (const article of articles) inMonth(monthOf(article.date), at(articlePath(article.slug), article.updated ?? article.date))
  // Within a part, entries go by address: the order of tags (by latest use) or of anything else
  // outside the part must not rewrite it.
  const byLoc = (a: SitemapEntry, b: SitemapEntry) => (a.loc < b.loc ? -1 : a.loc > b.loc ? 1 : 0)
  const named = (name: string, entries: SitemapEntry[]): SitemapPart[] =>
    entries.length === 0 ? [] : splitSitemap(name === 'site' ? entries : entries.sort(byLoc)).map((part, i) => ({ path: sitemapPartPath(i === 0 ? name : `${name}-${i + 1}`), entries: part }))
  return [...named('site', front), ...named('tags', tags), ...[...months].flatMap(([month, entries]) => named(month, entries))]
}

/** Every entry of the sitemap, in the order of its parts. */
export const sitemapEntries = (content: Content): SitemapEntry[] => sitemapParts(content).flatMap((part) => part.entries)

/** What `/sitemap.xml`, the index, lists: each part with the newest lastmod in it. */
export function sitemapIndexEntries(content: Content): SitemapEntry[] {
  return sitemapParts(content).map(({ path, entries }) => ({
    loc: absoluteUrl(content.site, path),
    ...optionalLastmod(entries.reduce<string | undefined>((max, e) => (e.lastmod && (!max || e.lastmod > max) ? e.lastmod : max), undefined)),
  }))
}

const optionalLastmod = (lastmod: string | undefined) => (lastmod ? { lastmod } : {})

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

/** Splits entries into sitemap files that each stay within both limits (URL count and bytes). */
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

/** `/sitemap/site.xml`, `/sitemap/2023-01.xml`: where the parts of the sitemap live. */
export const sitemapPartPath = (name: string) => `/sitemap/${name}.xml`

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

/** What the news sitemap shows of each article of its 48 hours: its page, date and title. */
export const newsItems = (content: Content, now: Date): ListItem[] => newsArticles(content, now).map(listItem)

/**
 * A Google News sitemap of the articles published in the 48 hours before `now`, or undefined when
 * there are none: the sitemap schema refuses an empty `<urlset>`, so then there is no file at all
 * (and robots.txt does not name one).
 */
export function newsSitemapXml(content: Content, now: Date): string | undefined {
  const { site } = content
  const recent = newsItems(content, now)
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
