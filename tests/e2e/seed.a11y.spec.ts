import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'

const PAGES = {
  home: '/',
  channel: '/category/minsheng/',
  article: '/articles/loudi-louxing-zhucun-bangfu/',
  search: '/search/?q=%E9%A9%BB%E6%9D%91',
  'not found': '/no-such-page/',
}

for (const [width, device] of [
  [360, 'phone'],
  [1280, 'desktop'],
] as const) {
  test.describe(`accessibility on a ${device} (${width} px)`, () => {
    test.use({ viewport: { width, height: 800 } })

    for (const [name, url] of Object.entries(PAGES)) {
      test(`the ${name} page has no WCAG 2 A/AA violations`, async ({ page }) => {
        await page.goto(url)
        if (name === 'search') await page.locator('[data-search-results] > li').first().waitFor()
        const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
        expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
      })
    }

    test('nothing is wider than the screen', async ({ page }) => {
      for (const url of Object.values(PAGES)) {
        await page.goto(url)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        expect(overflow, url).toBeLessThanOrEqual(0)
      }
    })
  })
}
