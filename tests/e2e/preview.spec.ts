// The `preview` site: the `states` folder built with CONTENT_PREVIEW=1, as an editor previews it.
// Drafts and scheduled articles are there, each with a banner saying it is not published yet.
import { expect, test } from '@playwright/test'

const banner = (page: import('@playwright/test').Page) => page.getByRole('note').filter({ hasText: '尚未发布' })

test.describe('an editor previewing unpublished articles', () => {
  test('sees the draft with a 草稿 banner', async ({ page }) => {
    await page.goto('/articles/draft-article/')
    await expect(page.getByRole('heading', { level: 1, name: '尚未完成的草稿' })).toBeVisible()
    await expect(banner(page)).toBeVisible()
    await expect(banner(page)).toContainText('草稿')
  })

  test('sees the scheduled article with a 定时发布 banner', async ({ page }) => {
    await page.goto('/articles/scheduled-article/')
    await expect(page.getByRole('heading', { level: 1, name: '明天才发布的文章' })).toBeVisible()
    await expect(banner(page)).toBeVisible()
    await expect(banner(page)).toContainText('定时发布')
  })

  test('sees no banner on a published article', async ({ page }) => {
    await page.goto('/articles/published-article/')
    await expect(page.getByRole('heading', { level: 1, name: '已发布的文章' })).toBeVisible()
    await expect(banner(page)).toHaveCount(0)
  })
})
