import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import AxeBuilder from '@axe-core/playwright'
import { expect, type Page, test } from '@playwright/test'
import { updateSearchIndex } from '../../lib/search/build'
import { ADDED_ARTICLE, SEARCH_QUERIES } from '../search-corpus.mjs'
import { removals, results, slugs, watchRemovals } from './search-results'
import { outDir } from './sites.mjs'

// The query table of tests/search-corpus.mjs, run in Chromium against the `search` site built from
// the same articles (tests/e2e/sites.mjs): what a reader sees, result by result.

const search = (query: string, extra = '') => `/search/?q=${encodeURIComponent(query)}${extra}`
const main = (page: Page) => page.getByRole('main')

test.describe('the query table', () => {
  for (const { query, expect: expected, marks } of SEARCH_QUERIES) {
    test(`${query} → ${expected.length ? expected.join(', ') : 'nothing'}`, async ({ page }) => {
      await page.goto(search(query))
      const status = page.getByRole('status')
      if (expected.length === 0) {
        await expect(status).toHaveText(`没有找到与“${query}”相关的文章。`)
        await expect(results(page)).toHaveCount(0)
        return
      }
      await expect(status).toHaveText(`找到 ${expected.length} 篇与“${query}”相关的文章`)
      await expect(results(page)).toHaveCount(expected.length)
      expect(await slugs(page)).toEqual(expected)
      if (marks) {
        const marked = await results(page).locator('mark').allTextContents()
        expect(marked.length).toBeGreaterThan(0)
        for (const text of marked) expect(marks).toContain(text)
      }
    })
  }
})

test('a result shows its title, date, channel and an excerpt with the words marked whole', async ({ page }) => {
  await page.goto(search('加装电梯'))
  const hit = results(page).first()
  await expect(hit.getByRole('heading', { level: 2 })).toHaveText('老旧小区加装电梯 居民出行更方便')
  await expect(hit.getByRole('link')).toHaveAttribute('href', '/articles/jiazhuang-dianti/')
  await expect(hit.locator('time')).toHaveText('2024-03-01')
  await expect(hit.locator('.meta')).toContainText('关注民生')
  await expect(hit.locator('.excerpt mark')).toHaveText(['加装电梯', '加装电梯'])
  await expect(page.getByRole('searchbox', { name: '搜索本站文章' }).last()).toHaveValue('加装电梯')
  await expect(page).toHaveTitle(/^搜索:加装电梯 - /)
})

test('the channel filter and the newest-first switch reorder the results, and the address remembers them', async ({ page }) => {
  await page.goto(search('电梯'))
  await expect(results(page)).toHaveCount(2)
  expect(await slugs(page)).toEqual(['jiazhuang-dianti', 'dianti-weibao'])
  await page.getByRole('radio', { name: '最新发布' }).check()
  await expect.poll(() => slugs(page)).toEqual(['dianti-weibao', 'jiazhuang-dianti'])
  await expect(page).toHaveURL(/sort=newest/)
  await page.getByLabel('栏目', { exact: true }).selectOption({ label: '法治动态' })
  await expect(page.getByRole('status')).toHaveText('找到 1 篇与“电梯”相关的文章(法治动态)')
  expect(await slugs(page)).toEqual(['dianti-weibao'])
  await page.reload()
  await expect(page.getByLabel('栏目', { exact: true })).toHaveValue('fazhi')
  await expect(page.getByRole('radio', { name: '最新发布' })).toBeChecked()
  expect(await slugs(page)).toEqual(['dianti-weibao'])
  await page.getByLabel('栏目', { exact: true }).selectOption({ label: '乡村振兴' })
  await expect(page.getByRole('status')).toHaveText('“乡村振兴”栏目中没有找到与“电梯”相关的文章(全部栏目共 2 篇)。')
})

test('a query sent from the search page is answered without loading the page again, and Back shows the one before', async ({ page }) => {
  await page.goto(search('电梯'))
  await expect(results(page)).toHaveCount(2)
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true))
  const box = main(page).getByRole('searchbox')
  await box.fill('检查')
  await box.press('Enter')
  await expect(page.getByRole('status')).toHaveText('找到 2 篇与“检查”相关的文章')
  expect(await slugs(page)).toEqual(['shipin-anquan', 'dianti-weibao'])
  await expect(page).toHaveURL(/\?q=%E6%A3%80%E6%9F%A5$/)
  await expect(page).toHaveTitle(/^搜索:检查 - /)
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)
  await page.goBack()
  await expect(page.getByRole('status')).toHaveText('找到 2 篇与“电梯”相关的文章')
  expect(await slugs(page)).toEqual(['jiazhuang-dianti', 'dianti-weibao'])
  await expect(box).toHaveValue('电梯')
})

