import fs from 'node:fs'
import path from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { JSDOM } from 'jsdom'
import Parser from 'rss-parser'
import { loadContent } from '../../lib/content'
import { outDir } from './sites.mjs'

// The hostile site (tests/fixtures/hostile): every payload tries to set window.__pwned or open a
// dialog. The pages are opened with the CSP bypassed, because the HTML itself must be harmless:
// the CSP is a second wall, and a test that leans on it would pass with sanitizing turned off.

const { articles, byChannel } = loadContent(path.join(import.meta.dirname, '../fixtures/hostile'))
const out = outDir('hostile')

/** Every page the build wrote, as a URL path: home, channels, /articles/, each article, 404. */
function sitePages(dir = out): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return entry.name === '_next' ? [] : sitePages(path.join(dir, entry.name))
    if (entry.name !== 'index.html') return []
    const route = path.relative(out, dir).split(path.sep).join('/')
    return [route ? `/${route}/` : '/']
  })
}

/** javascript:, vbscript: and data: however spelt, the way a browser reads the attribute. */
const SCRIPTISH = /^(javascript|vbscript|data):/i
const scriptish = (url: string) => SCRIPTISH.test(url.replace(/[\u0000-\u0020]/g, ''))

/** What a clean page may not contain anywhere: handlers, script URLs, inline script, refresh, base. */
async function expectCleanMarkup(page: Page) {
  const found = await page.evaluate(() => {
    const bad: string[] = []
    for (const element of document.querySelectorAll('*')) {
      for (const { name, value } of element.attributes) {
        if (/^on/i.test(name)) bad.push(`${element.localName}[${name}]`)
        // The one data: URL the site writes itself: the WeChat QR code, a PNG made at build time (lib/qr.ts).
        const ownQrCode = element.matches('.wechat-share > figure > img.qr') && name === 'src' && /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/.test(value)
        if (!ownQrCode && /^(href|src|action|formaction|data|srcdoc|xlink:href)$/i.test(name) && /^(javascript|vbscript|data):/i.test(value.replace(/[\u0000-\u0020]/g, ''))) {
          bad.push(`${element.localName}[${name}=${value}]`)
        }
      }
    }
    for (const script of document.querySelectorAll('script')) {
      if (script.type !== 'application/ld+json' && !script.src) bad.push('inline <script>')
    }
    // No meta http-equiv at all: Baidu's no-transform is an HTTP header (scripts/server/headers.mjs).
    const suspects = 'base, meta[http-equiv], iframe, frame, object, embed'
    for (const element of document.querySelectorAll(suspects)) bad.push(`<${element.localName}>`)
    for (const element of document.querySelectorAll('.article-body :is(form, input, button, style, link, svg, math, video, audio, details)')) {
      bad.push(`body <${element.localName}>`)
    }
    return bad
  })
  expect.soft(found, 'markup that could run script').toEqual([])
}

const pages = sitePages()

test('the build wrote every page of the hostile site', () => {
  expect(pages).toEqual(expect.arrayContaining(['/', '/articles/', '/category/minsheng/', '/category/fazhi/']))
  expect(fs.existsSync(path.join(out, '404.html'))).toBe(true)
  for (const article of articles) expect(pages).toContain(`/articles/${article.slug}/`)
})

