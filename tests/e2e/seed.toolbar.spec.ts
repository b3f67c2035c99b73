// The 无障碍 toolbar (components/AccessibilityToolbar.tsx, public/js/toolbar.js): each function, as a
// reader uses it, in Chromium. axe over every page type with every mode on is in seed.a11y.spec.ts.
import { expect, type Page, type Request, test } from '@playwright/test'
import { installAxe, wcagViolations } from './axe'
import { installSpeechStandIn, type SpeechRecord } from './speech-stand-in'

const ARTICLE = '/articles/loudi-louxing-zhucun-bangfu/'
type WithSpeech = { __speech: SpeechRecord & { finish(): void } }
const spoken = (page: Page) => page.evaluate(() => (window as unknown as WithSpeech).__speech.spoken)

const toolbar = (page: Page) => page.getByRole('region', { name: '无障碍工具栏' })
const tool = (page: Page, name: string) => toolbar(page).getByRole('button', { name, exact: true })

/** Opens the toolbar with its visible button and waits for its panel (its code loads on this press). */
async function open(page: Page) {
  await toolbar(page).getByText('无障碍', { exact: true }).click()
  await expect(tool(page, '重置')).toBeVisible()
}
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)

test('the toolbar is a landmark with a visible 无障碍 button; its code loads only when it is opened', async ({ page }) => {
  const scripts: string[] = []
  page.on('request', (request) => scripts.push(new URL(request.url()).pathname))
  await page.goto('/')
  const button = toolbar(page).getByText('无障碍', { exact: true })
  await expect(button).toBeVisible()
  await expect(button).toHaveAttribute('aria-keyshortcuts', 'Alt+Shift+W')
  expect(scripts.filter((p) => /\/(js|css)\//.test(p))).toEqual(['/js/reader.js'])
  await open(page)
  expect(scripts).toContain('/js/toolbar.js')
  expect(scripts).toContain('/css/reader-modes.css')
  expect(scripts).not.toContain('/js/speech.js') // speech only when a reader asks for it
  // The shortcuts are listed on the page, and each control names its own.
  const keys = toolbar(page).getByRole('list')
  await expect(keys).toContainText('Alt+Shift+W 打开或关闭无障碍工具栏')
  await expect(keys).toContainText('Alt+Shift+X 十字光标')
  await expect(tool(page, '放大')).toHaveAttribute('aria-keyshortcuts', 'Alt+Shift+Equal')
})

test.describe('页面缩放', () => {
  for (const width of [390, 1366]) {
    test(`enlarges the whole page to 200 % and 300 % with no sideways scrolling at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 })
      const problems: string[] = []
      for (const url of [ARTICLE, '/']) {
        await page.goto(url)
        await page.evaluate(() => localStorage.clear())
        await page.reload()
        await open(page)
        const logo = page.locator('.site-name')
        const before = (await logo.boundingBox())!.height
        for (const zoom of [150, 200, 250, 300]) {
          await tool(page, '放大').click()
          await expect(page.locator('html')).toHaveAttribute('data-zoom', String(zoom))
          await expect(toolbar(page).locator('[data-show="zoom"]')).toHaveText(`${zoom}%`)
          if (zoom === 200 || zoom === 300) {
            // Not only the type: the masthead's box (padding and all) grows with the page.
            const height = (await logo.boundingBox())!.height
            if (height < (before * zoom) / 100 - 2) problems.push(`${url} ${zoom}%: the masthead is ${height} px high, was ${before}`)
            const overflow = await sideways(page)
            if (overflow > 0) problems.push(`${url} ${zoom}%: ${overflow} px wider than the screen`)
          }
        }
      }
      expect(problems).toEqual([])
      // Remembered: the next page is drawn at 300 % from the start.
      await page.goto('/category/minsheng/')
      await expect(page.locator('html')).toHaveAttribute('data-zoom', '300')
      expect(await page.locator('body').evaluate((el) => getComputedStyle(el).zoom)).toBe('3')
    })
  }
})

test('十字光标: the two guide lines follow the pointer', async ({ page }) => {
  await page.goto(ARTICLE)
  await open(page)
  await tool(page, '十字光标').click()
  await expect(tool(page, '十字光标')).toHaveAttribute('aria-pressed', 'true')
  const across = page.locator('.a11y-guide-x')
  const down = page.locator('.a11y-guide-y')
  for (const [x, y] of [[200, 300], [640, 120]]) {
    await page.mouse.move(x, y)
    await expect.poll(async () => Math.round((await across.boundingBox())!.y + 1)).toBe(y)
    await expect.poll(async () => Math.round((await down.boundingBox())!.x + 1)).toBe(x)
  }
  // The lines never take a click: the link under them still opens.
  const link = page.getByRole('navigation', { name: '当前位置' }).getByRole('link', { name: '首页' })
  await link.click()
  await expect(page).toHaveURL(/\/$/)
  await expect(page.locator('.a11y-guide-x')).toHaveCount(1) // remembered on the next page
})

test('纯文本 shows the article text only, and is remembered until switched off', async ({ page }) => {
  await page.goto(ARTICLE)
  await open(page)
  await tool(page, '纯文本').click()
  await expect(page.locator('html')).toHaveAttribute('data-plain', 'on')
  for (const hidden of [page.getByRole('banner'), page.getByRole('contentinfo'), page.getByRole('navigation', { name: '当前位置' }), page.locator('.reader-tools'), page.locator('.wechat-share'), page.getByRole('complementary', { name: '免责声明' })]) {
    await expect(hidden).toBeHidden()
  }
  // What is left on the page, past the toolbar, is the title, the byline and the text.
  const text = await page.evaluate(() => document.querySelector('main')!.innerText.replace(/\s+/g, ''))
  const article = await page.evaluate(() =>
    ['.article h1', '.byline', '.article-body'].map((s) => (document.querySelector(s) as HTMLElement).innerText).join('').replace(/\s+/g, ''),
  )
  expect(text).toBe(article)
  await page.reload()
  await expect(page.getByRole('banner')).toBeHidden()
  await open(page)
  await tool(page, '纯文本').click()
  await expect(page.getByRole('banner')).toBeVisible()
})

test('大字幕 shows the text under the pointer in a large bar', async ({ page }) => {
  await page.goto(ARTICLE)
  await open(page)
  await tool(page, '大字幕').click()
  const bar = page.locator('.a11y-caption')
  await expect(bar).toBeVisible()
  const heading = page.locator('.article-body h2').first()
  await heading.hover()
  await expect(bar).toHaveText((await heading.textContent())!)
  expect(parseFloat(await bar.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(32)
})

test.describe('指读, 连读 and 语速', () => {
  test('指读 speaks the paragraph under the pointer, or in focus, and only that', async ({ page }) => {
    await installSpeechStandIn(page)
    await page.goto(ARTICLE)
    await open(page)
    await tool(page, '指读').click()
    const heading = page.locator('.article-body h2').nth(1)
    await heading.hover()
    await expect.poll(async () => (await spoken(page)).map((s) => s.text)).toEqual([await heading.textContent()])
    await expect(heading).toHaveAttribute('data-speaking', '')
    // From the keyboard: the paragraphs take the focus while 指读 is on.
    const paragraph = page.locator('.article-body p').nth(3)
    await paragraph.focus()
    await expect.poll(async () => (await spoken(page)).at(-1)?.text).toMatch(/^紧扣“驻村即住村”/)
    await expect(paragraph).toHaveAttribute('data-speaking', '')
    await expect(heading).not.toHaveAttribute('data-speaking')
    // Read to its end, and no further.
    for (let i = 0; i < 50 && (await page.locator('[data-speaking]').count()) > 0; i++) {
      await page.evaluate(() => (window as unknown as WithSpeech).__speech.finish())
    }
    await expect(page.locator('[data-speaking]')).toHaveCount(0)
    const said = (await spoken(page)).map((s) => s.text)
    expect(said.slice(1).join('')).toBe(await paragraph.textContent())
  })

  test('连读 reads on from the paragraph under the pointer to the end', async ({ page }) => {
    await installSpeechStandIn(page, { autoEndMs: 5 })
    await page.goto(ARTICLE)
    await open(page)
    await tool(page, '连读').click()
    await expect(tool(page, '指读')).toHaveAttribute('aria-pressed', 'false')
    await page.mouse.move(1, 1)
    const from = page.locator('.article-body h2').last()
    await from.hover()
    const rest = await page.locator('.article-body h2').last().evaluate((h) => {
      const parts = [h.textContent]
      for (let el = h.nextElementSibling; el; el = el.nextElementSibling) parts.push(el.textContent)
      return parts.join('')
    })
    await expect.poll(async () => (await spoken(page)).map((s) => s.text).join(''), { timeout: 20_000 }).toBe(rest)
  })

  test('语速 and 音量 change the rate and volume of what is read, and are remembered', async ({ page }) => {
    await installSpeechStandIn(page, { autoEndMs: 5 })
    await page.goto(ARTICLE)
    await open(page)
    await tool(page, '加快').click()
    await tool(page, '加快').click()
    await expect(toolbar(page).locator('[data-show="rate"]')).toHaveText('1.5 倍')
    await tool(page, '减小').click()
    await page.reload()
    await open(page)
    await expect(toolbar(page).locator('[data-show="rate"]')).toHaveText('1.5 倍')
    await tool(page, '指读').click()
    await page.locator('.article h1').hover()
    await expect.poll(async () => (await spoken(page)).length).toBeGreaterThan(0)
    expect((await spoken(page))[0]).toMatchObject({ rate: 1.5, volume: 0.8, lang: 'zh-CN' })
    await tool(page, '减慢').click()
    await tool(page, '减慢').click()
    await tool(page, '减慢').click()
    await page.locator('.byline').hover()
    await expect.poll(async () => (await spoken(page)).at(-1)?.rate).toBe(0.75)
  })
})

test('each 配色 passes axe colour contrast, and the choice is remembered', async ({ page }) => {
  await installAxe(page)
  await page.goto(ARTICLE)
  await open(page)
  const problems: string[] = []
  for (const [name, scheme] of [['高对比度', 'high'], ['黑底白字', 'dark'], ['黑底黄字', 'yellow'], ['黄底蓝字', 'blue']]) {
    await tool(page, name).click()
    await expect(page.locator('html')).toHaveAttribute('data-contrast', scheme)
    await expect(tool(page, name)).toHaveAttribute('aria-pressed', 'true')
    for (const v of await wcagViolations(page)) problems.push(`${name}: ${v}`)
  }
  expect(problems).toEqual([])
  await page.goto('/')
  await expect(page.locator('html')).toHaveAttribute('data-contrast', 'blue')
  await expect(page.getByRole('contentinfo')).toHaveCSS('background-color', 'rgb(0, 0, 139)')
})

test('重置 puts every setting back to its default, on this page and the next', async ({ page }) => {
  await page.goto(ARTICLE)
  await page.evaluate(() => {
    for (const [k, v] of Object.entries({ 'font-size': 'xlarge', contrast: 'dark', cursor: 'large', zoom: '200', guides: 'on', caption: 'on', reading: 'point', rate: '2', volume: '0.4' })) {
      localStorage.setItem(`lzfzw-${k}`, v)
    }
  })
  await page.reload()
  await expect(page.locator('.a11y-guide-x')).toHaveCount(1)
  await open(page)
  await tool(page, '重置').click()
  const html = page.locator('html')
  await expect(html).toHaveAttribute('data-font-size', 'medium')
  for (const name of ['contrast', 'cursor', 'zoom', 'guides', 'caption', 'reading', 'plain']) await expect(html).not.toHaveAttribute(`data-${name}`)
  await expect(page.locator('.a11y-guide-x, .a11y-caption')).toHaveCount(0)
  await expect(toolbar(page).locator('[data-show="rate"]')).toHaveText('1 倍')
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lzfzw-')))).toEqual([])
  await page.goto('/')
  await expect(page.locator('body')).toHaveCSS('zoom', '1')
})

test('every function works from the keyboard alone', async ({ page }) => {
  await page.goto(ARTICLE)
  const html = page.locator('html')
  await page.keyboard.press('Alt+Shift+W')
  await expect(tool(page, '缩小')).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(tool(page, '放大')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(html).toHaveAttribute('data-zoom', '150')
  await page.keyboard.press('Alt+Shift+Equal')
  await expect(html).toHaveAttribute('data-zoom', '200')
  await page.keyboard.press('Alt+Shift+Minus')
  await expect(html).toHaveAttribute('data-zoom', '150')
  await page.keyboard.press('Alt+Shift+X')
  await expect(html).toHaveAttribute('data-guides', 'on')
  await page.keyboard.press('Alt+Shift+M')
  await expect(html).toHaveAttribute('data-caption', 'on')
  await page.keyboard.press('Alt+Shift+P')
  await expect(html).toHaveAttribute('data-contrast', 'high')
  await page.keyboard.press('Alt+Shift+P')
  await expect(html).toHaveAttribute('data-contrast', 'dark')
  await page.keyboard.press('Alt+Shift+Z')
  await expect(html).toHaveAttribute('data-reading', 'point')
  await page.keyboard.press('Alt+Shift+L')
  await expect(html).toHaveAttribute('data-reading', 'continuous')
  await page.keyboard.press('Alt+Shift+Period')
  await expect(toolbar(page).locator('[data-show="rate"]')).toHaveText('1.25 倍')
  await page.keyboard.press('Alt+Shift+C')
  await expect(html).toHaveAttribute('data-plain', 'on')
  await expect(toolbar(page).getByRole('status')).toHaveText('已选择纯文本模式')
  await page.keyboard.press('Alt+Shift+R')
  await expect(html).not.toHaveAttribute('data-contrast')
  await expect(html).not.toHaveAttribute('data-plain')
  // Esc closes the panel, and the focus goes back to its button.
  await tool(page, '放大').focus()
  await page.keyboard.press('Escape')
  await expect(tool(page, '放大')).toBeHidden()
  await expect(toolbar(page).getByText('无障碍', { exact: true })).toBeFocused()
})

test('a saved mode is in place before the page is drawn: nothing moves as the tools load', async ({ page }) => {
  await installSpeechStandIn(page)
  await page.addInitScript(() => {
    const w = window as unknown as { layoutShift: number }
    w.layoutShift = 0
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!entry.hadRecentInput) w.layoutShift += entry.value
      }
    }).observe({ type: 'layout-shift', buffered: true })
  })
  // The modes' stylesheet and the tools' code arrive late, the worst case: the stylesheet only once
  // the whole page has arrived (it must hold the first paint: a page drawn at 100 % and then zoomed
  // would shift everything), the code only once the stylesheet has (it runs on a page already styled).
  const finished = (matches: (request: Request) => boolean) =>
    new Promise<void>((resolve) => {
      const on = (request: Request) => {
        if (!matches(request)) return
        page.off('requestfinished', on)
        resolve()
      }
      page.on('requestfinished', on)
    })
  let pageArrived = Promise.resolve()
  let stylesArrived = Promise.resolve()
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      pageArrived = finished((r) => r === request)
      stylesArrived = finished((r) => r.url().endsWith('/css/reader-modes.css'))
    }
  })
  await page.route('**/css/reader-modes.css', async (route) => {
    await pageArrived
    await route.continue()
  })
  await page.route('**/js/toolbar.js', async (route) => {
    await stylesArrived
    await route.continue()
  })
  await page.goto(ARTICLE)
  await page.evaluate(() => {
    for (const [k, v] of Object.entries({ 'font-size': 'large', contrast: 'yellow', zoom: '200', guides: 'on', caption: 'on', reading: 'point' })) localStorage.setItem(`lzfzw-${k}`, v)
  })
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: 800 })
    await page.reload()
    await expect(page.locator('.a11y-caption')).toBeVisible() // toolbar.js has run
    await expect(page.locator('.masthead')).toHaveCSS('background-color', 'rgb(0, 0, 0)')
    const shift = await page.evaluate(() => (window as unknown as { layoutShift: number }).layoutShift)
    expect(shift, `${width} px`).toBeLessThanOrEqual(0.01)
  }
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the toolbar says what needs JavaScript, and 纯文本 still works as a plain view', async ({ page }) => {
    await page.goto(ARTICLE)
    await toolbar(page).getByText('无障碍', { exact: true }).click()
    await expect(toolbar(page)).toContainText('这些工具需要 JavaScript')
    await toolbar(page).getByRole('link', { name: '纯文本' }).click()
    await expect(page).toHaveURL(/#plain$/)
    await expect(page.getByRole('banner')).toBeHidden()
    await expect(page.getByRole('contentinfo')).toBeHidden()
    await expect(page.locator('.article-body')).toBeVisible()
    await page.goBack()
    await expect(page.getByRole('banner')).toBeVisible()
  })
})

test('the seed article page, with every tool, weighs at most 10,240 B gzip: HTML, CSS and JS', async ({ page }) => {
  // As npm run bench counts it (zlib level 6): the page and the scripts and stylesheets it links.
  const { gzipSync } = await import('node:zlib')
  const gzip = async (url: string) => gzipSync(await (await page.request.get(url, { headers: { 'Accept-Encoding': 'identity' } })).body()).length
  await page.goto(ARTICLE)
  const assets = await page.evaluate(() => [
    ...[...document.querySelectorAll('script[src]')].map((s) => (s as HTMLScriptElement).src),
    ...[...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => (l as HTMLLinkElement).href),
  ])
  const sizes = Object.fromEntries(await Promise.all([ARTICLE, ...assets].map(async (url) => [url, await gzip(url)] as const)))
  const total = Object.values(sizes).reduce((a, b) => a + b, 0)
  expect(total, JSON.stringify(sizes, null, 1)).toBeLessThanOrEqual(10_240)
  // The tools are all there: the toolbar, and the article's row.
  await expect(toolbar(page)).toBeVisible()
  for (const name of ['大字号', '语音朗读', '打印本页', '复制链接']) await expect(page.getByRole('button', { name, exact: true, includeHidden: true })).toBeAttached()
})