test('after an update, the browser searches the index with its delta: an added article is found, a removed one is not, the rest as before', async ({ page }) => {
  // The site's index, updated as a publish does, served to the page in place of the built one.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'search-delta-'))
  try {
    fs.cpSync(path.join(outDir('search'), 'search-index'), path.join(tmp, 'search-index'), { recursive: true })
    const football = ADDED_ARTICLE
    await updateSearchIndex(tmp, { upsert: [football], remove: ['laji-fenlei'] })
    const asked: string[] = []
    await page.route('**/search-index/**', async (route) => {
      const file = new URL(route.request().url()).pathname.replace('/search-index/', '')
      asked.push(file)
      const full = path.join(tmp, 'search-index', file)
      const body = fs.existsSync(`${full}.gz`) ? zlib.gunzipSync(fs.readFileSync(`${full}.gz`)) : fs.existsSync(full) ? fs.readFileSync(full) : undefined
      await route.fulfill(body ? { body, contentType: 'application/octet-stream' } : { status: 404 })
    })
    await page.goto('/search/')
    const box = main(page).getByRole('searchbox')
    const ask = async (query: string) => {
      await box.fill(query)
      await box.press('Enter')
      await expect(page).toHaveURL(new RegExp(`\\?q=${encodeURIComponent(query)}$`))
    }
    await ask('足球比赛')
    await expect(page.getByRole('status')).toHaveText('找到 1 篇与“足球比赛”相关的文章')
    expect(await slugs(page)).toEqual(['zuqiu'])
    await expect(results(page).first().locator('.excerpt mark').first()).toHaveText('足球比赛')
    expect(asked).toContain('delta/index.bin')
    await ask('垃圾分类')
    await expect(page.getByRole('status')).toHaveText('没有找到与“垃圾分类”相关的文章。')
    await ask('电梯')
    await expect(page.getByRole('status')).toHaveText('找到 2 篇与“电梯”相关的文章')
    expect(await slugs(page)).toEqual(['jiazhuang-dianti', 'dianti-weibao'])
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
})

test('shows ten results, then ten more on request', async ({ page }) => {
  await page.goto(search('本网讯'))
  await expect(results(page)).toHaveCount(10)
  const more = page.getByRole('button', { name: '显示更多结果' })
  await more.click()
  await expect(results(page)).toHaveCount(12)
  await expect(more).toBeHidden()
})

test('keeps the results npm start wrote into the page: the script neither clears nor redraws them, and 显示更多结果 goes on after them', async ({ page }) => {
  await watchRemovals(page)
  await page.goto(search('本网讯'))
  const more = page.getByRole('button', { name: '显示更多结果' })
  // The button shows once the script has its own answer, in place of the pager it needs no more.
  await expect(more).toBeVisible()
  await expect(page.getByRole('navigation', { name: '分页' })).toHaveCount(0)
  await expect(page.getByRole('status')).toHaveText('找到 12 篇与“本网讯”相关的文章')
  expect(await removals(page)).toEqual([])
  const first = await slugs(page)
  await more.click()
  await expect(results(page)).toHaveCount(12)
  expect((await slugs(page)).slice(0, 10)).toEqual(first)
  expect(new Set(await slugs(page)).size).toBe(12)
  expect(await removals(page)).toEqual([])
  await expect(more).toBeHidden()
})

test('the results npm start writes into the page and those the script draws are the same markup', async ({ page }) => {
  const list = page.locator('[data-search-results]')
  for (const query of ['加装电梯', '電梯', '纪委 通报', '本网讯']) {
    // The server's answer, the script kept away (as for a reader whose script fails to load).
    await page.route('**/js/search.js', (route) => route.abort())
    await page.goto(search(query))
    const status = await page.getByRole('status').textContent()
    const written = await list.innerHTML()
    expect(written).toContain('<mark>')
    // The script's own answer to the same query, sent from the page's form (the server answers no query on /search/).
    await page.unroute('**/js/search.js')
    await page.goto('/search/')
    const box = main(page).getByRole('searchbox')
    await box.fill(query)
    await box.press('Enter')
    await expect(page.getByRole('status')).toHaveText(status!)
    expect(await list.getAttribute('data-search-answered')).toBeNull()
    expect(await list.innerHTML(), query).toBe(written)
  }
})

test('the search page has no accessibility violations, and its two search landmarks have different names', async ({ page }) => {
  await page.goto(search('电梯'))
  await results(page).first().waitFor()
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'best-practice']).analyze()
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  await expect(page.getByRole('search', { name: '站内搜索' })).toHaveCount(1)
  await expect(page.getByRole('search', { name: '搜索文章' })).toHaveCount(1)
})

