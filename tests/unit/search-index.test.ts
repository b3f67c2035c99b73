// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeCbor, encodeCbor } from '../../scripts/pagefind-merge.mjs'
import { buildSearchIndex, PAGE_CHARS, planShards, searchableChars } from '../../scripts/search-index.mjs'

describe('searchableChars', () => {
  it('counts the text of the data-pagefind-body element only, without tags or white space', () => {
    const html = '<header>导航</header><article data-pagefind-body="true"><h1>标题</h1>\n<p>正文 text</p></article><footer>页脚</footer>'
    expect(searchableChars(html)).toBe('标题正文text'.length)
  })

  it('ends the element at its own closing tag, past nested ones', () => {
    const html = '<div data-pagefind-body><div>甲</div><div>乙</div></div><div>页脚</div>'
    expect(searchableChars(html)).toBe(2)
  })

  it('returns null for a page Pagefind would not index', () => {
    expect(searchableChars('<main><h1>栏目</h1></main>')).toBeNull()
  })
})

describe('planShards', () => {
  const pages = (...chars: number[]) => chars.map((c, i) => ({ url: `/articles/${i}/`, chars: c }))

  it('keeps a site within the budget in one shard', () => {
    expect(planShards(pages(100, 200), 10_000)).toHaveLength(1)
  })

  it('starts a new shard when the next page would pass the budget, counting each page overhead', () => {
    const shards = planShards(pages(1000, 1000, 1000), 2 * (1000 + PAGE_CHARS))
    expect(shards.map((s) => s.map((p) => p.url))).toEqual([['/articles/0/', '/articles/1/'], ['/articles/2/']])
  })

  it('gives a page larger than the budget a shard of its own', () => {
    expect(planShards(pages(50_000, 10), 5_000).map((s) => s.length)).toEqual([1, 1])
  })

  it('returns one empty shard for a site without articles', () => {
    expect(planShards([], 5_000)).toEqual([[]])
  })
})

describe('CBOR', () => {
  it('reads back what it writes: integers of every width, negative markers, text and nested arrays', () => {
    const value = ['1.6.0', [0, 23, 24, 255, 256, 65_535, 65_536, 2 ** 32 - 1, -1, -25, -257], '驻村帮扶', [[], ['乡村', [3, [-25, 7]]]]]
    expect(decodeCbor(encodeCbor(value))).toEqual(value)
  })
})

// Pagefind itself builds both indexes: all pages in one process, and in shards merged afterwards.
describe('a sharded search index', () => {
  let out: string
  const words = ['驻村帮扶', '乡村振兴', '收割水稻', '基层治理', '廉政建设', '法治宣传', '人才培养', '产业发展']
  const article = (i: number) =>
    `<!DOCTYPE html><html lang="zh-CN"><head><title>第${i}篇</title></head><body><header>首页 站内搜索</header>` +
    `<article data-pagefind-body data-pagefind-meta="channel:${i % 2 ? '关注民生' : '廉政建设'}" data-pagefind-filter="channel:${i % 2 ? '关注民生' : '廉政建设'}">` +
    `<h1>第${i}篇 ${words[i % words.length]}</h1><p>${words.slice(0, 1 + (i % words.length)).join(',')}。${i === 5 ? '独有词语仅此一篇。' : ''}</p></article></body></html>`

  /** The bundle as a reader's search sees it: pages, and every word's pages and positions, by URL (Pagefind numbers pages in no set order). */
  function contents(bundle: string) {
    const read = (file: string) => decodeCbor(zlib.gunzipSync(fs.readFileSync(file)).subarray(12))
    const entry = JSON.parse(fs.readFileSync(path.join(bundle, 'pagefind-entry.json'), 'utf8'))
    const { hash, page_count } = Object.values(entry.languages)[0] as { hash: string; page_count: number }
    const [, pages, chunks, filters, , fields] = read(path.join(bundle, `pagefind.${hash}.pf_meta`))
    const fragment = (h: string) => JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(bundle, 'fragment', `${h}.pf_fragment`))).subarray(12).toString())
    const urls: string[] = pages.map(([h]: [string]) => fragment(h).url)
    const index: Record<string, string[]> = {}
    for (const [, , chunk] of chunks) {
      for (const [word, list] of read(path.join(bundle, 'index', `${chunk}.pf_index`))[0]) {
        let page = 0
        index[word] = list.map(([delta, locations, meta = []]: [number, number[], number[]]) => {
          page += delta
          return `${urls[page]} ${locations} ${meta.map((l) => (l < 0 ? fields[-1 - l] : l))}`
        }).sort()
      }
    }
    const filterValues = filters.map(([, h]: [string, string]) => read(path.join(bundle, 'filter', `${h}.pf_filter`)))
    const byFilter = filterValues.map(([key, values]: [string, [string, number[]][]]) => [key, values.map(([v, p]) => [v, p.map((n) => urls[n]).sort()])])
    return { page_count, pages: pages.map(([, count]: [string, number], i: number) => `${urls[i]} ${count}`).sort(), chunks: chunks.map(([from, to]: string[]) => `${from}…${to}`), index, byFilter }
  }

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'search-index-'))
    fs.writeFileSync(path.join(out, 'index.html'), '<html lang="zh-CN"><body><h1>首页</h1></body></html>')
    for (let i = 0; i < 12; i++) {
      fs.mkdirSync(path.join(out, 'articles', `a-${i}`), { recursive: true })
      fs.writeFileSync(path.join(out, 'articles', `a-${i}`, 'index.html'), article(i))
    }
  })
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }))

  it('holds exactly what one Pagefind build over all pages holds', async () => {
    expect(await buildSearchIndex(out, { budget: 10_000_000 })).toEqual({ pages: 12, shards: 1 })
    const whole = contents(path.join(out, 'pagefind'))
    const sharded = await buildSearchIndex(out, { budget: 3 * (PAGE_CHARS + 60) })
    expect(sharded.shards).toBeGreaterThan(2)
    expect(contents(path.join(out, 'pagefind'))).toEqual(whole)
    expect(whole.index['独有']).toHaveLength(1)
  })

  it('leaves one bundle: no shard folders, no unused search UIs', async () => {
    await buildSearchIndex(out, { budget: 3 * (PAGE_CHARS + 60) })
    const names = fs.readdirSync(path.join(out, 'pagefind')).sort()
    expect(names.filter((n) => !/\.pf_meta$/.test(n))).toEqual(['filter', 'fragment', 'index', 'pagefind-entry.json', 'pagefind-worker.js', 'pagefind.js', 'wasm.unknown.pagefind'])
    expect(fs.readdirSync(path.join(out, 'pagefind', 'fragment'))).toHaveLength(12)
  })
})
