import path from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type Article, type Content, indexContent, loadContent } from '@/lib/content'
import { parseSiteDate } from '@/lib/dates'
import { rfc822InShanghai, rssFeed } from '@/lib/feeds'
import { articleJsonLd, articleMetadata, homeJsonLd, serializeJsonLd } from '@/lib/seo'
import { schemaErrors } from '../xsd'
import { newsSitemapXml, type SitemapEntry, sitemapEntries, sitemapIndexEntries, sitemapIndexXml, sitemapParts, splitSitemap, urlsetXml } from '@/lib/sitemap'

const seed = loadContent(path.resolve(__dirname, '../../content'))
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' })
const originalTz = process.env.TZ
afterEach(() => {
  process.env.TZ = originalTz
})

/** A content object with `n` synthetic articles, `hoursApart` hours apart, newest at `newest`. */
function syntheticContent(n: number, newest: Date, hoursApart = 1): Content {
  const channel = seed.site.channels[0]
  const base = seed.articles[0]
  const articles: Article[] = Array.from({ length: n }, (_, i) => ({
    ...base,
    slug: `a-${i}`,
    title: `标题 ${i}`,
    channel,
    date: new Date(newest.getTime() - i * hoursApart * 3_600_000),
  }))
  return indexContent(seed.site, articles)
}

describe('sitemap', () => {
  const xmlOf = (content: Content) => [sitemapIndexXml(sitemapIndexEntries(content)), ...sitemapParts(content).map((p) => urlsetXml(p.entries))]

  it('validates against the sitemaps.org schemas, index and parts, on a site with empty channels too', () => {
    for (const content of [seed, syntheticContent(0, new Date()), syntheticContent(300, new Date('2026-01-01T00:00:00Z'), 5)]) {
      const [index, ...parts] = xmlOf(content)
      expect(schemaErrors(index, 'siteindex')).toBe('')
      for (const part of parts) expect(schemaErrors(part, 'sitemap')).toBe('')
    }
  })

  it('gives a page without articles no lastmod instead of the build time', () => {
    const entries = sitemapEntries(syntheticContent(0, new Date()))
    expect(entries.map((e) => e.lastmod)).toEqual(entries.map(() => undefined))
    const withArticles = sitemapEntries(seed)
    expect(withArticles.find((e) => e.loc.endsWith('/category/lianzheng/'))!.lastmod).toBeUndefined()
    expect(withArticles.find((e) => e.loc.endsWith('/category/minsheng/'))!.lastmod).toBe('2023-01-07T00:00:00+08:00')
    expect(withArticles[0].lastmod).toBe('2023-01-07T00:00:00+08:00')
  })

  it('lists home, latest, search, every channel page and month and every article with +08:00 lastmod', () => {
    const entries = sitemapEntries(seed)
    const locs = entries.map((e) => e.loc)
    expect(locs).toContain('https://www.lzfzwl.org.cn/')
    expect(locs).toContain('https://www.lzfzwl.org.cn/category/minsheng/')
    expect(locs).toContain('https://www.lzfzwl.org.cn/category/minsheng/2023/01/')
    expect(locs).toContain('https://www.lzfzwl.org.cn/articles/loudi-louxing-zhucun-bangfu/')
    expect(entries.find((e) => e.loc.endsWith('/loudi-louxing-zhucun-bangfu/'))!.lastmod).toBe('2023-01-07T00:00:00+08:00')
    // The monthly archive and the article's month, and the list of tags (empty: the article has none).
    expect(locs).toContain('https://www.lzfzwl.org.cn/archive/')
    expect(locs).toContain('https://www.lzfzwl.org.cn/archive/2023/01/')
    expect(locs.filter((l) => l.includes('/tags/'))).toEqual(['https://www.lzfzwl.org.cn/tags/'])
    expect(entries.length).toBe(3 + seed.site.channels.length + 2 + seed.articles.length + 2)
    expect(sitemapParts(seed).map((p) => p.path)).toEqual(['/sitemap/site.xml', '/sitemap/2023-01.xml'])
  })

  it('rewrites only the new article’s month part and the front pages’ part when one article is added, and the index names both anew', () => {
    const content = syntheticContent(2000, new Date('2026-01-01T00:00:00Z'), 5)
    const added = indexContent(content.site, [{ ...content.articles[0], slug: 'new-one', date: new Date('2026-01-01T01:00:00Z') }, ...content.articles])
    const before = new Map(sitemapParts(content).map((p) => [p.path, urlsetXml(p.entries)]))
    const changed = sitemapParts(added).filter((p) => before.get(p.path) !== urlsetXml(p.entries)).map((p) => p.path)
    expect(changed).toEqual(['/sitemap/site.xml', '/sitemap/2026-01.xml'])
    expect(sitemapParts(content).length).toBeGreaterThan(12)
    const index = (c: Content) => sitemapIndexEntries(c).filter((e) => changed.some((p) => e.loc.endsWith(p)))
    expect(index(added)).not.toEqual(index(content))
    // The largest part holds a month, whatever the size of the archive.
    expect(Math.max(...[...before.values()].map((xml) => xml.length))).toBeLessThan(50_000)
  })

  it('continues a month past 50,000 URLs in a second part (60,000 articles in one month)', () => {
    const content = syntheticContent(60_000, new Date('2026-01-31T20:00:00+08:00'), 0.01)
    const parts = sitemapParts(content)
    expect(parts.map((p) => p.path)).toEqual(['/sitemap/site.xml', '/sitemap/2026-01.xml', '/sitemap/2026-01-2.xml'])
    expect(parts[1].entries.length).toBe(50_000)
    expect(parts.flatMap((p) => p.entries).length).toBe(3 + 4 + 2 + 1 + 1 + 60_000)
    expect(parser.parse(urlsetXml(parts[2].entries)).urlset.url.length).toBe(parts[2].entries.length)
  }, 120_000) // 60,000 articles: a few seconds on a quiet two-core machine, far more on a busy one

  it('splits by size too, before any file passes the byte limit', () => {
    const entries: SitemapEntry[] = Array.from({ length: 1000 }, (_, i) => ({
      loc: `https://example.com/${'长'.repeat(100)}/${i}/`,
      lastmod: '2023-01-07T00:00:00+08:00',
    }))
    const parts = splitSitemap(entries, { urls: 50_000, bytes: 100_000 })
    expect(parts.length).toBeGreaterThan(1)
    for (const part of parts) expect(Buffer.byteLength(urlsetXml(part))).toBeLessThanOrEqual(100_000)
  })
})

