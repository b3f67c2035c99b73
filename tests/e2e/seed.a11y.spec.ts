import { expect, test } from '@playwright/test'
import { installAxe, wcagViolations } from './axe'
import { installSpeechStandIn } from './speech-stand-in'

const PAGES = {
  home: '/',
  channel: '/category/minsheng/',
  article: '/articles/loudi-louxing-zhucun-bangfu/',
  search: '/search/?q=%E9%A9%BB%E6%9D%91',
  'not found': '/no-such-page/',
}

/** Every reader mode: 字号 大/中/小/特大 × 高对比度 off/on, as reader.js applies them from storage. */
const SIZES = { large: '大', medium: '中', small: '小', xlarge: '特大' }
const MODES = Object.entries(SIZES).flatMap(([size, label]) =>
  [false, true].map((high) => ({ size, high, label: `${label}字号${high ? ' + 高对比度' : ''}` })),
)
const WIDTHS = [390, 1366]

// One test per page type, looping over widths and modes in one browser page (17 page loads):
// cheap enough for every CI run, and each failure names its width and mode.
for (const [name, url] of Object.entries(PAGES)) {
  test(`the ${name} page has no WCAG 2 A/AA violations and fits the screen at ${WIDTHS.join(' and ')} px in every reader mode`, async ({
    page,
  }) => {
    await installAxe(page)
    // The article's 语音阅读 control shows only with a Chinese voice: give it one, so it is checked too.
    await installSpeechStandIn(page)
    const problems: string[] = []
    await page.goto(url)
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 })
      for (const { size, high, label } of MODES) {
        await page.evaluate(
          ([size, high]) => {
            localStorage.setItem('lzfzw-font-size', size)
            localStorage.setItem('lzfzw-contrast', high ? 'high' : 'normal')
          },
          [size, high] as const,
        )
        await page.reload()
        await expect(page.locator('html')).toHaveAttribute('data-font-size', size)
        if (high) await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high')
        if (name === 'search') await page.locator('[data-search-results] > li').first().waitFor()
        if (name === 'article') await expect(page.getByRole('button', { name: '语音朗读' })).toBeVisible()
        for (const violation of await wcagViolations(page)) problems.push(`${width} px, ${label}: ${violation}`)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        if (overflow > 0) problems.push(`${width} px, ${label}: ${overflow} px wider than the screen`)
      }
    }
    expect(problems).toEqual([])
  })
}
