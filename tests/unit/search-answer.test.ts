// @vitest-environment node
// /search/?q=… answered by npm start's server itself (scripts/server/search-answer.ts, scripts/server/search-page.ts):
// what a reader without JavaScript sees, whatever the stored articles hold, and when the server
// leaves the answer to the page's script instead.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate'
import { JSDOM } from 'jsdom'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildSearchIndex, type SearchDocument, updateSearchIndex } from '../../lib/search'
import { SearchAnswers } from '../../scripts/server/search-answer'
import { fillSearchPage, offeredChannels, pageNumbers, searchArgs } from '../../scripts/server/search-page'
import { type RunningServer, startServer } from '../../scripts/server/serve'
import { get, PATIENT_SEARCH, root, SEARCH_PAGE, siteFiles, writeFiles } from './serve-fixtures'

const MINSHENG = { slug: 'minsheng', name: '关注民生' }
const FAZHI = { slug: 'fazhi', name: '法治动态' }

/** Article n: 电梯 in the text of all, in the title of every third; minsheng and fazhi in turn; a day apart. */
const lift = (n: number): SearchDocument => ({
  slug: `dianti-${n}`,
  title: n % 3 === 0 ? `第${n}号小区加装电梯` : `第${n}号小区改造`,
  text: `第${n}号小区的居民说,加装电梯以后出行方便多了。`,
  date: new Date(Date.UTC(2024, 0, 1 + n)),
  channel: n % 2 === 0 ? MINSHENG : FAZHI,
  url: `/articles/dianti-${n}/`,
})

const HOSTILE_TITLE = `<script>alert("title")</script>维保 & &amp; "双引号" '单引号' \u2028 </h2>`
const HOSTILE: SearchDocument = {
  slug: 'hostile',
  title: HOSTILE_TITLE,
  text: `</p></li></ol><img src=x onerror=alert(1)><!-- 维保记录 --> \u0000\u000b\uffff ${'很长的正文。'.repeat(40_000)}维保`,
  date: new Date(Date.UTC(2023, 5, 1)),
  channel: FAZHI,
  url: 'javascript:alert(1)',
}

const LIFTS = Array.from({ length: 25 }, (_, i) => lift(i + 1))

let tmp: string
let out: string

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'search-answer-test-'))
  out = path.join(tmp, 'out')
  writeFiles(out, { ...siteFiles(), 'search/index.html': SEARCH_PAGE })
  await buildSearchIndex([...LIFTS, HOSTILE], out)
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** The page the server sends for `target`, answered from `dir`'s index (undefined: not answered). */
async function answered(target: string, dir = out, answers = new SearchAnswers(PATIENT_SEARCH)) {
  const args = searchArgs(target)!
  const results = await answers.answer(dir, { ...args, sort: args.sort === 'newest' ? 'newest' : 'relevance' }, offeredChannels(SEARCH_PAGE))
  return { html: fillSearchPage(SEARCH_PAGE, args, results), results }
}

/** What a reader whose browser runs no JavaScript sees of a page. */
function seen(html: string) {
  const { document } = new JSDOM(html).window
  const items = [...document.querySelectorAll('[data-search-results] > li')]
  const pager = document.querySelector('nav.pagination')
  return {
    document,
    title: document.title,
    status: document.querySelector('[role="status"]')!.textContent,
    items,
    links: items.map((li) => li.querySelector('h2 > a')!.getAttribute('href')),
    titles: items.map((li) => li.querySelector('h2')!.textContent),
    channels: items.map((li) => li.querySelector('.meta')!.textContent!.split(' ').pop()),
    days: items.map((li) => li.querySelector('.meta time')!.getAttribute('datetime')!),
    marks: items.map((li) => [...li.querySelectorAll('mark')].map((m) => m.textContent)),
    pager: pager && {
      label: pager.getAttribute('aria-label'),
      links: [...pager.querySelectorAll('a')].map((a) => ({ text: a.textContent, href: a.getAttribute('href'), current: a.getAttribute('aria-current'), rel: a.getAttribute('rel') })),
    },
    optionsHidden: document.querySelector('[data-search-options]')!.hasAttribute('hidden'),
    needsScript: document.body.innerHTML.includes('站内搜索需要浏览器启用 JavaScript'),
    webSearch: document.querySelector('a[data-web-search]')?.getAttribute('href'),
  }
}

const q = (query: string, extra = '') => `/search/?q=${encodeURIComponent(query)}${extra}`