describe('news sitemap', () => {
  const now = new Date('2026-06-10T12:00:00+08:00')
  const xml = newsSitemapXml(syntheticContent(100, new Date('2026-06-10T11:00:00+08:00'), 5), now)!
  const urls = [parser.parse(xml).urlset.url].flat()

  it('validates against the sitemaps.org and Google News schemas', () => {
    expect(schemaErrors(xml, 'news-sitemap')).toBe('')
  })

  it('is left out when nothing was published in the 48 hours, as an empty urlset is invalid', () => {
    expect(newsSitemapXml(syntheticContent(5, new Date('2026-06-01T00:00:00+08:00')), now)).toBeUndefined()
    expect(newsSitemapXml(syntheticContent(0, now), now)).toBeUndefined()
  })

  it('keeps only articles of the 48 hours before the build', () => {
    expect(urls.length).toBe(10) // 11:00 back to 06-08 14:00 at 5-hour steps: i = 0..9
    for (const url of urls) {
      const published = new Date(url['news:news']['news:publication_date'])
      expect(now.getTime() - published.getTime()).toBeLessThanOrEqual(48 * 3_600_000)
    }
  })

  it('names the publication in zh-cn with +08:00 dates', () => {
    expect(urls[0]['news:news']['news:publication']).toEqual({ 'news:name': '廉政法制网', 'news:language': 'zh-cn' })
    expect(urls[0]['news:news']['news:publication_date']).toBe('2026-06-10T11:00:00+08:00')
  })

  it('stops at 1,000 articles', () => {
    const many = newsSitemapXml(syntheticContent(3000, now, 0.01), now)!
    expect([parser.parse(many).urlset.url].flat().length).toBe(1000)
  })
})

describe('the build clock', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  /** Every feed and sitemap of a content object, built at the given moment. */
  function build(content: Content, at: string) {
    vi.useFakeTimers({ now: new Date(at) })
    const fresh = indexContent(content.site, content.articles) // the sitemap is kept per content object
    return [
      rssFeed(content.site, content.articles),
      ...content.site.channels.map((c) => rssFeed(content.site, content.byChannel.get(c.slug) ?? [], c)),
      ...sitemapParts(fresh).map((p) => urlsetXml(p.entries)),
      sitemapIndexXml(sitemapIndexEntries(fresh)),
      newsSitemapXml(content, new Date('2026-06-10T12:00:00+08:00')),
    ]
  }

  it('leaves no trace in feeds and sitemaps: two builds of the same content are identical', () => {
    for (const content of [seed, syntheticContent(0, new Date()), syntheticContent(45, new Date('2026-06-10T11:00:00+08:00'), 5)]) {
      expect(build(content, '2026-06-10T12:00:00Z')).toEqual(build(content, '2031-01-01T00:00:00Z'))
    }
  })
})

