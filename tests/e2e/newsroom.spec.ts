// The `newsroom` site (tests/newsroom-corpus.mjs), built under TZ=America/Los_Angeles: the home
// page's lead story, pinned articles, an updated and corrected article, tag pages and the monthly
// archive, as a reader and a crawler see them.
import { expect, type Page, test } from '@playwright/test'
import { XMLParser } from 'fast-xml-parser'
import { NEWSROOM } from '../newsroom-corpus.mjs'
import { installAxe, wcagViolations } from './axe'
import { crawlerTests } from './crawler'
import { outDir } from './sites.mjs'

const SITE = 'https://www.lzfzwl.org.cn'
const { lead, oldLead, corrected, tag, otherTag, monthEnd, monthStart } = NEWSROOM
const tagUrl = (t: string) => `/tags/${encodeURIComponent(t)}/`

crawlerTests(() => outDir('newsroom'), { news: false })

/** The JSON-LD NewsArticle of the page. */
async function newsArticle(page: Page) {
  const blocks = await page.locator('script[type="application/ld+json"]').allTextContents()
  return blocks.flatMap((b) => JSON.parse(b) as Record<string, unknown>[]).find((d) => d['@type'] === 'NewsArticle')!
}

test.describe('头条 and 置顶', () => {
  test('the home page leads with the newest pinned article: its title large, linked, with its summary', async ({ page }) => {
    await page.goto('/')
    const story = page.getByRole('region', { name: lead.title })
    await expect(story).toBeVisible()
    await expect(story.getByRole('heading', { level: 2 })).toHaveText(lead.title)
    await expect(story.getByRole('link', { name: lead.title })).toHaveAttribute('href', `/articles/${lead.slug}/`)
    await expect(story).toContainText(lead.summary)
    await expect(story).toContainText('头条')
    // Its photo, with its size, so nothing moves while it loads; the first thing a reader sees, so
    // loaded at once with high priority, from the WebP file its place on the screen needs.
    const photo = story.locator('img')
    await expect(photo).toHaveAttribute('src', new RegExp(`^/images/${lead.photo.replace(/\.png$/, '')}\\.[0-9a-f]{12}\\.1200\\.jpg$`))
    await expect(photo).toHaveAttribute('width', '1200')
    await expect(photo).toHaveAttribute('height', '675')
    await expect(photo).toHaveAttribute('loading', 'eager')
    await expect(photo).toHaveAttribute('fetchpriority', 'high')
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    expect(await photo.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\.\d+\.webp$/)
    // The older pinned article no longer leads.
    await expect(story).not.toContainText(oldLead.title)
    const size = (name: string) => page.getByRole('link', { name, exact: true }).first().evaluate((a) => parseFloat(getComputedStyle(a).fontSize))
    expect(await size(lead.title)).toBeGreaterThan(await size(corrected.title))
  })

  test("pinned articles come first on their channel's front page, newest first, marked 置顶", async ({ page }) => {
    await page.goto('/category/minsheng/')
    const items = page.locator('.article-list li')
    await expect(items.nth(0)).toContainText(`置顶${lead.title}`)
    await expect(items.nth(1)).toContainText(`置顶${oldLead.title}`)
    // An unpinned article newer than the older pinned one follows both.
    await expect(items.nth(2)).toContainText(monthStart.title)
    await expect(items.nth(2)).not.toContainText('置顶')
    // Each appears once.
    await expect(page.getByRole('link', { name: oldLead.title })).toHaveCount(1)
  })
})

test.describe('免责声明', () => {
  test('ends a reposted article, and not our own reporting', async ({ page }) => {
    await page.goto(`/articles/${monthStart.slug}/`)
    await expect(page.getByRole('complementary', { name: '免责声明' })).toContainText('转载')
    await page.goto(`/articles/${monthEnd.slug}/`)
    await expect(page.locator('.byline')).toContainText('来源:廉政法制网')
    await expect(page.getByRole('complementary', { name: '免责声明' })).toHaveCount(0)
  })
})

