import { expect, test } from '@playwright/test'
import { removals, results, slugs, watchRemovals } from './search-results'

// Search over the corpus site's 65 articles, all of which hold 驻村: more than two pages of
// results, answered by npm start itself (scripts/server/search-answer.ts) and then by the page's script.

const ZHUCUN = `/search/?q=${encodeURIComponent('驻村')}`

test('with JavaScript, 显示更多结果 appends results 11–20 after the ten npm start wrote, which stay as they were', async ({ page, request }) => {
  await watchRemovals(page)
  await page.goto(ZHUCUN)
  const more = page.getByRole('button', { name: '显示更多结果' })
  await expect(more).toBeVisible()
  await expect(page.getByRole('status')).toHaveText('找到 65 篇与“驻村”相关的文章')
  const firstTen = await slugs(page)
  expect(firstTen).toHaveLength(10)
  await more.click()
  await expect(results(page)).toHaveCount(20)
  const twenty = await slugs(page)
  expect(twenty.slice(0, 10)).toEqual(firstTen)
  // 11–20 are what the server lists as page 2: no duplicate and no gap between the two.
  const second = await request.get(`${ZHUCUN}&page=2`)
  const secondPage = [...(await second.text()).matchAll(/<h2><a href="\/articles\/([^/]+)\//g)].map((m) => m[1])
  expect(twenty.slice(10)).toEqual(secondPage)
  expect(await removals(page)).toEqual([])
})

test('with JavaScript, page 2 opened from a link stays as written, and 显示更多结果 goes on with 21–30', async ({ page }) => {
  await watchRemovals(page)
  await page.goto(`${ZHUCUN}&page=2`)
  const more = page.getByRole('button', { name: '显示更多结果' })
  await expect(more).toBeVisible()
  const eleventhOn = await slugs(page)
  await more.click()
  await expect(results(page)).toHaveCount(20)
  expect((await slugs(page)).slice(0, 10)).toEqual(eleventhOn)
  expect(new Set(await slugs(page)).size).toBe(20)
  expect(await removals(page)).toEqual([])
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the pager walks the seven pages of results: numbers, 下一页 and 上一页', async ({ page }) => {
    await page.goto(ZHUCUN)
    const pager = page.getByRole('navigation', { name: '分页' })
    await expect(pager.getByRole('link', { name: '第 1 页' })).toHaveAttribute('aria-current', 'page')
    await expect(pager.getByRole('link', { name: '第 7 页' })).toBeVisible()
    await expect(pager.getByRole('link', { name: '上一页' })).toHaveCount(0)
    const seen = new Set(await slugs(page))
    await pager.getByRole('link', { name: '下一页' }).click()
    await expect(page).toHaveURL(/&page=2$/)
    for (const slug of await slugs(page)) seen.add(slug)
    await pager.getByRole('link', { name: '第 7 页' }).click()
    await expect(results(page)).toHaveCount(5)
    await expect(pager.getByRole('link', { name: '下一页' })).toHaveCount(0)
    for (const slug of await slugs(page)) seen.add(slug)
    expect(seen.size).toBe(25)
    await pager.getByRole('link', { name: '上一页' }).click()
    await expect(pager.getByRole('link', { name: '第 6 页' })).toHaveAttribute('aria-current', 'page')
    await expect(results(page)).toHaveCount(10)
  })
})