describe('the search page npm start answers', () => {
  it('shows the count, the first ten results with the words marked, the filters and a pager, and no sentence about JavaScript', async () => {
    const page = seen((await answered(q('电梯'))).html)
    expect(page.title).toBe('搜索:电梯 - 廉政法制网')
    expect(page.status).toBe('找到 25 篇与“电梯”相关的文章')
    expect(page.items).toHaveLength(10)
    // Relevance: 电梯 in the title first (every third article), newest first within each.
    expect(page.links.slice(0, 8)).toEqual([24, 21, 18, 15, 12, 9, 6, 3].map((n) => `/articles/dianti-${n}/`))
    expect(page.links.slice(8)).toEqual(['/articles/dianti-25/', '/articles/dianti-23/'])
    for (const marks of page.marks) expect(marks).toContain('电梯')
    expect(page.items[0].querySelector('.excerpt mark')!.textContent).toBe('电梯')
    expect(page.optionsHidden).toBe(false)
    expect(page.needsScript).toBe(false)
    expect(page.webSearch).toContain('%E7%94%B5%E6%A2%AF') // the Baidu link stays, as an extra
    expect(page.pager?.label).toBe('分页')
    expect(page.pager?.links).toEqual([
      { text: '1', href: q('电梯'), current: 'page', rel: null },
      { text: '2', href: q('电梯', '&page=2'), current: null, rel: null },
      { text: '3', href: q('电梯', '&page=3'), current: null, rel: null },
      { text: '下一页', href: q('电梯', '&page=2'), current: null, rel: 'next' },
    ])
    const list = page.document.querySelector('[data-search-results]')!
    expect(list.getAttribute('data-search-answered')).toBe(q('电梯').slice('/search/'.length))
    expect(list.getAttribute('data-search-from')).toBe('0')
    const { generation } = JSON.parse(fs.readFileSync(path.join(out, 'search-index/index.json'), 'utf8'))
    expect(list.getAttribute('data-search-generation')).toBe(generation)
  })

  it('shows page N: results from 10 × (N - 1) + 1 on, 上一页 back, the last page for a page past it and page 1 for anything not a number', async () => {
    const first = seen((await answered(q('电梯'))).html)
    const second = seen((await answered(q('电梯', '&page=2'))).html)
    const third = seen((await answered(q('电梯', '&page=3'))).html)
    expect(second.items).toHaveLength(10)
    expect(third.items).toHaveLength(5)
    const all = [...first.links, ...second.links, ...third.links]
    expect(new Set(all).size).toBe(25)
    expect(second.document.querySelector('[data-search-results]')!.getAttribute('data-search-from')).toBe('10')
    expect(second.pager?.links[0]).toEqual({ text: '上一页', href: q('电梯'), current: null, rel: 'prev' })
    expect(second.pager?.links.find((l) => l.current === 'page')?.text).toBe('2')
    expect(third.pager?.links.map((l) => l.text)).toEqual(['上一页', '1', '2', '3'])
    expect(seen((await answered(q('电梯', '&page=99'))).html).links).toEqual(third.links)
    for (const garbage of ['0', '-1', 'abc', '1e3', '2.5', '%00', '9999999999', '']) {
      expect(seen((await answered(q('电梯', `&page=${garbage}`))).html).links, garbage).toEqual(first.links)
    }
  })

  it('narrows to the channel asked for, and names it in the status; keeps the channel in the pager', async () => {
    const fazhi = seen((await answered(q('电梯', '&channel=fazhi'))).html)
    expect(fazhi.status).toBe('找到 13 篇与“电梯”相关的文章(法治动态)')
    expect(new Set(fazhi.channels)).toEqual(new Set(['法治动态']))
    expect(fazhi.pager?.links.at(-1)?.href).toBe(q('电梯', '&channel=fazhi&page=2'))
    expect(fazhi.document.querySelector<HTMLSelectElement>('#search-channel')!.value).toBe('fazhi')
    // A channel of the page's menu with no article indexed is named as the menu names it.
    const none = seen((await answered(q('电梯', '&channel=xiangcun'))).html)
    expect(none.status).toBe('“乡村振兴”栏目中没有找到与“电梯”相关的文章(全部栏目共 25 篇)。')
    expect(none.items).toHaveLength(0)
    expect(none.pager).toBeNull()
  })

  it('ignores a channel that does not exist: every channel is searched, and the value is never shown', async () => {
    const payload = '"><script>alert(1)</script>'
    const { html } = await answered(q('电梯', `&channel=${encodeURIComponent(payload)}`))
    const page = seen(html)
    expect(page.status).toBe('找到 25 篇与“电梯”相关的文章')
    expect(new Set(page.channels)).toEqual(new Set(['关注民生', '法治动态']))
    expect(page.pager?.links.at(-1)?.href).toBe(q('电梯', '&page=2'))
    expect(html).not.toContain('alert(1)')
    expect(html).not.toContain(encodeURIComponent(payload))
  })

  it('lists the newest first for sort=newest', async () => {
    const newest = seen((await answered(q('电梯', '&sort=newest'))).html)
    expect(newest.links).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16].map((n) => `/articles/dianti-${n}/`))
    expect(newest.days).toEqual([...newest.days].sort().reverse())
    expect(newest.document.querySelector<HTMLInputElement>('input[value="newest"]')!.checked).toBe(true)
    expect(newest.pager?.links.at(-1)?.href).toBe(q('电梯', '&sort=newest&page=2'))
  })

  it('says 没有找到 for a query no article matches, with no list and no pager', async () => {
    const page = seen((await answered(q('足球比赛'))).html)
    expect(page.status).toBe('没有找到与“足球比赛”相关的文章。')
    expect(page.items).toHaveLength(0)
    expect(page.pager).toBeNull()
    expect(page.needsScript).toBe(false)
  })

  it('shows hostile stored titles and texts as text: no element, attribute or script from them, and a valid page', async () => {
    const { html } = await answered(q('维保'))
    const page = seen(html)
    expect(page.status).toBe('找到 1 篇与“维保”相关的文章')
    expect(page.titles).toEqual([HOSTILE_TITLE])
    expect(page.marks[0]).toEqual(['维保', '维保'])
    // A stored address that is no path of the site is never a link target.
    expect(page.links).toEqual(['#'])
    expect(page.document.querySelectorAll('script')).toHaveLength(1)
    expect(page.document.querySelectorAll('img, [onerror]')).toHaveLength(0)
    expect(page.items[0].children).toHaveLength(3)
    // The excerpt stays short however long the text: the page does not carry the article.
    expect(html.length).toBeLessThan(SEARCH_PAGE.length + 2_000)
    const fragment = html.slice(html.indexOf('<ol'), html.indexOf('</ol>') + 5)
    const report = await new HtmlValidate(new FileSystemConfigLoader()).validateString(fragment, path.join(root, 'search-results.html'))
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([])
    // Control characters and noncharacters, forbidden in HTML, show as U+FFFD.
    expect(fragment).not.toMatch(/[\u0000\u000b\uffff]/)
  })

  it('answers nothing when the folder has no index, so the page is filled as before', async () => {
    const bare = path.join(tmp, 'bare')
    writeFiles(bare, { 'search/index.html': SEARCH_PAGE })
    const { html, results } = await answered(q('电梯'), bare)
    expect(results).toBeUndefined()
    expect(html).toBe(fillSearchPage(SEARCH_PAGE, searchArgs(q('电梯'))!))
    expect(seen(html).needsScript).toBe(true)
    expect(seen(html).optionsHidden).toBe(true)
  })

  it('answers nothing from an index.json it cannot read, and says which file and field', async () => {
    const broken = path.join(tmp, 'broken')
    fs.cpSync(out, broken, { recursive: true })
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      fs.writeFileSync(path.join(broken, 'search-index/index.json'), '{"generation": 7')
      expect((await answered(q('电梯'), broken)).results).toBeUndefined()
      fs.writeFileSync(path.join(broken, 'search-index/index.json'), '{"generation": 7}')
      expect((await answered(q('电梯'), broken)).results).toBeUndefined()
      expect(errors.mock.calls.map(([message]) => String(message))).toEqual([
        expect.stringContaining(`${path.join(broken, 'search-index/index.json')}: not JSON`),
        expect.stringContaining(`${path.join(broken, 'search-index/index.json')}: generation is 7, expected a string`),
      ])
    } finally {
      errors.mockRestore()
    }
  })

  it('answers nothing past its searches in flight and waiting, or when the client has gone', async () => {
    const answers = new SearchAnswers({ maxInFlight: 1, maxQueued: 1 })
    const request = (query: string) => answers.answer(out, { query, channel: '', sort: 'relevance', page: 1 }, new Map())
    const replies = await Promise.all(['电梯', '维保', '小区', '居民'].map(request))
    expect(replies.map((r) => r?.status)).toEqual(['找到 25 篇与“电梯”相关的文章', '找到 1 篇与“维保”相关的文章', undefined, undefined])
    expect((await request('小区'))?.status).toBe('找到 25 篇与“小区”相关的文章')
    expect(await answers.answer(out, { query: '电梯', channel: '', sort: 'relevance', page: 1 }, new Map(), () => true)).toBeUndefined()
  })

  it('gives up waiting for a search after timeoutMs, and the search keeps its place in the limit until it ends', async () => {
    const answers = new SearchAnswers({ maxInFlight: 1, maxQueued: 0, timeoutMs: 50 })
    const request = (query: string) => answers.answer(out, { query, channel: '', sort: 'relevance', page: 1 }, new Map())
    // The timer fires before the search has read a single file: it needs the event loop for that.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    let slow: ReturnType<typeof request>
    try {
      slow = request('电梯')
      vi.advanceTimersByTime(50)
    } finally {
      vi.useRealTimers()
    }
    expect(await slow).toBeUndefined()
    expect(await request('维保')).toBeUndefined()
    await vi.waitFor(async () => expect((await request('维保'))?.status).toBe('找到 1 篇与“维保”相关的文章'))
  })

  it('lists the first, the last and two pages either side of the current one', () => {
    expect(pageNumbers(1, 1)).toEqual([1])
    expect(pageNumbers(1, 9)).toEqual([1, 2, 3, 'gap', 9])
    expect(pageNumbers(5, 9)).toEqual([1, 'gap', 3, 4, 5, 6, 7, 'gap', 9])
    expect(pageNumbers(4, 9)).toEqual([1, 2, 3, 4, 5, 6, 'gap', 9])
  })
})