test.describe('更新 and 更正', () => {
  test.beforeEach(({ page }) => page.goto(`/articles/${corrected.slug}/`))

  test('the byline shows 更新时间 beside 发布时间, and the 更正说明 box ends the article', async ({ page }) => {
    const byline = page.locator('.byline')
    await expect(byline).toContainText(`发布时间:${corrected.date}`)
    await expect(byline).toContainText(`更新时间:${corrected.updated}`)
    await expect(byline.locator('time').nth(1)).toHaveAttribute('datetime', '2026-11-21T10:00:00+08:00')
    const box = page.getByRole('region', { name: '更正说明' })
    await expect(box).toContainText(corrected.correction)
    await expect(box).toContainText(`更正时间:${corrected.updated}`)
    // After the body, inside the article.
    const after = await box.evaluate((el) => !!(document.querySelector('.article-body')!.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING))
    expect(after).toBe(true)
  })

  test('crawlers get dateModified and a CorrectionComment in JSON-LD, and article:modified_time', async ({ page }) => {
    const data = await newsArticle(page)
    expect(data.datePublished).toBe('2026-11-20T09:00:00+08:00')
    expect(data.dateModified).toBe('2026-11-21T10:00:00+08:00')
    expect(data.correction).toEqual({ '@type': 'CorrectionComment', text: corrected.correction, datePublished: '2026-11-21T10:00:00+08:00' })
    await expect(page.locator('meta[property="article:modified_time"]')).toHaveAttribute('content', '2026-11-21T10:00:00+08:00')
  })

  test('the sitemap gives the corrected article its update as lastmod, and the feed item its update', async ({ request }) => {
    const parser = new XMLParser()
    const parts = parser.parse(await (await request.get('/sitemap.xml')).text()).sitemapindex.sitemap as { loc: string }[]
    const urls: { loc: string; lastmod?: string }[] = []
    for (const part of parts) urls.push(...[parser.parse(await (await request.get(new URL(part.loc).pathname)).text()).urlset.url].flat())
    expect(urls.find((u) => u.loc === `${SITE}/articles/${corrected.slug}/`)?.lastmod).toBe('2026-11-21T10:00:00+08:00')
    const items = parser.parse(await (await request.get('/feed.xml')).text()).rss.channel.item as { link: string; 'atom:updated'?: string }[]
    expect(items.find((i) => i.link === `${SITE}/articles/${corrected.slug}/`)?.['atom:updated']).toBe('2026-11-21T10:00:00+08:00')
  })

  test('an article never updated has no 更新时间 and no 更正说明', async ({ page }) => {
    await page.goto(`/articles/${lead.slug}/`)
    await expect(page.locator('.byline')).not.toContainText('更新时间')
    await expect(page.getByRole('region', { name: '更正说明' })).toHaveCount(0)
    expect((await newsArticle(page)).dateModified).toBe('2026-11-25T08:00:00+08:00')
  })
})