test('the results and the pager npm start writes have no accessibility violations, and stay when the script fails to load', async ({ page }) => {
  // axe needs JavaScript: the page's own script is kept away instead, as a reader whose script fails.
  await page.route('**/js/search.js', (route) => route.abort())
  await page.goto(search('本网讯', '&page=2'))
  await expect(results(page)).toHaveCount(2)
  await expect(page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: '第 2 页' })).toHaveAttribute('aria-current', 'page')
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'best-practice']).analyze()
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
})

test('the 404 page\'s two search forms are distinct landmarks (axe landmark-unique)', async ({ page }) => {
  await page.goto('/no-such-page/')
  const { violations } = await new AxeBuilder({ page }).withRules(['landmark-unique']).analyze()
  expect(violations).toEqual([])
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  const box = (page: Page) => page.getByRole('main').getByRole('searchbox', { name: '搜索本站文章' })

  test('with no query, says in one sentence that search needs JavaScript, and lists the channels', async ({ page }) => {
    await page.goto('/search/')
    const main = page.getByRole('main')
    await expect(main.getByText('站内搜索需要浏览器启用 JavaScript,请开启后重试。', { exact: true })).toBeVisible()
    await expect(page.getByRole('status')).toHaveText('')
    const channels = main.getByRole('list').filter({ has: page.getByRole('link', { name: '关注民生' }) })
    await expect(channels.getByRole('listitem')).toHaveCount(4)
    await expect(channels.getByRole('link', { name: '法治动态' })).toHaveAttribute('href', '/category/fazhi/')
    // The filters do nothing without a query answered, so they stay hidden.
    await expect(page.getByLabel('栏目', { exact: true })).toBeHidden()
  })

  test('npm start answers a query: the count, the results with the words marked, the query in the box and the web search, no word about JavaScript', async ({ page }) => {
    await page.goto(search('加装电梯'))
    const main = page.getByRole('main')
    await expect(page.getByRole('status')).toHaveText('找到 1 篇与“加装电梯”相关的文章')
    await expect(page).toHaveTitle(/^搜索:加装电梯 - /)
    const hit = results(page).first()
    await expect(hit.getByRole('heading', { level: 2 })).toHaveText('老旧小区加装电梯 居民出行更方便')
    await expect(hit.getByRole('link')).toHaveAttribute('href', '/articles/jiazhuang-dianti/')
    await expect(hit.locator('h2 mark')).toHaveText(['加装电梯'])
    await expect(hit.locator('time')).toHaveText('2024-03-01')
    await expect(hit.locator('.meta')).toContainText('关注民生')
    await expect(hit.locator('.excerpt mark')).toHaveText(['加装电梯', '加装电梯'])
    await expect(main.getByText(/需要浏览器启用 JavaScript/)).toHaveCount(0)
    await expect(box(page)).toHaveValue('加装电梯')
    await expect(page.getByRole('banner').getByRole('searchbox')).toHaveValue('')
    await expect(main.getByRole('link', { name: '用百度搜索本站文章' })).toHaveAttribute('href', `https://www.baidu.com/s?wd=${encodeURIComponent('site:www.lzfzwl.org.cn 加装电梯')}`)
    await expect(page.getByLabel('栏目', { exact: true })).toBeVisible()
    await expect(page.getByRole('button', { name: '显示更多结果' })).toBeHidden()
    await expect(page.getByRole('navigation', { name: '分页' })).toHaveCount(0)
  })

  test('says 没有找到 for a query no article matches', async ({ page }) => {
    await page.goto(search('足球比赛'))
    await expect(page.getByRole('status')).toHaveText('没有找到与“足球比赛”相关的文章。')
    await expect(results(page)).toHaveCount(0)
  })

  test('the channel and the order chosen in the form narrow and reorder the answer', async ({ page }) => {
    await page.goto(search('电梯'))
    expect(await slugs(page)).toEqual(['jiazhuang-dianti', 'dianti-weibao'])
    await page.getByRole('radio', { name: '最新发布' }).check()
    await page.getByRole('main').getByRole('button', { name: '搜索' }).click()
    await expect(page).toHaveURL(/sort=newest/)
    expect(await slugs(page)).toEqual(['dianti-weibao', 'jiazhuang-dianti'])
    await page.getByLabel('栏目', { exact: true }).selectOption({ label: '法治动态' })
    await page.getByRole('main').getByRole('button', { name: '搜索' }).click()
    await expect(page).toHaveURL(/channel=fazhi/)
    await expect(page.getByRole('status')).toHaveText('找到 1 篇与“电梯”相关的文章(法治动态)')
    expect(await slugs(page)).toEqual(['dianti-weibao'])
    await page.getByLabel('栏目', { exact: true }).selectOption({ label: '乡村振兴' })
    await page.getByRole('main').getByRole('button', { name: '搜索' }).click()
    await expect(page.getByRole('status')).toHaveText('“乡村振兴”栏目中没有找到与“电梯”相关的文章(全部栏目共 2 篇)。')
  })

  test('ten results a page, and the pager leads to the rest', async ({ page }) => {
    await page.goto(search('本网讯'))
    await expect(page.getByRole('status')).toHaveText('找到 12 篇与“本网讯”相关的文章')
    await expect(results(page)).toHaveCount(10)
    const first = await slugs(page)
    const pager = page.getByRole('navigation', { name: '分页' })
    await expect(pager.getByRole('link', { name: '第 1 页' })).toHaveAttribute('aria-current', 'page')
    await pager.getByRole('link', { name: '下一页' }).click()
    await expect(page).toHaveURL(/&page=2$/)
    await expect(results(page)).toHaveCount(2)
    await expect(pager.getByRole('link', { name: '第 2 页' })).toHaveAttribute('aria-current', 'page')
    const second = await slugs(page)
    expect(new Set([...first, ...second]).size).toBe(12)
    await pager.getByRole('link', { name: '上一页' }).click()
    expect(await slugs(page)).toEqual(first)
  })

  test('a search sent from the form lands on its address with the query in the box, and the next keeps the channel and order', async ({ page }) => {
    await page.goto('/search/')
    await expect(main(page).getByRole('link', { name: '用百度搜索本站文章' })).toHaveAttribute('href', 'https://www.baidu.com/s?wd=site%3Awww.lzfzwl.org.cn')
    await box(page).fill('加装电梯')
    await box(page).press('Enter')
    await expect(page).toHaveURL(/\/search\/\?q=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF/)
    await expect(box(page)).toHaveValue('加装电梯')
    await expect(main(page).getByRole('link', { name: '用百度搜索本站文章' })).toHaveAttribute('href', `https://www.baidu.com/s?wd=${encodeURIComponent('site:www.lzfzwl.org.cn 加装电梯')}`)

    // A link shared by a reader who had chosen a channel and newest first: the hidden fields keep them.
    await page.goto(search('电梯', '&channel=fazhi&sort=newest'))
    await expect(page.getByLabel('栏目', { exact: true })).toHaveValue('fazhi')
    await box(page).fill('维保')
    await box(page).press('Enter')
    await expect(page).toHaveURL(/\?q=%E7%BB%B4%E4%BF%9D&channel=fazhi&sort=newest$/)
    await expect(box(page)).toHaveValue('维保')
  })

  test('shows a hostile query as text in the box and runs nothing', async ({ page }) => {
    const hostile = '"><script>document.title="x"</script><img src=x onerror=alert(1)>'
    page.on('dialog', () => {
      throw new Error('a dialog opened')
    })
    await page.goto(search(hostile))
    await expect(box(page)).toHaveValue(hostile)
    await expect(page.getByRole('main').locator('img')).toHaveCount(0)
    await expect(page).toHaveTitle(`搜索:${hostile} - 廉政法制网`)
    await expect(page.getByRole('status')).toHaveText(`没有找到与“${hostile}”相关的文章。`)
  })
})