describe('npm start answering /search/?q= while the site is published again', () => {
  let site: string
  let running: RunningServer
  let base: string

  beforeEach(async () => {
    site = fs.mkdtempSync(path.join(os.tmpdir(), 'search-answer-serve-'))
    fs.cpSync(out, path.join(site, 'out'), { recursive: true })
    running = await startServer({ dir: path.join(site, 'out'), port: 0, host: '127.0.0.1', search: PATIENT_SEARCH })
    base = running.url.slice(0, -1)
    await running.searchReady() // the search worker has loaded: a test's own time is its searches'
  }, 60_000)
  afterEach(async () => {
    await running.close()
    fs.rmSync(site, { recursive: true, force: true })
  })

  it('answers from a new index generation as soon as it is published, with a new ETag', async () => {
    const before = await get(base + q('电梯'))
    expect(seen(before.text).status).toBe('找到 25 篇与“电梯”相关的文章')
    expect((await get(base + q('电梯'), { 'If-None-Match': before.headers.etag! })).status).toBe(304)
    await updateSearchIndex(path.join(site, 'out'), { upsert: [lift(26)], remove: ['dianti-1'] })
    const after = await get(base + q('电梯'))
    expect(seen(after.text).status).toBe('找到 25 篇与“电梯”相关的文章')
    expect(seen(after.text).links).toContain('/articles/dianti-26/')
    expect(after.headers.etag).not.toBe(before.headers.etag)
    expect((await get(base + q('电梯'), { 'If-None-Match': before.headers.etag! })).status).toBe(200)
    await updateSearchIndex(path.join(site, 'out'), { remove: ['dianti-26', 'dianti-2'] })
    expect(seen((await get(base + q('电梯'))).text).status).toBe('找到 23 篇与“电梯”相关的文章')
  })

  it('answers from the release a new link points at, and goes on when the old release is deleted', async () => {
    await running.close()
    const copy = (id: string) => {
      const release = path.join(site, '.publish/releases', id)
      fs.cpSync(out, release, { recursive: true })
      return release
    }
    const first = copy('1')
    fs.rmSync(path.join(site, 'out'), { recursive: true })
    fs.symlinkSync(first, path.join(site, 'out'))
    running = await startServer({ dir: path.join(site, 'out'), port: 0, host: '127.0.0.1', releaseCheckMs: 0, search: PATIENT_SEARCH })
    base = running.url.slice(0, -1)
    await running.searchReady()
    expect(seen((await get(base + q('电梯'))).text).status).toBe('找到 25 篇与“电梯”相关的文章')
    const second = copy('2')
    await buildSearchIndex([...LIFTS, lift(26), lift(27), HOSTILE], second)
    fs.symlinkSync(second, path.join(site, 'out.new'))
    fs.renameSync(path.join(site, 'out.new'), path.join(site, 'out'))
    expect(seen((await get(base + q('电梯'))).text).status).toBe('找到 27 篇与“电梯”相关的文章')
    fs.rmSync(first, { recursive: true })
    // Page 3 of 27: the last of those without 电梯 in the title, read from the new release's files.
    expect(seen((await get(base + q('电梯', '&page=3'))).text).links).toEqual([10, 8, 7, 5, 4, 2, 1].map((n) => `/articles/dianti-${n}/`))
   }, 60_000)

  it('gives each page of results and each channel its own ETag', async () => {
    const tags = await Promise.all([q('电梯'), q('电梯', '&page=2'), q('电梯', '&channel=fazhi'), q('电梯', '&sort=newest')].map(async (target) => (await get(base + target)).headers.etag))
    expect(new Set(tags).size).toBe(4)
  })

  it('fills the query in only, as before, when told not to search', async () => {
    await running.close()
    running = await startServer({ dir: path.join(site, 'out'), port: 0, host: '127.0.0.1', search: false })
    const reply = await get(running.url.slice(0, -1) + q('电梯'))
    expect(reply.text).toBe(fillSearchPage(SEARCH_PAGE, searchArgs(q('电梯'))!))
  })
})