test.describe('hostile content cannot run script, even with the CSP off', () => {
  test.use({ bypassCSP: true })

  for (const url of pages) {
    test(`${url}: no payload runs`, async ({ page }) => {
      const dialogs: string[] = []
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message())
        void dialog.dismiss()
      })
      // A meta refresh or a <base> could take the page elsewhere: ask whichever page is there now.
      const pwned = () => page.evaluate(() => (window as { __pwned?: unknown }).__pwned).catch(() => 'page navigated away')
      await page.goto(url, { waitUntil: 'load' })
      await page.waitForTimeout(100) // let onerror/onload/ontoggle/autofocus payloads fire
      expect.soft(dialogs, 'dialogs opened while loading').toEqual([])
      expect.soft(await pwned(), 'window.__pwned after loading').toBeUndefined()
      if (new URL(page.url()).pathname !== url) await page.goto(url, { waitUntil: 'load' })
      await expectCleanMarkup(page)
      for (const json of await page.locator('script[type="application/ld+json"]').allTextContents()) {
        expect.soft(() => JSON.parse(json), 'JSON-LD stays valid JSON').not.toThrow()
      }

      // Follow every link in the body that stays on the site or looks like script; off-site ones are only read.
      const links = page.locator('.article-body a')
      for (let i = 0; i < (await links.count()); i++) {
        const href = (await links.nth(i).getAttribute('href')) ?? ''
        const onSite = !/^[a-z][a-z0-9+.-]*:/i.test(href.trim())
        if (!onSite && !scriptish(href)) continue
        await links.nth(i).click({ force: true })
        await page.waitForLoadState('load')
        expect.soft(dialogs, `dialogs after clicking ${href || 'a link without href'}`).toEqual([])
        expect.soft(await pwned(), `window.__pwned after clicking ${href || 'a link without href'}`).toBeUndefined()
        if (new URL(page.url()).pathname !== url) await page.goto(url, { waitUntil: 'load' })
      }
      await page.locator('body').hover()
      await page.keyboard.press('Tab')
      expect(dialogs, 'dialogs at the end').toEqual([])
      expect(await pwned(), 'window.__pwned at the end').toBeUndefined()
    })
  }
})

test.describe('search results npm start writes show hostile titles and texts as text, even with the CSP off', () => {
  test.use({ bypassCSP: true })
  // Articles whose title or text holds 标题: the front-matter one's title closes <title> and opens <script>.
  const matching = articles.filter((article) => `${article.title}\n${article.text}`.includes('标题'))

  for (const javaScriptEnabled of [false, true]) {
    test(`/search/?q=标题 with JavaScript ${javaScriptEnabled ? 'on' : 'off'}: each title exactly as written, nothing runs`, async ({ browser, baseURL }) => {
      const context = await browser.newContext({ baseURL, javaScriptEnabled, bypassCSP: true, locale: 'zh-CN' })
      const page = await context.newPage()
      const dialogs: string[] = []
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message())
        void dialog.dismiss()
      })
      await page.goto(`/search/?q=${encodeURIComponent('标题')}`)
      await expect(page.getByRole('status')).toHaveText(`找到 ${matching.length} 篇与“标题”相关的文章`)
      const titles = await page.locator('[data-search-results] > li h2').allTextContents()
      expect(titles.toSorted()).toEqual(matching.map((article) => article.title).toSorted())
      expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined()
      expect(dialogs).toEqual([])
      await context.close()
    })
  }
})

test('no page of the hostile site needs the CSP to stop anything', async ({ page }) => {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`)
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`)
    })
  })
  for (const url of pages) await page.goto(url, { waitUntil: 'load' })
  expect(violations).toEqual([])
})

test.describe('hostile front matter shows as text', () => {
  for (const article of articles) {
    test(`${article.slug}: title, byline and fields read exactly as written`, async ({ page }) => {
      await page.goto(`/articles/${article.slug}/`)
      await expect(page.locator('h1')).toHaveText(article.title)
      expect(await page.title()).toBe(`${article.title} - 廉政法制网`)
      const byline = page.locator('.byline')
      if (article.source) await expect(byline).toContainText(`来源:${article.source}`)
      if (article.author) await expect(byline).toContainText(`作者:${article.author}`)
      if (article.originalTitle) await expect(page.locator('.original-title')).toHaveText(`原标题:${article.originalTitle}`)
      if (article.editor) await expect(page.locator('.editor')).toHaveText(`责任编辑:${article.editor}`)
      if (article.correction) await expect(page.getByRole('region', { name: '更正说明' })).toContainText(article.correction)
      if (article.tags.length > 0) await expect(page.getByRole('navigation', { name: '关键词' }).getByRole('link')).toHaveText(article.tags)
      if (article.summary) await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', article.summary)
      if (article.sourceUrl) await expect(page.locator('.source-link a')).toHaveAttribute('href', article.sourceUrl)
    })
  }

  test('lists show hostile titles as text: /articles/ every one, home and channel the front-matter one', async ({ page }) => {
    await page.goto('/articles/')
    for (const article of articles) await expect(page.getByRole('link', { name: article.title, exact: true })).toBeVisible()
    const hostile = articles.find((article) => article.slug === 'front-matter')!
    for (const url of ['/', '/category/minsheng/']) {
      await page.goto(url)
      await expect(page.getByRole('link', { name: hostile.title, exact: true }).first()).toBeVisible()
    }
  })

  test('allowed HTML still renders: sub, sup, a table and a figure', async ({ page }) => {
    await page.goto('/articles/allowed-html/')
    const body = page.locator('.article-body')
    await expect(body.locator('sub')).toHaveText('2')
    await expect(body.locator('sup')).toHaveText('2')
    await expect(body.getByRole('table', { name: '帮扶成效' })).toBeVisible()
    await expect(body.getByRole('columnheader', { name: '村名' })).toBeVisible()
    await expect(body.locator('figure figcaption')).toHaveText('引文的出处。')
  })
})

