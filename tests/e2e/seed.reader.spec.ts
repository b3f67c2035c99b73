import { expect, test } from '@playwright/test'

const ARTICLE = '/articles/loudi-louxing-zhucun-bangfu/'

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
    await expect(page.getByRole('status')).toContainText('没有找到')
  })
})

test.describe('font size', () => {
  test('大 makes the text larger, is remembered on the next page, and 小 makes it smaller', async ({ page }) => {
    await page.goto(ARTICLE)
    const body = page.locator('.article-body')
    const size = async () => parseFloat(await body.evaluate((el) => getComputedStyle(el).fontSize))
    const medium = await size()
    await page.getByRole('button', { name: '大字号' }).click()
    await expect(page.getByRole('button', { name: '大字号' })).toHaveAttribute('aria-pressed', 'true')
    expect(await size()).toBeGreaterThan(medium)
    await page.goto('/')
    await page.goto(ARTICLE)
    await expect(page.locator('html')).toHaveAttribute('data-font-size', 'large')
    expect(await size()).toBeGreaterThan(medium)
    await page.getByRole('button', { name: '小字号' }).click()
    expect(await size()).toBeLessThan(medium)
  })

  test('works from the keyboard alone', async ({ page }) => {
    await page.goto(ARTICLE)
    const large = page.getByRole('button', { name: '大字号' })
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
  const toggle = page.getByRole('button', { name: '高对比度' })
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')
  await expect(page.locator('.masthead')).toHaveCSS('background-color', 'rgb(0, 0, 0)')
  await page.goto('/articles/')
  await page.goto(ARTICLE)
  await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high')
  await page.getByRole('button', { name: '高对比度' }).click()
  await expect(page.locator('html')).not.toHaveAttribute('data-contrast', 'high')
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the tools that need it are hidden and the QR code still opens', async ({ page }) => {
    await page.goto(ARTICLE)
    await expect(page.getByRole('button', { name: '打印本页' })).toBeHidden()
    await page.getByText('分享到微信').click()
    await expect(page.getByRole('img', { name: '本文网址的二维码' })).toBeVisible()
  })
})

test.describe('sharing and printing', () => {
  test('copy link puts the article URL on the clipboard', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.goto(ARTICLE)
    await page.getByRole('button', { name: '复制链接' }).click()
    await expect(page.getByRole('status').filter({ hasText: '链接已复制' })).toBeVisible()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`${ARTICLE}$`))
  })

  test('the WeChat QR code is an inline SVG made at build time', async ({ page }) => {
    await page.goto(ARTICLE)
    await page.getByText('分享到微信').click()
    const qr = page.getByRole('img', { name: '本文网址的二维码' })
    await expect(qr.locator('svg path')).toHaveCount(2)
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

  test('the 404 page offers search and the channels', async ({ page }) => {
    await page.goto('/nothing-here/')
    await expect(page.locator('main').getByRole('search')).toBeVisible()
    await expect(page.locator('main').getByRole('link', { name: '关注民生' })).toHaveAttribute('href', '/category/minsheng/')
  })
})
