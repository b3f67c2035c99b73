import fs from 'node:fs'
import path from 'node:path'
import { expect, type Page, test } from '@playwright/test'

// The captured page of 廉政法制网 we model; every part of it must appear on our article page.
const seed = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/seed-page.txt'), 'utf8').split('\n')
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, '')
const ARTICLE = '/articles/loudi-louxing-zhucun-bangfu/'

async function expectEverySeedPart(page: Page) {
  const body = squash(await page.locator('body').textContent())
  await expect(page.getByText(seed[0], { exact: true })).toBeVisible() // 欢迎访问廉政法制网!
  const breadcrumb = page.getByRole('navigation', { name: '当前位置' })
  expect(squash(await breadcrumb.textContent())).toBe(squash(seed[1]))
  await expect(breadcrumb.getByRole('link', { name: '首页' })).toHaveAttribute('href', '/')
  await expect(breadcrumb.getByRole('link', { name: '关注民生' })).toHaveAttribute('href', '/category/minsheng/')
  await expect(page.locator('h1')).toHaveCount(1)
  await expect(page.locator('h1')).toHaveText(seed[3])
  expect(squash(await page.locator('.byline').textContent())).toBe(squash(seed[5]))
  await expect(page.locator('.byline time')).toHaveAttribute('datetime', '2023-01-07T00:00:00+08:00')
  const paragraphs = seed.slice(7, 26).filter((l) => l.trim())
  const articleText = squash(await page.locator('article').textContent())
  for (const paragraph of paragraphs) expect(articleText).toContain(squash(paragraph))
  await expect(page.locator('article h2')).toHaveText([squash(seed[9]), squash(seed[15]), squash(seed[21])])
  expect(body).toContain(squash(seed[28])) // 原文链接:https://…
  await expect(page.getByRole('link', { name: seed[28].replace('原文链接:', '') })).toHaveAttribute(
    'href',
    'https://www.hxw.gov.cn/content/2022/12/27/14074052.html',
  )
  for (const line of seed.slice(29, 39).filter((l) => l.trim())) expect(body).toContain(squash(line))
  expect(body).not.toContain('undefined')
}

test.describe('the seed article, as a reader with JavaScript on', () => {
  test('reaches the article from the home page through the channel', async ({ page }) => {
    await page.goto('/')
    await expect(page.getByRole('heading', { level: 1, name: '廉政法制网' })).toBeVisible()
    await page.getByRole('navigation', { name: '栏目导航' }).getByRole('link', { name: '关注民生' }).click()
    await expect(page).toHaveURL(/\/category\/minsheng\/$/)
    await expect(page.getByRole('heading', { level: 1, name: '关注民生' })).toBeVisible()
    await page.getByRole('link', { name: seed[3] }).click()
    await expect(page).toHaveURL(new RegExp(`${ARTICLE}$`))
    await expectEverySeedPart(page)
  })

  test('lists the article with its Beijing date on the home page', async ({ page }) => {
    await page.goto('/')
    const item = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: seed[3] }) }).first()
    await expect(item.locator('time')).toHaveText('2023-01-07')
  })
})

test.describe('the seed article, with JavaScript off', () => {
  test.use({ javaScriptEnabled: false })

  test('shows every part of the seed page', async ({ page }) => {
    await page.goto(ARTICLE)
    await expectEverySeedPart(page)
  })

  test('home and channel pages are complete', async ({ page }) => {
    await page.goto('/')
    await expect(page.getByRole('heading', { name: '最新发布' })).toBeVisible()
    await expect(page.getByRole('link', { name: seed[3] }).first()).toBeVisible()
    await page.goto('/category/minsheng/')
    await expect(page.getByRole('link', { name: seed[3] })).toBeVisible()
  })
})

test.describe('unknown addresses', () => {
  for (const url of ['/articles/no-such-article/', '/category/no-such-channel/', '/category/minsheng/2099/01/', '/category/minsheng/2023/1/', '/articles/..%2f..%2fpackage.json/', '/no/such/page']) {
    test(`answers ${url} with the site's 404 page`, async ({ page }) => {
      const response = await page.goto(url)
      expect(response?.status()).toBe(404)
      await expect(page.getByRole('heading', { level: 1, name: '页面不存在' })).toBeVisible()
      await expect(page.getByRole('link', { name: '返回首页' })).toHaveAttribute('href', '/')
    })
  }
})
