import { expect, type Page, test } from '@playwright/test'
import { installSpeechStandIn } from './speech-stand-in'

const ARTICLE = '/articles/loudi-louxing-zhucun-bangfu/'

/** Opens the 无障碍 toolbar (高对比度 and 大鼠标 are in it) and waits for its panel. */
async function openToolbar(page: Page) {
  await page.getByRole('region', { name: '无障碍工具栏' }).getByText('无障碍', { exact: true }).click()
  await expect(page.getByRole('button', { name: '重置' })).toBeVisible()
}

/** Saves reader settings as the tools do, then reloads the page so reader.js applies them. */
async function applySettings(page: Page, settings: Record<string, string>) {
  await page.evaluate((settings) => {
    for (const [key, value] of Object.entries(settings)) localStorage.setItem(`lzfzw-${key}`, value)
  }, settings)
  await page.reload()
}

test.describe('search', () => {
  for (const word of ['驻村', '乡村振兴', '娄星区']) {
    test(`finds the seed article for ${word}, from the header form`, async ({ page }) => {
      await page.goto('/')
      const box = page.getByRole('search', { name: '站内搜索' }).getByRole('searchbox')
      await box.fill(word)
      await box.press('Enter')
      await expect(page).toHaveURL(/\/search\/\?q=/)
      const first = page.locator('[data-search-results] > li').first()
      await expect(first.getByRole('link')).toHaveText('娄底市娄星区:扣准驻村帮扶旋律 奏响乡村振兴“进行曲”')
      await expect(first.getByRole('link')).toHaveAttribute('href', ARTICLE)
      await expect(first.locator('time')).toHaveText('2023-01-07')
      await expect(first.locator('mark').first()).toBeVisible()
    })
  }

  test('says so when nothing matches', async ({ page }) => {
    await page.goto('/search/?q=' + 'zqxjkvw')
    await expect(page.getByRole('main').getByRole('status')).toContainText('没有找到')
  })
})

test.describe('font size', () => {
  test('大 makes the text larger, is remembered on the next page, and 小 makes it smaller', async ({ page }) => {
    await page.goto(ARTICLE)
    const body = page.locator('.article-body')
    const size = async () => parseFloat(await body.evaluate((el) => getComputedStyle(el).fontSize))
    const medium = await size()
    await page.getByRole('button', { name: '大字号', exact: true }).click()
    await expect(page.getByRole('button', { name: '大字号', exact: true })).toHaveAttribute('aria-pressed', 'true')
    expect(await size()).toBeGreaterThan(medium)
    await page.goto('/')
    await page.goto(ARTICLE)
    await expect(page.locator('html')).toHaveAttribute('data-font-size', 'large')
    expect(await size()).toBeGreaterThan(medium)
    await page.getByRole('button', { name: '小字号' }).click()
    expect(await size()).toBeLessThan(medium)
  })

  test('特大 is larger still, is remembered, and enlarges every page, not only the article', async ({ page }) => {
    await page.goto(ARTICLE)
    const size = async (selector: string) => parseFloat(await page.locator(selector).first().evaluate((el) => getComputedStyle(el).fontSize))
    await page.getByRole('button', { name: '大字号', exact: true }).click()
    const large = await size('.article-body')
    const xlarge = page.getByRole('button', { name: '特大字号' })
    await xlarge.click()
    await expect(xlarge).toHaveAttribute('aria-pressed', 'true')
    await expect(page.getByRole('button', { name: '大字号', exact: true })).toHaveAttribute('aria-pressed', 'false')
    expect(await size('.article-body')).toBeGreaterThan(large)
    expect(await size('.article-body')).toBe(30) // 1.25rem × 1.5
    await page.goto('/')
    await expect(page.locator('html')).toHaveAttribute('data-font-size', 'xlarge')
    expect(await size('.article-list li')).toBe(27) // 1.125rem × 1.5
    expect(await size('.channel-nav a')).toBe(27)
  })

  test('works from the keyboard alone', async ({ page }) => {
    await page.goto(ARTICLE)
    const large = page.getByRole('button', { name: '大字号', exact: true })
    await large.focus()
    await page.keyboard.press('Enter')
    await expect(large).toHaveAttribute('aria-pressed', 'true')
    await page.keyboard.press('Tab')
    await expect(page.getByRole('button', { name: '中字号' })).toBeFocused()
    await page.keyboard.press('Space')
    await expect(page.locator('html')).toHaveAttribute('data-font-size', 'medium')
  })
})

