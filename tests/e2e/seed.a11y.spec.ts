import { expect, test } from '@playwright/test'
import { installAxe, wcagViolations } from './axe'
import { installSpeechStandIn } from './speech-stand-in'

const PAGES = {
  home: '/',
  channel: '/category/minsheng/',
  tags: '/tags/',
  archive: '/archive/2023/01/',
  article: '/articles/loudi-louxing-zhucun-bangfu/',
  search: '/search/?q=%E9%A9%BB%E6%9D%91',
  'not found': '/no-such-page/',
}

/**
 * The reader modes, combined so that every 字号, every 配色 and every 无障碍 mode is checked on every
 * page at both widths in six loads: the last three have every mode of the toolbar on at once, with
 * its panel open. Saved as the tools save them; reader.js applies them.
 */
const MODES: { label: string; settings: Record<string, string>; open?: boolean }[] = [
  { label: '中字号', settings: {} },
  { label: '小字号 + 白底黑字', settings: { 'font-size': 'small', contrast: 'high' } },
  { label: '大字号 + 黑底白字 + 大鼠标', settings: { 'font-size': 'large', contrast: 'dark', cursor: 'large' } },
  {
    label: '特大字号 + 黑底黄字 + 200% + 十字光标 + 大字幕 + 指读, toolbar open',
    settings: { 'font-size': 'xlarge', contrast: 'yellow', zoom: '200', guides: 'on', caption: 'on', reading: 'point' },
    open: true,
  },
  {
    label: '大字号 + 黄底蓝字 + 300% + 十字光标 + 大字幕 + 连读 + 大鼠标, toolbar open',
    settings: { 'font-size': 'large', contrast: 'blue', zoom: '300', guides: 'on', caption: 'on', reading: 'continuous', cursor: 'large' },
    open: true,
  },
  { label: '纯文本 + 白底黑字 + 150%, toolbar open', settings: { plain: 'on', contrast: 'high', zoom: '150' }, open: true },
]
const NAMES = ['font-size', 'contrast', 'cursor', 'zoom', 'guides', 'caption', 'reading', 'plain']
const WIDTHS = [390, 1366]

// One test per page type, looping over widths and modes in one browser page (13 page loads):
// cheap enough for every CI run, and each failure names its width and mode.
for (const [name, url] of Object.entries(PAGES)) {
  test(`the ${name} page has no WCAG 2 A/AA violations and fits the screen at ${WIDTHS.join(' and ')} px in every reader and 无障碍 mode`, async ({
    page,
  }) => {
    await installAxe(page)
    // The article's 语音阅读 control shows only with a Chinese voice: give it one, so it is checked too.
    await installSpeechStandIn(page)
    const problems: string[] = []
    await page.goto(url)
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 })
      for (const { label, settings, open } of MODES) {
        await page.evaluate(
          ([settings, names]) => {
            for (const name of names) localStorage.removeItem(`lzfzw-${name}`)
            for (const [key, value] of Object.entries(settings)) localStorage.setItem(`lzfzw-${key}`, value)
          },
          [settings, NAMES] as const,
        )
        await page.reload()
        await expect(page.locator('html')).toHaveAttribute('data-font-size', settings['font-size'] ?? 'medium')
        if (settings.contrast) await expect(page.locator('html')).toHaveAttribute('data-contrast', settings.contrast)
        if (settings.caption) await expect(page.locator('.a11y-caption')).toHaveCount(1)
        if (open) {
          await page.getByRole('region', { name: '无障碍工具栏' }).getByText('无障碍', { exact: true }).click()
          await expect(page.getByRole('button', { name: '重置' })).toBeVisible()
        }
        if (name === 'search') await page.locator('[data-search-results] > li').first().waitFor()
        if (name === 'article' && !settings.plain) await expect(page.getByRole('button', { name: '语音朗读' })).toBeVisible()
        for (const violation of await wcagViolations(page)) problems.push(`${width} px, ${label}: ${violation}`)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        if (overflow > 0) problems.push(`${width} px, ${label}: ${overflow} px wider than the screen`)
      }
    }
    expect(problems).toEqual([])
  })
}