test.describe('关键词', () => {
  test('an article lists its tags as links to their pages, and names them in keywords and JSON-LD', async ({ page }) => {
    await page.goto(`/articles/${corrected.slug}/`)
    const tags = page.getByRole('navigation', { name: '关键词' })
    await expect(tags.getByRole('link')).toHaveText([otherTag, tag])
    await expect(tags.getByRole('link', { name: tag })).toHaveAttribute('href', tagUrl(tag))
    await expect(page.locator('meta[name="keywords"]')).toHaveAttribute('content', `${otherTag},${tag}`)
    expect((await newsArticle(page)).keywords).toEqual([otherTag, tag])
  })

  test('a tag page lists its articles newest first, and pages through the older ones', async ({ page }) => {
    await page.goto(tagUrl(tag))
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`关键词:${tag}`)
    await expect(page).toHaveTitle(`关键词:${tag} - 廉政法制网`)
    await expect(page.locator('head link[rel="canonical"]')).toHaveAttribute('href', `${SITE}${tagUrl(tag)}`)
    const items = page.locator('.article-list li')
    await expect(items.first()).toContainText(corrected.title)
    const dates = await items.locator('time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')!))
    expect(dates).toEqual([...dates].sort().reverse())
    // Month by month (下一页), from the newest month to the oldest, every tagged article once.
    const seen: string[] = []
    await page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: '下一页' }).click()
    for (;;) {
      await expect(page).toHaveURL(new RegExp(`${tagUrl(tag)}\\d{4}/\\d{2}/$`))
      seen.push(...(await page.locator('.article-list li > a:not(.channel-tag)').evaluateAll((links) => links.map((a) => a.getAttribute('href')!))))
      const older = page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: '下一页' })
      if ((await older.count()) === 0) break
      await older.click()
    }
    expect(seen).toHaveLength(NEWSROOM.tagged)
    expect(new Set(seen).size).toBe(NEWSROOM.tagged)
  })

  test('/tags/ lists every tag with its count, the most used first', async ({ page }) => {
    await page.goto('/tags/')
    const links = page.locator('.counted-links a')
    await expect(links).toHaveText([`${tag}(${NEWSROOM.tagged} 篇)`, `${otherTag}(2 篇)`])
    await expect(links.first()).toHaveAttribute('href', tagUrl(tag))
  })

  test('a tag nobody uses is a 404', async ({ request }) => {
    expect((await request.get(tagUrl('没有这个关键词'))).status()).toBe(404)
  })
})

test.describe('monthly archives in Beijing time', () => {
  test('/archive/ lists every month with articles, newest first, with counts', async ({ page }) => {
    await page.goto('/archive/')
    const links = page.locator('.counted-links a')
    await expect(links.first()).toHaveText(/^2026年11月\(\d+ 篇\)$/)
    await expect(links.first()).toHaveAttribute('href', '/archive/2026/11/')
    const months = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!))
    expect(months).toEqual([...months].sort().reverse())
  })

  test('an article at 23:30 on the last day of a month is in that month, one at 00:30 the next day in the next', async ({ page }) => {
    await page.goto('/archive/2026/10/')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('2026年10月文章')
    await expect(page.getByRole('link', { name: monthEnd.title })).toBeVisible()
    await expect(page.getByRole('link', { name: monthStart.title })).toHaveCount(0)
    await page.goto('/archive/2026/11/')
    await expect(page.getByRole('link', { name: monthStart.title })).toBeVisible()
    await expect(page.getByRole('link', { name: monthEnd.title })).toHaveCount(0)
  })

  test("the byline's date leads to its month", async ({ page }) => {
    await page.goto(`/articles/${monthEnd.slug}/`)
    await page.locator('.byline').getByRole('link', { name: /^2026-10-31 23:30/ }).click()
    await expect(page).toHaveURL('/archive/2026/10/')
  })

  test('a month without articles, or no month at all, is a 404', async ({ request }) => {
    for (const url of ['/archive/2026/12/', '/archive/2026/13/', '/archive/26/10/']) expect((await request.get(url)).status(), url).toBe(404)
  })
})

test.describe('accessibility of the new page types', () => {
  for (const width of [390, 1366]) {
    test(`axe finds no WCAG 2 A or AA violation at ${width} px, in normal and 高对比度 modes`, async ({ page }) => {
      await installAxe(page)
      await page.setViewportSize({ width, height: 900 })
      for (const contrast of ['normal', 'high']) {
        for (const url of ['/', `/articles/${corrected.slug}/`, tagUrl(tag), '/tags/', '/archive/', '/archive/2026/10/', '/category/minsheng/']) {
          await page.goto(url)
          if (contrast === 'high') await page.evaluate(() => document.documentElement.setAttribute('data-contrast', 'high'))
          expect(await wcagViolations(page), `${url} (${contrast})`).toEqual([])
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
          expect(overflow, `${url} scrolls sideways`).toBeLessThanOrEqual(0)
        }
      }
    })
  }
})