test('高对比度 switches to black on white and is remembered', async ({ page }) => {
  await page.goto(ARTICLE)
  await openToolbar(page)
  const toggle = page.getByRole('button', { name: '高对比度' })
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')
  await expect(page.locator('.masthead')).toHaveCSS('background-color', 'rgb(0, 0, 0)')
  await page.goto('/articles/')
  await page.goto(ARTICLE)
  await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high')
  await openToolbar(page)
  await page.getByRole('button', { name: '高对比度' }).click()
  await expect(page.locator('html')).not.toHaveAttribute('data-contrast', 'high')
})

test('大鼠标 gives a large pointer on every page, and is remembered', async ({ page }) => {
  await page.goto(ARTICLE)
  await openToolbar(page)
  const toggle = page.getByRole('button', { name: '大鼠标' })
  const cursor = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).cursor)
  await expect(toggle).toHaveAttribute('aria-pressed', 'false')
  expect(await cursor('.article-body p')).toBe('auto')
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')
  await expect(page.locator('html')).toHaveAttribute('data-cursor', 'large')
  // An arrow over text, a hand over what can be clicked: 48 px SVG images (public/cursors/).
  expect(await cursor('.article-body p')).toMatch(/^url\("http:\/\/[^"]+\/cursors\/arrow\.svg"\) 6 3, auto$/)
  expect(await cursor('.channel-nav a')).toMatch(/^url\("http:\/\/[^"]+\/cursors\/hand\.svg"\) 20 2, pointer$/)
  for (const image of ['arrow', 'hand']) {
    const response = await page.request.get(`/cursors/${image}.svg`)
    expect(response.headers()['content-type']).toMatch(/^image\/svg\+xml/)
    expect(await response.text()).toContain('width="48" height="48"')
  }
  expect(await cursor('.reader-tools button')).toMatch(/ 20 2, pointer$/)
  expect(await cursor('.a11y-bar summary')).toMatch(/ 20 2, pointer$/)
  await page.goto('/')
  await expect(page.locator('html')).toHaveAttribute('data-cursor', 'large')
  expect(await cursor('.article-list a')).toMatch(/ 20 2, pointer$/)
  await page.goto(ARTICLE)
  await openToolbar(page)
  await expect(page.getByRole('button', { name: '大鼠标' })).toHaveAttribute('aria-pressed', 'true')
  await page.getByRole('button', { name: '大鼠标' }).click()
  await expect(page.locator('html')).not.toHaveAttribute('data-cursor')
  expect(await cursor('.article-body p')).toBe('auto')
})

test.describe('on a touch screen without a mouse', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

  test('大鼠标 is not offered; the other tools are', async ({ page }) => {
    await page.goto(ARTICLE)
    await openToolbar(page)
    await expect(page.getByRole('button', { name: '高对比度' })).toBeVisible()
    await expect(page.getByRole('button', { name: '大鼠标' })).toBeHidden()
  })
})

test('the reader tools move nothing as the page loads: layout shift ≤ 0.01', async ({ page }) => {
  // The 语音阅读 control appears when the voices are listed, 50 ms after the page asks.
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
  // The modes' stylesheet (高对比度) arrives late: it must still hold the first paint.
  await page.route('**/css/reader-modes.css', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 300))
    await route.continue()
  })
  await page.goto(ARTICLE)
  const shifts: string[] = []
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: 800 })
    for (const [size, label, contrast] of [
      ['medium', '中字号', 'normal'],
      ['xlarge', '特大字号', 'high'],
    ]) {
      await applySettings(page, { 'font-size': size, contrast })
      await expect(page.getByRole('button', { name: label })).toHaveAttribute('aria-pressed', 'true')
      await expect(page.getByRole('button', { name: '语音朗读' })).toBeVisible()
      await page.waitForTimeout(200)
      const shift = await page.evaluate(() => (window as unknown as { layoutShift: number }).layoutShift)
      shifts.push(`${width} px, ${label}, ${contrast}: ${shift.toFixed(4)}`)
      expect(shift, shifts.join('\n')).toBeLessThanOrEqual(0.01)
    }
  }
})

