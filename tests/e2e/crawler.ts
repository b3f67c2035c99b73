// What a search engine sees of a built site: sitemaps, feeds, robots.txt and plain links.
// Shared by the specs of each site (seed.crawler.spec.ts, corpus.crawler.spec.ts).
import fs from 'node:fs'
import path from 'node:path'
import { type APIRequestContext, expect, test } from '@playwright/test'
import { XMLParser } from 'fast-xml-parser'
import { schemaErrors } from '../xsd'

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' })
const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value])

/** Paths of every public HTML page in out/ (not the 404 page or Next's internal not-found route). */
export function pagesIn(out: string): string[] {
  const pages: string[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name === 'index.html') pages.push('/' + path.relative(out, dir).split(path.sep).join('/'))
    }
  }
  walk(out)
  return pages
    .map((p) => (p === '/' ? '/' : `${p}/`))
    .filter((p) => !/^\/(404|_not-found)\//.test(p))
    .sort()
}

/** Every URL the site's sitemap lists, following a sitemap index into its parts. */
export async function sitemapUrls(request: APIRequestContext, siteUrl: string): Promise<string[]> {
  const xml = await (await request.get('/sitemap.xml')).text()
  const doc = parser.parse(xml)
  if (doc.sitemapindex) {
    expect(schemaErrors(xml, 'siteindex')).toBe('')
    const urls: string[] = []
    for (const part of list(doc.sitemapindex.sitemap)) {
      const partXml = await (await request.get(part.loc.replace(siteUrl, ''))).text()
      expect(schemaErrors(partXml, 'sitemap')).toBe('')
      urls.push(...list(parser.parse(partXml).urlset.url).map((u: { loc: string }) => u.loc))
    }
    return urls
  }
  expect(schemaErrors(xml, 'sitemap')).toBe('')
  return list(doc.urlset.url).map((u: { loc: string; lastmod?: string }) => {
    // A page that shows no article (an empty channel) has no lastmod: never the build time.
    if (u.lastmod !== undefined) expect(u.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
    return u.loc
  })
}

/** Follows plain <a href> links from `/`, as a crawler without JavaScript does; returns the pages reached. */
export async function crawl(request: APIRequestContext): Promise<Set<string>> {
  const seen = new Set<string>(['/'])
  const queue = ['/']
  while (queue.length > 0) {
    const page = queue.shift()!
    const response = await request.get(page)
    expect(response.status(), `${page} linked from the site`).toBe(200)
    if (!(response.headers()['content-type'] ?? '').includes('text/html')) continue
    for (const [, href] of (await response.text()).matchAll(/<a\b[^>]*\bhref="([^"#]*)(?:#[^"]*)?"/g)) {
      if (!href.startsWith('/') || href.startsWith('//') || seen.has(href)) continue
      seen.add(href)
      queue.push(href)
    }
  }
  return seen
}

/**
 * The crawler tests every built site must pass. `news`: whether the site published something in the
 * 48 hours before its build, so that it has a news sitemap.
 */
export function crawlerTests(out: () => string, { news }: { news: boolean }) {
  const SITE = 'https://www.lzfzwl.org.cn'

  test('the sitemap lists exactly the public pages, each of which exists', async ({ request }) => {
    const urls = await sitemapUrls(request, SITE)
    // Addresses are percent-encoded (a tag page's UTF-8); the files on disk have the decoded names.
    const paths = urls.map((u) => decodeURI(u.replace(SITE, '')))
    expect(new Set(paths).size).toBe(paths.length)
    expect(paths.sort()).toEqual(pagesIn(out()))
    for (const p of paths) expect(fs.existsSync(path.join(out(), p, 'index.html')), p).toBe(true)
  })

  test(`robots.txt allows crawling and names the sitemap${news ? ' and the news sitemap' : ''} by absolute URL`, async ({ request }) => {
    const robots = await (await request.get('/robots.txt')).text()
    expect(robots).toMatch(/User-Agent: \*\s+Allow: \//i)
    expect(robots).toContain(`Sitemap: ${SITE}/sitemap.xml`)
    expect(robots.includes(`Sitemap: ${SITE}/news-sitemap.xml`)).toBe(news)
  })

  test('every page in the sitemap is reachable from the home page by plain links', async ({ request }) => {
    const reached = await crawl(request)
    const missing = (await sitemapUrls(request, SITE)).map((u) => u.replace(SITE, '')).filter((p) => !reached.has(p))
    expect(missing).toEqual([])
  })

  test('the site feed lists the newest articles first, in Beijing time', async ({ request }) => {
    const rss = parser.parse(await (await request.get('/feed.xml')).text()).rss
    expect(rss.channel.language).toBe('zh-cn')
    expect(rss.channel['atom:link']['@href']).toBe(`${SITE}/feed.xml`)
    const items = list(rss.channel.item) as { link: string; pubDate: string; title: string }[]
    const times = items.map((i) => new Date(i.pubDate).getTime())
    expect(times).toEqual([...times].sort((a, b) => b - a))
    for (const item of items.slice(0, 5)) {
      expect(item.pubDate).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0800$/)
      const html = await (await request.get(item.link.replace(SITE, ''))).text()
      const datetime = html.match(/<time dateTime="([^"]+)"/i)?.[1] ?? html.match(/<time datetime="([^"]+)"/)?.[1]
      expect(new Date(datetime!).getTime(), item.link).toBe(new Date(item.pubDate).getTime())
    }
    const home = await (await request.get('/')).text()
    if (items.length > 0) expect(home.indexOf(items[0].link.replace(SITE, ''))).toBeGreaterThan(-1)
  })

  test('every channel has its own feed, listing only that channel, linked from its page', async ({ request }) => {
    const home = await (await request.get('/')).text()
    const channels = [...home.matchAll(/href="\/category\/([a-z0-9-]+)\/"/g)].map((m) => m[1])
    for (const slug of new Set(channels)) {
      const page = await (await request.get(`/category/${slug}/`)).text()
      expect(page).toContain(`href="${SITE}/category/${slug}/feed.xml"`)
      const rss = parser.parse(await (await request.get(`/category/${slug}/feed.xml`)).text()).rss
      expect(rss.channel['atom:link']['@href']).toBe(`${SITE}/category/${slug}/feed.xml`)
      const name = rss.channel.title.split(' - ')[0]
      // The channel is each item's first category; its tags follow.
      for (const item of list(rss.channel.item) as { category: string | string[] }[]) expect(list(item.category)[0]).toBe(name)
    }
  })

  if (!news) {
    test('has no news sitemap when nothing was published in the 48 hours before the build (an empty urlset is invalid)', async ({ request }) => {
      expect(fs.existsSync(path.join(out(), 'news-sitemap.xml'))).toBe(false)
      expect((await request.get('/news-sitemap.xml')).status()).toBe(404)
    })
  } else {
    test('the news sitemap is valid and holds only articles of the 48 hours before the build', async ({ request }) => {
      const built = fs.statSync(path.join(out(), 'news-sitemap.xml')).mtime.getTime()
      const xml = await (await request.get('/news-sitemap.xml')).text()
      expect(schemaErrors(xml, 'news-sitemap')).toBe('')
      const doc = parser.parse(xml)
      expect(doc.urlset['@xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9')
      const urls = list(doc.urlset.url) as { 'news:news': Record<string, string> }[]
      expect(urls.length).toBeGreaterThan(0)
      for (const url of urls) {
        const date = url['news:news']['news:publication_date']
        expect(date).toMatch(/\+08:00$/)
        expect(built - new Date(date).getTime()).toBeLessThanOrEqual(48 * 3_600_000 + 600_000)
      }
    })
  }
}
