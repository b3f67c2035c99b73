import { expect, test } from '@playwright/test'
import { crawlerTests } from './crawler'
import { outDir } from './sites.mjs'

// A brand-new site with site.md and no articles yet: it builds, and every page says so honestly.
crawlerTests(() => outDir('empty'), { news: false })

test('the home page and every channel say there are no articles yet', async ({ page }) => {
  await page.goto('/')
  await expect(page.locator('section.latest').getByText('暂无文章')).toBeVisible()
  await page.goto('/category/minsheng/')
  await expect(page.getByText('本栏目暂无文章')).toBeVisible()
  await page.goto('/articles/')
  await expect(page.getByRole('heading', { level: 1, name: '最新文章' })).toBeVisible()
})

test('search says nothing matches, though the index has no pages yet', async ({ page }) => {
  await page.goto('/search/?q=' + encodeURIComponent('驻村'))
  await expect(page.getByRole('status')).toHaveText('没有找到与“驻村”相关的文章。')
})
