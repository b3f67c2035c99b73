import { expect, test } from '@playwright/test'
import { crawlerTests } from './crawler'
import { outDir } from './sites.mjs'

crawlerTests(() => outDir('corpus'), { news: true }) // its newest article is an hour older than the build

test('channel pages after the first say their page number in the title', async ({ page }) => {
  await page.goto('/category/minsheng/page/2/')
  await expect(page).toHaveTitle('关注民生(第 2 页) - 廉政法制网')
  await expect(page.locator('head link[rel="canonical"]')).toHaveAttribute('href', 'https://www.lzfzwl.org.cn/category/minsheng/page/2/')
})
