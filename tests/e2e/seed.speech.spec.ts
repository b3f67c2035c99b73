// 语音阅读 on the article page, against a stand-in speech engine that records what it is asked to say
// (headless Chromium has no voices; see speech-stand-in.ts).
import { expect, type Page, test } from '@playwright/test'
import { installAxe, wcagViolations } from './axe'
import { installSpeechStandIn, type SpeechRecord } from './speech-stand-in'

const ARTICLE = '/articles/loudi-louxing-zhucun-bangfu/'

type WithSpeech = { __speech: SpeechRecord & { finish(): void } }
const record = (page: Page) => page.evaluate(() => (window as unknown as WithSpeech).__speech)
const spoken = async (page: Page) => (await record(page)).spoken.map((s) => s.text)
const finish = (page: Page) => page.evaluate(() => (window as unknown as WithSpeech).__speech.finish())
const play = (page: Page) => page.getByRole('button', { name: '语音朗读' })
const stop = (page: Page) => page.getByRole('button', { name: '停止朗读' })
const status = (page: Page) => page.locator('.reader-tools').getByRole('status')

test.describe('语音阅读', () => {
  test('reads the title, the byline and the body in order, in a Chinese voice', async ({ page }) => {
    await installSpeechStandIn(page, { autoEndMs: 5 })
    await page.goto(ARTICLE)
    await play(page).click()
    await expect(status(page)).toHaveText('朗读完毕')
    await expect(play(page)).toHaveAttribute('aria-pressed', 'false')
    await expect(stop(page)).toBeHidden()

    const { spoken: said } = await record(page)
    const texts = said.map((s) => s.text)
    expect(texts[0]).toBe(await page.getByRole('heading', { level: 1 }).textContent())
    expect(texts[1]).toBe('发布时间:2023年1月7日,来源:红星网,作者:佚名')
    // Then the body, every paragraph and heading, nothing left out or repeated, in sentence-sized pieces.
    const body = await page.locator('.article-body').evaluate((el) => [...el.children].map((c) => c.textContent).join(''))
    expect(texts.slice(2).join('')).toBe(body)
    expect(texts.length).toBeGreaterThan(20)
    expect(said.every((s) => s.lang === 'zh-CN' && s.voice === 'stand-in zh-CN')).toBe(true)
  })

  test('highlights the part being read and scrolls it into view', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 700 })
    await installSpeechStandIn(page)
    await page.goto(ARTICLE)
    await play(page).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveAttribute('data-speaking', '')
    await finish(page)
    await expect(page.locator('.byline')).toHaveAttribute('data-speaking', '')

    const last = page.locator('.article-body > p').last()
    await expect(last).not.toBeInViewport()
    for (let i = 0; i < 200 && (await last.getAttribute('data-speaking')) === null; i++) await finish(page)
    await expect(page.locator('[data-speaking]')).toHaveCount(1)
    await expect(last).toHaveAttribute('data-speaking', '')
    await expect(last).toBeInViewport()
    await expect(last).toHaveCSS('background-color', 'rgb(255, 229, 138)')
  })

  test('pauses, resumes at the sentence it stopped in, and stops', async ({ page }) => {
    await installSpeechStandIn(page)
    await page.goto(ARTICLE)
    await expect(stop(page)).toBeHidden()
    await play(page).click()
    await expect(play(page)).toHaveAttribute('aria-pressed', 'true')
    await expect(stop(page)).toBeVisible()
    await finish(page)
    await finish(page)
    expect(await spoken(page)).toHaveLength(3)

    await play(page).click() // pause
    await expect(play(page)).toHaveAttribute('aria-pressed', 'false')
    await expect(status(page)).toContainText('已暂停')
    expect((await record(page)).log.at(-1)).toBe('cancel')
    await page.waitForTimeout(100) // the engine ends the cancelled sentence: that must not move on
    expect(await spoken(page)).toHaveLength(3)
    await expect(page.locator('.article-body > *').first()).toHaveAttribute('data-speaking', '')

    await play(page).click() // resume
    await expect(play(page)).toHaveAttribute('aria-pressed', 'true')
    const texts = await spoken(page)
    expect(texts).toHaveLength(4)
    expect(texts[3]).toBe(texts[2])

    await stop(page).click()
    await expect(play(page)).toHaveAttribute('aria-pressed', 'false')
    await expect(stop(page)).toBeHidden()
    await expect(page.locator('[data-speaking]')).toHaveCount(0)
    expect((await record(page)).log.at(-1)).toBe('cancel')

    await play(page).click() // starts again from the title
    await expect.poll(async () => (await spoken(page)).at(-1)).toBe(texts[0])
  })

  test('works from the keyboard, its state in aria-pressed', async ({ page }) => {
    await installSpeechStandIn(page)
    await page.goto(ARTICLE)
    await page.getByRole('button', { name: '小字号' }).focus()
    await page.keyboard.press('Tab')
    await expect(play(page)).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(play(page)).toHaveAttribute('aria-pressed', 'true')
    await page.keyboard.press('Space')
    await expect(play(page)).toHaveAttribute('aria-pressed', 'false')
    await page.keyboard.press('Tab')
    await expect(stop(page)).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(stop(page)).toBeHidden()
    await expect(play(page)).toBeFocused() // focus is not lost with the button that hid itself
  })

  test('stops when the reader leaves the page', async ({ page }) => {
    await installSpeechStandIn(page)
    await page.goto(ARTICLE)
    await play(page).click()
    await expect.poll(() => spoken(page)).toHaveLength(1)
    await page.getByRole('navigation', { name: '当前位置' }).getByRole('link', { name: '首页' }).click()
    await expect(page).toHaveURL(/\/$/)
    const log: string[] = await page.evaluate(() => JSON.parse(sessionStorage.getItem('speech-log') || '[]'))
    expect(log[0]).toMatch(/^speak:娄底市/)
    expect(log.at(-1)).toBe('cancel')
  })

  test('is hidden where the browser has no Chinese voice', async ({ page }) => {
    await installSpeechStandIn(page, { langs: ['en-US', 'fr-FR'] })
    await page.goto(ARTICLE)
    await expect(page.getByRole('button', { name: '打印本页' })).toBeVisible()
    await page.waitForTimeout(300) // the stand-in lists its voices after 50 ms
    await expect(play(page)).toBeHidden()
  })

  test('is hidden in headless Chromium, which has no voices at all', async ({ page }) => {
    await page.goto(ARTICLE)
    await expect(page.getByRole('button', { name: '打印本页' })).toBeVisible()
    await page.waitForTimeout(300)
    await expect(play(page)).toBeHidden()
  })

  test('has no WCAG 2 A/AA violations while reading, with or without 高对比度', async ({ page }) => {
    await installSpeechStandIn(page)
    await installAxe(page)
    await page.goto(ARTICLE)
    for (const high of [false, true]) {
      if (high) {
        await page.getByRole('region', { name: '无障碍工具栏' }).getByText('无障碍', { exact: true }).click()
        await page.getByRole('button', { name: '高对比度' }).click()
        await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high')
      }
      // The speech code loads on the first press: each utterance is ended only once it has begun.
      const before = (await spoken(page)).length
      await play(page).click()
      await expect.poll(async () => (await spoken(page)).length).toBe(before + 1)
      await finish(page)
      await expect.poll(async () => (await spoken(page)).length).toBe(before + 2)
      await finish(page)
      await expect.poll(async () => (await spoken(page)).length).toBe(before + 3)
      await play(page).click() // paused on the first paragraph: highlighted, 停止朗读 shown
      await expect(page.locator('.article-body > p').first()).toHaveAttribute('data-speaking', '')
      expect(await wcagViolations(page)).toEqual([])
      await stop(page).click()
    }
  })
})
