import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { imageSize } from 'image-size'
import { outDir } from './sites.mjs'
import { crawlerTests } from './crawler'

crawlerTests(() => outDir('seed'), { news: false }) // the seed article is of 2023

const ARTICLE = '/articles/loudi-louxing-zhucun-bangfu/'
const TITLE = '娄底市娄星区:扣准驻村帮扶旋律 奏响乡村振兴“进行曲”'

test.describe('the seed article head, as a crawler reads it', () => {
  test.use({ javaScriptEnabled: false })

  test('carries title, description, canonical and Baidu tags', async ({ page }) => {
    await page.goto(ARTICLE)
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
    await expect(page).toHaveTitle(`${TITLE} - 廉政法制网`)
    const meta = (selector: string) => page.locator(`head ${selector}`)
    await expect(meta('meta[name="description"]')).toHaveAttribute('content', /^乡村振兴战略全面实施以来/)
    await expect(meta('link[rel="canonical"]')).toHaveAttribute('href', `https://www.lzfzwl.org.cn${ARTICLE}`)
    await expect(meta('meta[name="applicable-device"]')).toHaveAttribute('content', 'pc,mobile')
    // Baidu's no-transform is an HTTP header (seed.serving.spec.ts): the meta form is invalid HTML.
    await expect(page.locator('meta[http-equiv]')).toHaveCount(0)
    await expect(meta('link[rel="alternate"][type="application/rss+xml"]').first()).toHaveAttribute('href', 'https://www.lzfzwl.org.cn/feed.xml')
  })

  test('carries Open Graph with the Beijing publication time and section', async ({ page }) => {
    await page.goto(ARTICLE)
    const og = (property: string) => page.locator(`head meta[property="${property}"]`)
    await expect(og('og:type')).toHaveAttribute('content', 'article')
    await expect(og('og:title')).toHaveAttribute('content', TITLE)
    await expect(og('og:url')).toHaveAttribute('content', `https://www.lzfzwl.org.cn${ARTICLE}`)
    await expect(og('og:site_name')).toHaveAttribute('content', '廉政法制网')
    await expect(og('og:locale')).toHaveAttribute('content', 'zh_CN')
    await expect(og('og:description')).toHaveAttribute('content', /^乡村振兴/)
    await expect(og('article:published_time')).toHaveAttribute('content', '2023-01-07T00:00:00+08:00')
    await expect(og('article:section')).toHaveAttribute('content', '关注民生')
  })

  test('without a photo, shares the 1200×675 site image as a small card', async ({ page }) => {
    await page.goto(ARTICLE)
    const head = (selector: string) => page.locator(`head ${selector}`)
    await expect(head('meta[property="og:image"]')).toHaveAttribute('content', 'https://www.lzfzwl.org.cn/share.png')
    await expect(head('meta[property="og:image:width"]')).toHaveAttribute('content', '1200')
    await expect(head('meta[property="og:image:height"]')).toHaveAttribute('content', '675')
    await expect(head('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary')
    await expect(head('meta[name="twitter:image"]')).toHaveAttribute('content', 'https://www.lzfzwl.org.cn/share.png')
    const { width, height } = imageSize(fs.readFileSync(path.join(outDir('seed'), 'share.png')))
    expect([width, height]).toEqual([1200, 675])
    const response = await page.request.get('/share.png')
    expect(response.headers()['content-type']).toBe('image/png')
  })

  test('names no author 佚名 ("anonymous"): not in JSON-LD, not in meta tags', async ({ page }) => {
    await page.goto(ARTICLE)
    await expect(page.locator('.byline')).toContainText('作者:佚名') // the page shows what the source printed
    const data = (await page.locator('script[type="application/ld+json"]').allTextContents()).flatMap((b) => JSON.parse(b))
    expect(data.find((d) => d['@type'] === 'NewsArticle')).not.toHaveProperty('author')
    await expect(page.locator('head meta[name="author"], head meta[property="article:author"]')).toHaveCount(0)
  })

  test('the 404 page says noindex exactly once', async ({ page }) => {
    await page.goto('/no/such/page/')
    await expect(page.locator('head meta[name="robots"]')).toHaveCount(1)
    await expect(page.locator('head meta[name="robots"]')).toHaveAttribute('content', 'noindex')
  })

  test('carries NewsArticle and BreadcrumbList JSON-LD that parses', async ({ page }) => {
    await page.goto(ARTICLE)
    const blocks = await page.locator('script[type="application/ld+json"]').allTextContents()
    const data = blocks.flatMap((b) => JSON.parse(b))
    const news = data.find((d) => d['@type'] === 'NewsArticle')
    expect(news).toMatchObject({ headline: TITLE, datePublished: '2023-01-07T00:00:00+08:00', inLanguage: 'zh-CN', articleSection: '关注民生' })
    expect(news.isBasedOn).toBe('https://www.hxw.gov.cn/content/2022/12/27/14074052.html')
    expect(news.image).toEqual([{ '@type': 'ImageObject', url: 'https://www.lzfzwl.org.cn/share.png', width: 1200, height: 675 }])
    const crumbs = data.find((d) => d['@type'] === 'BreadcrumbList')
    expect(crumbs.itemListElement.map((i: { position: number }) => i.position)).toEqual([1, 2, 3])
  })

  test('the home page is a WebSite with an Organization, and channel pages have their own titles', async ({ page }) => {
    await page.goto('/')
    await expect(page).toHaveTitle('廉政法制网')
    const types = (await page.locator('script[type="application/ld+json"]').allTextContents()).flatMap((b) =>
      JSON.parse(b).map((d: { '@type': string }) => d['@type']),
    )
    expect(types).toEqual(['WebSite', 'Organization'])
    await expect(page.locator('head meta[property="og:type"]')).toHaveAttribute('content', 'website')
    await page.goto('/category/minsheng/')
    await expect(page).toHaveTitle('关注民生 - 廉政法制网')
  })
})
