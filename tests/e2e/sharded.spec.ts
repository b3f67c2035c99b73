import { expect, test } from '@playwright/test'

// This site's search index was built by seven Pagefind processes and merged (see sites.mjs): a reader
// searches it as one index, over every shard.
const HARVEST = { title: '娄星区:金秋稻田收割忙', href: '/articles/zz-daotian-shouge/' }

test('finds the article only the last shard indexed, with its date, channel and highlighted excerpt', async ({ page }) => {
  await page.goto('/search/?q=' + encodeURIComponent('收割'))
  await expect(page.getByRole('status')).toHaveText('找到 1 篇与“收割”相关的文章')
  const hit = page.locator('[data-search-results] > li')
  await expect(hit.getByRole('link')).toHaveText(HARVEST.title)
  await expect(hit.getByRole('link')).toHaveAttribute('href', HARVEST.href)
  await expect(hit.locator('time')).toHaveText('2023-10-08')
  await expect(hit.locator('.meta')).toContainText('关注民生')
  await expect(hit.locator('mark')).toContainText(['收割'])
})

test('counts the matches of every shard, as one index would', async ({ page }) => {
  await page.goto('/search/?q=' + encodeURIComponent('驻村'))
  await expect(page.getByRole('status')).toHaveText('找到 46 篇与“驻村”相关的文章')
  await expect(page.locator('[data-search-results] > li')).toHaveCount(30)
})