test.describe('feeds of hostile content, read back by a feed parser', () => {
  const SITE = 'https://www.lzfzwl.org.cn'
  const feeds: [string, typeof articles][] = [
    ['/feed.xml', articles],
    ['/category/minsheng/feed.xml', byChannel.get('minsheng')!],
    ['/category/fazhi/feed.xml', byChannel.get('fazhi')!],
  ]

  for (const [feedPath, expected] of feeds) {
    test(`${feedPath}: one item per article, each with its own title and link, nothing injected`, async ({ request }) => {
      const xml = await (await request.get(feedPath)).text()
      const feed = await new Parser().parseString(xml)
      expect(feed.items.map((item) => [item.title, item.link])).toEqual(expected.map((a) => [a.title, `${SITE}/articles/${a.slug}/`]))
      expect(xml).not.toContain('<link>https://evil.example')
      expect(xml).not.toMatch(/<script|<!\[CDATA\[/i)
    })
  }

  test('links and images inside items are absolute, as a reader away from the site needs them', async ({ request }) => {
    const feed = await new Parser().parseString(await (await request.get('/feed.xml')).text())
    const item = feed.items.find((i) => i.link === `${SITE}/articles/feed-injection/`)!
    expect(item['content:encoded']).toContain('正文里写了两次 ]]> ,一次在代码里')
    const body = await (await request.get('/articles/feed-injection/')).text()
    expect(body).toContain('href="/articles/allowed-html/"') // the page itself keeps them relative
    for (const { 'content:encoded': html } of feed.items) {
      const { document } = new JSDOM(html ?? '').window
      for (const element of document.querySelectorAll('[href], [src]')) {
        const url = element.getAttribute('href') ?? element.getAttribute('src')!
        expect(url, url).toMatch(/^(https?:|mailto:|tel:)/)
      }
    }
    expect(item['content:encoded']).toContain(`href="${SITE}/articles/allowed-html/"`)
    expect(item['content:encoded']).toContain(`src="${SITE}/logo.png"`)
  })
})

test('an article with a photo shares that photo, by absolute URL with its size, as a large card', async ({ page }) => {
  await page.goto('/articles/feed-injection/')
  const head = (selector: string) => page.locator(`head ${selector}`)
  await expect(head('meta[property="og:image"]')).toHaveAttribute('content', 'https://www.lzfzwl.org.cn/logo.png')
  await expect(head('meta[property="og:image:width"]')).toHaveAttribute('content', '600')
  await expect(head('meta[property="og:image:height"]')).toHaveAttribute('content', '60')
  await expect(head('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image')
  await expect(head('meta[name="twitter:image"]')).toHaveAttribute('content', 'https://www.lzfzwl.org.cn/logo.png')
  const data = (await page.locator('script[type="application/ld+json"]').allTextContents()).flatMap((b) => JSON.parse(b))
  expect(data.find((d) => d['@type'] === 'NewsArticle').image).toEqual([
    { '@type': 'ImageObject', url: 'https://www.lzfzwl.org.cn/logo.png', width: 600, height: 60 },
  ])
})
