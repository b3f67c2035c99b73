import { expect, test } from '@playwright/test'

// The corpus site: 65 generated articles in 关注民生, test-000001 the newest, test-000065 the oldest.
const article = (n: number) => `/articles/test-${String(n).padStart(6, '0')}/`

test.describe('channel pages over 65 articles: a front page and archive pages numbered from the oldest', () => {
  test('the front page shows the newest 25 and leads to archive page 2', async ({ page }) => {
    await page.goto('/category/minsheng/')
    const items = page.locator('main .article-list > li')
    await expect(items).toHaveCount(25)
    await expect(items.first().getByRole('link')).toHaveAttribute('href', article(1))
    await expect(items.last().getByRole('link')).toHaveAttribute('href', article(25))
    const pager = page.getByRole('navigation', { name: '分页' })
    await expect(pager.getByRole('link', { name: '最新' })).toHaveAttribute('aria-current', 'page')
    await expect(pager.getByRole('link', { name: '上一页' })).toHaveCount(0)
    await pager.getByRole('link', { name: '下一页' }).click()
    await expect(page).toHaveURL(/\/category\/minsheng\/page\/2\/$/)
    await expect(items).toHaveCount(20)
    await expect(items.first().getByRole('link')).toHaveAttribute('href', article(26))
    await expect(page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: '第 2 页' })).toHaveAttribute('aria-current', 'page')
    await expect(page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: '上一页' })).toHaveAttribute('href', '/category/minsheng/')
  })

  test('archive page 1 holds the oldest 20 and has no next link; pages past it are 404', async ({ page }) => {
    await page.goto('/category/minsheng/page/1/')
    const items = page.locator('main .article-list > li')
    await expect(items).toHaveCount(20)
    await expect(items.last().getByRole('link')).toHaveAttribute('href', article(65))
    const pager = page.getByRole('navigation', { name: '分页' })
    await expect(pager.getByRole('link', { name: '下一页' })).toHaveCount(0)
    await expect(pager.getByRole('link', { name: '上一页' })).toHaveAttribute('href', '/category/minsheng/page/2/')
    expect((await page.goto('/category/minsheng/page/3/'))?.status()).toBe(404)
    expect((await page.goto('/category/minsheng/page/0/'))?.status()).toBe(404)
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