describe('RSS feed', () => {
  it('prints RFC 822 dates in Beijing time whatever the machine time zone', () => {
    for (const zone of ['America/Los_Angeles', 'Asia/Shanghai', 'UTC']) {
      process.env.TZ = zone
      expect(rfc822InShanghai(parseSiteDate('2023-01-07') as Date)).toBe('Sat, 07 Jan 2023 00:00:00 +0800')
      expect(rfc822InShanghai(parseSiteDate('2023-01-07 23:59') as Date)).toBe('Sat, 07 Jan 2023 23:59:00 +0800')
    }
  })

  it('lists at most 50 articles newest first, with language, self link and summaries', () => {
    process.env.TZ = 'America/Los_Angeles'
    const content = syntheticContent(60, new Date('2026-06-10T00:30:00+08:00'))
    const rss = parser.parse(rssFeed(content.site, content.articles)).rss
    expect(rss.channel.language).toBe('zh-cn')
    expect(rss.channel['atom:link']['@rel']).toBe('self')
    expect(rss.channel['atom:link']['@href']).toBe('https://www.lzfzwl.org.cn/feed.xml')
    expect(rss.channel.item).toHaveLength(50)
    expect(rss.channel.item[0].pubDate).toBe('Wed, 10 Jun 2026 00:30:00 +0800')
    expect(rss.channel.item[0].link).toBe('https://www.lzfzwl.org.cn/articles/a-0/')
    expect(rss.channel.item[0].description).toBe(seed.articles[0].description)
  })

  it('stays well-formed XML whatever the title holds', () => {
    const content = syntheticContent(1, new Date())
    content.articles[0].title = 'A ]]> B </title> & <script>\u0001'
    const xml = rssFeed(content.site, content.articles)
    expect(parser.parse(xml).rss.channel.item.title).toBe('A ]]> B </title> & <script>')
  })
})

describe('JSON-LD', () => {
  const article = seed.bySlug.get('loudi-louxing-zhucun-bangfu')!

  it('describes the article as a NewsArticle with Beijing dates and its source', () => {
    const [news, breadcrumb] = articleJsonLd(seed.site, article) as Record<string, unknown>[]
    expect(news).toMatchObject({
      '@type': 'NewsArticle',
      headline: article.title,
      datePublished: '2023-01-07T00:00:00+08:00',
      dateModified: '2023-01-07T00:00:00+08:00',
      inLanguage: 'zh-CN',
      articleSection: '关注民生',
      isBasedOn: 'https://www.hxw.gov.cn/content/2022/12/27/14074052.html',
      publisher: { '@type': 'Organization', name: '廉政法制网', logo: { url: 'https://www.lzfzwl.org.cn/logo.png' } },
      mainEntityOfPage: { '@id': 'https://www.lzfzwl.org.cn/articles/loudi-louxing-zhucun-bangfu/' },
    })
    expect(breadcrumb['itemListElement']).toEqual([
      { '@type': 'ListItem', position: 1, name: '首页', item: 'https://www.lzfzwl.org.cn/' },
      { '@type': 'ListItem', position: 2, name: '关注民生', item: 'https://www.lzfzwl.org.cn/category/minsheng/' },
      { '@type': 'ListItem', position: 3, name: article.title, item: 'https://www.lzfzwl.org.cn/articles/loudi-louxing-zhucun-bangfu/' },
    ])
  })

  it('leaves the author out when it is 佚名 ("anonymous") or blank, and names a real one as a Person', () => {
    const [anonymous] = articleJsonLd(seed.site, article) as Record<string, unknown>[]
    expect(article.author).toBe('佚名')
    expect(anonymous).not.toHaveProperty('author')
    const [blank] = articleJsonLd(seed.site, { ...article, author: undefined }) as Record<string, unknown>[]
    expect(blank).not.toHaveProperty('author')
    const [named] = articleJsonLd(seed.site, { ...article, author: '张三' }) as Record<string, unknown>[]
    expect(named.author).toEqual({ '@type': 'Person', name: '张三' })
    expect(articleMetadata(seed.site, article).authors).toBeUndefined()
  })

  it('gives as image the first photo with its size, or the 1200×675 share image, never the logo', () => {
    const photo = { ...article, image: { url: '/images/meeting.jpg', width: 1600, height: 900 } }
    const [withPhoto] = articleJsonLd(seed.site, photo) as Record<string, unknown>[]
    expect(withPhoto.image).toEqual([{ '@type': 'ImageObject', url: 'https://www.lzfzwl.org.cn/images/meeting.jpg', width: 1600, height: 900 }])
    const [without] = articleJsonLd(seed.site, article) as Record<string, unknown>[]
    expect(without.image).toEqual([{ '@type': 'ImageObject', url: 'https://www.lzfzwl.org.cn/share.png', width: 1200, height: 675 }])
  })

  it('cannot be broken out of by a title containing </script>', () => {
    const hostile = { ...article, title: '</script><script>alert(1)</script><!--' }
    const serialized = serializeJsonLd(articleJsonLd(seed.site, hostile))
    expect(serialized).not.toMatch(/<\/?script|<!--/i)
    expect(JSON.parse(serialized)[0].headline).toBe(hostile.title)
  })

  it('describes the home page as a WebSite and an Organization', () => {
    expect(homeJsonLd(seed.site).map((d) => d['@type'])).toEqual(['WebSite', 'Organization'])
  })
})
