import { expect, test } from '@playwright/test'
import { crawlerTests } from './crawler'
import { outDir } from './sites.mjs'

crawlerTests(() => outDir('corpus'), { news: true }) // its newest article is an hour older than the build

test("a channel's month page says its month in the title and is its own canonical page", async ({ page }) => {
  await page.goto('/category/minsheng/')
  await page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: '下一页' }).click()
  const [, year, month] = /\/category\/minsheng\/(\d{4})\/(\d{2})\/$/.exec(page.url())!
  await expect(page).toHaveTitle(`关注民生(${year}年${Number(month)}月) - 廉政法制网`)
  await expect(page.locator('head link[rel="canonical"]')).toHaveAttribute('href', `https://www.lzfzwl.org.cn/category/minsheng/${year}/${month}/`)
})