test('the footer: phone numbers are tel: links on one line each, the email a mailto: link', async ({ page }) => {
  await page.goto('/')
  const footer = page.getByRole('contentinfo')
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: 800 })
    for (const size of ['medium', 'xlarge']) {
      await applySettings(page, { 'font-size': size })
      const phones = await footer
        .locator('a[href^="tel:"]')
        .evaluateAll((links) => links.map((a) => `${a.textContent} ${a.getAttribute('href')} ${a.getClientRects().length} line`))
      expect(phones, `${width} px, ${size}`).toEqual([
        '010-56212746 tel:01056212746 1 line',
        '15311203816 tel:15311203816 1 line',
        '010-56212739 tel:01056212739 1 line',
        '15311203807 tel:15311203807 1 line',
        '010-53387132 tel:01053387132 1 line',
        '13269738208 tel:13269738208 1 line',
        '010-57028685 tel:01057028685 1 line',
      ])
    }
  }
  await expect(footer.getByRole('link', { name: 'xcgbfz@163.com' })).toHaveAttribute('href', 'mailto:xcgbfz@163.com')
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the tools that need it are hidden and the QR code still opens', async ({ page }) => {
    await page.goto(ARTICLE)
    for (const name of ['大字号', '语音朗读', '打印本页', '复制链接']) {
      await expect(page.getByRole('button', { name })).toBeHidden()
    }
    await page.getByText('分享到微信').click()
    await expect(page.getByRole('img', { name: '本文网址的二维码' })).toBeVisible()
  })
})

test.describe('sharing and printing', () => {
  test('copy link puts the article URL on the clipboard', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.goto(ARTICLE)
    await page.getByRole('button', { name: '复制链接' }).click()
    await expect(page.locator('.reader-tools').getByRole('status')).toHaveText('链接已复制')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`${ARTICLE}$`))
  })

  test('the WeChat QR code is an image made at build time, drawn large and sharp', async ({ page }) => {
    await page.goto(ARTICLE)
    await page.getByText('分享到微信').click()
    const qr = page.getByRole('img', { name: '本文网址的二维码' })
    await expect(qr).toHaveAttribute('src', /^data:image\/png;base64,/)
    // One pixel a module (version 4 and a margin of 2: 37), scaled up without blurring.
    expect(await qr.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([37, 37])
    await expect(qr).toHaveCSS('image-rendering', 'pixelated')
    const box = await qr.boundingBox()
    expect(box!.width).toBeGreaterThanOrEqual(120)
  })

  test('print shows just the article, with title, byline, source and disclaimer', async ({ page }) => {
    await page.goto(ARTICLE)
    await page.emulateMedia({ media: 'print' })
    await expect(page.getByRole('navigation', { name: '栏目导航' })).toBeHidden()
    await expect(page.getByRole('navigation', { name: '当前位置' })).toBeHidden()
    await expect(page.getByRole('search').first()).toBeHidden()
    await expect(page.locator('footer')).toBeHidden()
    await expect(page.getByRole('button', { name: '打印本页' })).toBeHidden()
    await expect(page.locator('h1')).toBeVisible()
    await expect(page.locator('.byline')).toBeVisible()
    await expect(page.locator('.source-link')).toBeVisible()
    await expect(page.getByRole('complementary', { name: '免责声明' })).toBeVisible()
  })
})

test.describe('keyboard and landmarks', () => {
  test('the first Tab reaches a skip link that jumps to the main content', async ({ page }) => {
    await page.goto(ARTICLE)
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: '跳到主要内容' })
    await expect(skip).toBeFocused()
    await expect(skip).toBeVisible()
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(/#main$/)
  })

  test('every page has header, navigation, main and footer landmarks', async ({ page }) => {
    for (const url of ['/', '/category/minsheng/', ARTICLE, '/search/', '/no-such-page/']) {
      await page.goto(url)
      await expect(page.getByRole('banner')).toHaveCount(1)
      await expect(page.getByRole('main')).toHaveCount(1)
      await expect(page.getByRole('contentinfo')).toHaveCount(1)
      await expect(page.getByRole('navigation', { name: '栏目导航' })).toBeVisible()
    }
  })

  test('the 404 page looks like the others: breadcrumb, and a red title like every page title', async ({ page }) => {
    await page.goto('/category/minsheng/')
    const title = await page.getByRole('heading', { level: 1 }).evaluate((el) => getComputedStyle(el).color)
    expect(title).toBe('rgb(140, 18, 18)')
    await page.goto('/nothing-here/')
    await expect(page.getByRole('navigation', { name: '当前位置' })).toContainText('页面不存在')
    await expect(page.getByRole('heading', { level: 1, name: '页面不存在' })).toHaveCSS('color', title)
  })

  test('the 404 page offers search and the channels', async ({ page }) => {
    await page.goto('/nothing-here/')
    await expect(page.locator('main').getByRole('search')).toBeVisible()
    await expect(page.locator('main').getByRole('link', { name: '关注民生' })).toHaveAttribute('href', '/category/minsheng/')
  })
})
