import { expect, test } from '@playwright/test'

// The corpus site: 65 generated articles in 关注民生, test-000001 the newest, test-000065 the oldest.
const article = (n: number) => `/articles/test-${String(n).padStart(6, '0')}/`

test.describe('channel pages over 65 articles: a front page and a page per month', () => {
  test('the front page shows the newest 20 and leads to the newest month', async ({ page }) => {
    await page.goto('/category/minsheng/')
    const items = page.locator('main .article-list > li')
    await expect(items).toHaveCount(20)
    await expect(items.first().getByRole('link')).toHaveAttribute('href', article(1))
    await expect(items.last().getByRole('link')).toHaveAttribute('href', article(20))
    const pager = page.getByRole('navigation', { name: '分页' })
    await expect(pager.getByRole('link', { name: '最新' })).toHaveAttribute('aria-current', 'page')
    await expect(pager.getByRole('link', { name: '上一页' })).toHaveCount(0)
    await pager.getByRole('link', { name: '下一页' }).click()
    await expect(page).toHaveURL(/\/category\/minsheng\/\d{4}\/\d{2}\/$/)
    await expect(items.first().getByRole('link')).toHaveAttribute('href', article(1))
    const [, year, month] = /(\d{4})\/(\d{2})\/$/.exec(page.url())!
    await expect(page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: `${year}年${Number(month)}月` })).toHaveAttribute('aria-current', 'page')
    await expect(page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: '上一页' })).toHaveAttribute('href', '/category/minsheng/')
  })

  test('the months hold every article once, newest first, and end at the oldest; other months are 404', async ({ page }) => {
    await page.goto('/category/minsheng/')
    const seen: string[] = []
    let older = page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: '下一页' })
    while ((await older.count()) > 0) {
      await older.click()
      seen.push(...(await page.locator('main .article-list > li > a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!))))
      older = page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: '下一页' })
    }
    expect(seen).toEqual(Array.from({ length: 65 }, (_, i) => article(i + 1)))
    expect((await page.goto('/category/minsheng/2099/01/'))?.status()).toBe(404)
    expect((await page.goto('/category/minsheng/2023/1/'))?.status()).toBe(404)
  })

  test('an address of the numbered archive pages of before leads to the channel', async ({ page }) => {
    const response = await page.goto('/category/minsheng/page/2/')
    expect(response?.status()).toBe(200)
    expect(new URL(page.url()).pathname).toBe('/category/minsheng/')
  })

  test('an empty channel says so honestly and has no pager', async ({ page }) => {
    await page.goto('/category/fazhi/')
    await expect(page.getByText('本栏目暂无文章')).toBeVisible()
    await expect(page.getByRole('navigation', { name: '分页' })).toHaveCount(0)
  })

  test('the home page shows the latest articles and an empty-state per empty channel', async ({ page }) => {
    await page.goto('/')
    const latest = page.locator('section.latest .article-list > li')
    await expect(latest.first().getByRole('link').last()).toHaveAttribute('href', article(1))
    await expect(page.getByText('暂无文章')).toHaveCount(3)
    await expect(page.getByRole('link', { name: '更多关注民生文章' })).toHaveAttribute('href', '/category/minsheng/')
  })
})

test.describe('article neighbours and related articles', () => {
  test('上一篇 is the older article and 下一篇 the newer one, within the channel', async ({ page }) => {
    await page.goto(article(2))
    const nav = page.getByRole('navigation', { name: '上一篇和下一篇' })
    await expect(nav.locator('p').first().getByRole('link')).toHaveAttribute('href', article(3))
    await expect(nav.locator('p').last().getByRole('link')).toHaveAttribute('href', article(1))
    await page.goto(article(1))
    await expect(page.getByRole('navigation', { name: '上一篇和下一篇' }).getByText('没有了')).toBeVisible()
  })

  test('related articles are up to five other real articles', async ({ page }) => {
    await page.goto(article(10))
    const links = page.getByRole('region', { name: '相关文章' }).getByRole('link')
    await expect(links).toHaveCount(5)
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))
    expect(hrefs).not.toContain(article(10))
    expect(new Set(hrefs).size).toBe(5)
    for (const href of hrefs) expect((await page.request.get(href!)).status()).toBe(200)
  })
})

test.describe('search over the corpus', () => {
  test('finds generated articles by a word of the seed text, with date and channel', async ({ page }) => {
    await page.goto('/search/?q=' + encodeURIComponent('驻村'))
    const results = page.locator('[data-search-results] > li')
    await expect(results.first()).toBeVisible()
    expect(await results.count()).toBeGreaterThan(5)
    await expect(results.first().locator('.meta')).toContainText('关注民生')
    await expect(results.first().locator('time')).toHaveText(/^\d{4}-\d{2}-\d{2}/)
    await expect(results.first().locator('mark').first()).toBeVisible()
  })
})
