// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEARCH_ARTICLES, SEARCH_QUERIES, writeSearchCorpus } from '../search-corpus.mjs'
import { loadContent } from '@/lib/content'
import { buildSearchIndex, INDEX_DIR, searchDocument, type SearchDocument, updateSearchIndex } from '@/lib/search'
import { ByteReader, ByteWriter } from '@/lib/search/codec'
import { decodeFilter, externalPath, type IndexManifest, mayBeLarge, positionsPath, termKey } from '@/lib/search/format'
import { excerpt, highlight, type Segment } from '@/lib/search/excerpt'
import { fileLoader } from '@/lib/search/files'
import { createNormalizer, foldWithOffsets, queryWords } from '@/lib/search/normalize'
import { benchDocuments } from '../../scripts/search-measure'
import { coverOffsets, order, SearchIndex } from '@/lib/search/query'
import { t2sTable } from '@/lib/search/t2s'

const normalizer = createNormalizer(t2sTable())
const plain = (segments: Segment[]) => segments.map((s) => s.text).join('')
const marked = (segments: Segment[]) => segments.filter((s) => s.mark).map((s) => s.text)
const OPENERS = '“‘「『《(〈【'
const CLOSERS = '”’」』》)〉】'

/** Whether every quotation mark and bracket in `text` has its partner. */
function balanced(text: string): boolean {
  const stack: string[] = []
  for (const ch of text) {
    if (OPENERS.includes(ch)) stack.push(ch)
    const close = CLOSERS.indexOf(ch)
    if (close >= 0 && stack.pop() !== OPENERS[close]) return false
  }
  return stack.length === 0
}

let tmp: string
let out: string
let docs: SearchDocument[]
let slugOf: (doc: number) => Promise<string>
let index: SearchIndex

async function open() {
  index = await SearchIndex.open(fileLoader(out), normalizer)
  slugOf = async (doc) => (await index.document(doc)).url.split('/')[2]
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'search-'))
  writeSearchCorpus(path.join(tmp, 'content'))
  docs = loadContent(path.join(tmp, 'content')).articles.map(searchDocument)
  out = path.join(tmp, 'out')
  await buildSearchIndex(docs, out)
  await open()
})

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('the query table over the test corpus', () => {
  for (const { query, expect: slugs, why } of SEARCH_QUERIES) {
    it(`${query} finds ${slugs.length ? slugs.join(', ') : 'nothing'}${why ? ` (${why})` : ''}`, async () => {
      const { hits } = await index.search(query)
      expect(await Promise.all(hits.map((h) => slugOf(h.doc)))).toEqual(slugs)
    })
  }

  for (const { query, marks } of SEARCH_QUERIES.filter((q) => q.marks)) {
    it(`${query}: every result marks ${marks!.join(', ')} as a whole, in its title or excerpt`, async () => {
      const { words, hits } = await index.search(query)
      for (const hit of hits) {
        const doc = await index.document(hit.doc)
        const all = [...marked(highlight(doc.title, words, normalizer)), ...marked(excerpt(doc.text, words, normalizer))]
        expect(all.length).toBeGreaterThan(0)
        for (const mark of all) expect(marks).toContain(mark.replace(/[電紀監區塊鏈]/g, (c) => String.fromCodePoint(...normalizer.fold(c.codePointAt(0)!))))
      }
    })
  }
})

describe('excerpts of every result of the table', () => {
  it('are 60-80 characters (a little more to close a quotation), start at a clause boundary and leave no quotation mark alone', async () => {
    const texts = new Map(docs.map((d) => [d.url, d.text]))
    for (const { query } of SEARCH_QUERIES) {
      const { words, hits } = await index.search(query)
      for (const hit of hits) {
        const doc = await index.document(hit.doc)
        const parts = excerpt(doc.text, words, normalizer)
        const shown = plain(parts)
        const body = shown.replace(/^…|…$/g, '')
        const text = texts.get(doc.url)!
        expect(body.length, shown).toBeLessThanOrEqual(100)
        expect(body.length, shown).toBeGreaterThanOrEqual(Math.min(60, text.length) - 10)
        expect(balanced(shown), shown).toBe(true)
        const before = text.slice(0, text.indexOf(body)).trimEnd()
        if (before && !shown.startsWith('…')) expect('。,;!?:,;!?:', `${shown} starts after ${before.at(-1)}`).toContain(before.at(-1))
      }
    }
  })
})

describe('ranking, channels and order', () => {
  it('gives each hit its channel, and newest first ignores the tiers', async () => {
    const { hits } = await index.search('电梯')
    expect(hits.map((h) => h.channel)).toEqual(['minsheng', 'fazhi'])
    const newest = order(hits, 'newest')
    expect(await Promise.all(newest.map((h) => slugOf(h.doc)))).toEqual(['dianti-weibao', 'jiazhuang-dianti'])
  })

  it('ranks the phrase in the title first, then all words in the title, the phrase in the text, the rest', async () => {
    const { hits } = await index.search('城际 高铁')
    expect(hits.map((h) => h.tier)).toEqual([0])
    const tongbao = await index.search('纪委 通报')
    expect(tongbao.hits.map((h) => h.tier)).toEqual([2, 3])
  })
})

describe('incremental updates', () => {
  it('adds, changes and removes articles without building again, and keeps no removed text', async () => {
    const football: SearchDocument = {
      slug: 'zuqiu',
      title: '全民健身足球比赛开幕',
      text: '为期一周的社区足球比赛今天开幕,三十支业余球队参赛。',
      date: new Date('2024-08-01T10:00:00+08:00'),
      channel: { slug: 'minsheng', name: '关注民生' },
      url: '/articles/zuqiu/',
    }
    const gaotie = docs.find((d) => d.slug === 'chengji-gaotie')!
    const changed = { ...gaotie, text: '连接两市的城际动车正式开通运营。' }
    await updateSearchIndex(out, { upsert: [football, changed], remove: ['laji-fenlei'] })
    await open()
    expect(await Promise.all((await index.search('足球比赛')).hits.map((h) => slugOf(h.doc)))).toEqual(['zuqiu'])
    expect((await index.search('动车')).hits).toHaveLength(1)
    expect((await index.search('铁路部门')).hits).toHaveLength(0) // the old text of chengji-gaotie
    expect(await Promise.all((await index.search('高铁')).hits.map((h) => slugOf(h.doc)))).toEqual(['chengji-gaotie']) // its title
    expect((await index.search('垃圾分类')).hits).toHaveLength(0)
    const stored = fs
      .readdirSync(path.join(out, INDEX_DIR, 'd'))
      .map((name) => zlib.gunzipSync(fs.readFileSync(path.join(out, INDEX_DIR, 'd', name))).toString())
      .join('')
    expect(stored).not.toContain('垃圾分类')
    expect(stored).not.toContain('铁路部门')
    // The rest of the table still holds.
    expect(await Promise.all((await index.search('電梯')).hits.map((h) => slugOf(h.doc)))).toEqual(['jiazhuang-dianti', 'dianti-weibao'])
  })

  it('answers a site without articles with nothing', async () => {
    const empty = path.join(tmp, 'empty')
    await buildSearchIndex([], empty)
    const none = await SearchIndex.open(fileLoader(empty), normalizer)
    expect((await none.search('驻村')).hits).toEqual([])
  })
})

describe('a larger index, with terms in files of their own', () => {
  const queries = ['驻村', '乡村振兴', '娄星区 驻村', '帮扶工作队', '足球比赛', '第 12 篇', '振兴 总基调', '村', '测试】第 3']
  /** What a reader should get: every document whose folded title or text contains every word. */
  const reference = (all: SearchDocument[], query: string) => {
    const words = queryWords(query, normalizer)
    return all
      .filter((d) => words.every((w) => foldWithOffsets(d.title, normalizer).folded.includes(w) || foldWithOffsets(d.text, normalizer).folded.includes(w)))
      .map((d) => d.url)
      .sort()
  }
  const found = async (dir: string, query: string) => {
    const reader = await SearchIndex.open(fileLoader(dir), normalizer)
    const { hits } = await reader.search(query)
    return (await Promise.all(hits.map(async (h) => (await reader.document(h.doc)).url))).sort()
  }

  it('finds exactly what a scan of the texts finds, before and after an update', { timeout: 60_000 }, async () => {
    const all = benchDocuments(400)
    const dir = path.join(tmp, 'large')
    const report = await buildSearchIndex(all.slice(0, 390), dir)
    expect(report.externalTerms).toBeGreaterThan(10)
    expect(fs.readdirSync(path.join(dir, INDEX_DIR, 'x')).some((f) => f.endsWith('.p.bin.gz'))).toBe(true)
    for (const q of queries) expect(await found(dir, q), q).toEqual(reference(all.slice(0, 390), q))
    await updateSearchIndex(dir, { upsert: all.slice(390), remove: [all[0].slug] })
    const now = all.slice(1)
    for (const q of queries) expect(await found(dir, q), q).toEqual(reference(now, q))
  })

  it('asks for the files of large terms at once, without waiting for their buckets', async () => {
    const all = benchDocuments(400)
    const dir = path.join(tmp, 'rounds')
    await buildSearchIndex(all.slice(0, 390), dir)
    await updateSearchIndex(dir, { upsert: all.slice(390) })
    // Every term with files of its own is named by index.json's filter, the update's included.
    const manifest: IndexManifest = JSON.parse(fs.readFileSync(path.join(dir, INDEX_DIR, 'index.json'), 'utf8'))
    const large = fs.readdirSync(path.join(dir, INDEX_DIR, 'x')).filter((f) => !f.endsWith('.p.bin.gz'))
    expect(large.length).toBeGreaterThan(10)
    for (const file of large) expect(mayBeLarge(decodeFilter(manifest.large!), termKey(file.replace('.bin.gz', '').split('-').map((h) => parseInt(h, 16)))), file).toBe(true)

    // The buckets are held back: whatever is asked for meanwhile does not wait for them.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const asked: string[] = []
    const inner = fileLoader(dir)
    const reader = await SearchIndex.open(async (file, generation) => {
      asked.push(file)
      if (file.startsWith('b/')) await held
      return inner(file, generation)
    }, normalizer)
    const searching = reader.search('乡村振兴')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const [xiangcun, zhenxing] = [termKey(Array.from('乡村', (c) => c.codePointAt(0)!)), termKey(Array.from('振兴', (c) => c.codePointAt(0)!))]
    expect(asked).toEqual(expect.arrayContaining([externalPath(xiangcun), externalPath(zhenxing), positionsPath(xiangcun), positionsPath(zhenxing)]))
    release()
    expect((await searching).hits.length).toBe(400)
  })
})

describe('query words', () => {
  it('split at spaces, full-width spaces and punctuation, folded to simplified lower case, each once', () => {
    expect(queryWords(' 纪委　通报,監委、ＧＤＰ 纪委 ', normalizer)).toEqual(['纪委', '通报', '监委', 'gdp'])
    expect(queryWords('“”,。 ', normalizer)).toEqual([])
  })

  it('of n characters are spelled by the bigrams at 0, 2, 4… and n - 2', () => {
    expect(coverOffsets(2)).toEqual([0])
    expect(coverOffsets(3)).toEqual([0, 1])
    expect(coverOffsets(4)).toEqual([0, 2])
    expect(coverOffsets(5)).toEqual([0, 2, 3])
  })
})

describe('excerpt', () => {
  const long =
    '会议指出,要坚持以人民为中心的发展思想。会议强调,各地要把“加装电梯、老旧小区改造、停车难治理”作为民生实事,倒排工期,挂图作战,确保年底前全面完成任务。' +
    '与会人员还就下一步工作进行了深入讨论,提出了许多具体意见和建议,会议要求有关部门认真研究吸收。'

  it('starts after the clause boundary before the match and marks the word whole', () => {
    const parts = excerpt(long, ['加装电梯'], normalizer)
    expect(plain(parts).startsWith('各地要把“加装电梯')).toBe(true)
    expect(marked(parts)).toEqual(['加装电梯'])
    expect(balanced(plain(parts))).toBe(true)
  })

  it('closes a quotation it opens, or leaves it out, and ends with … when it cuts a sentence', () => {
    const text = '他说:' + '“' + '这是一段很长的引语,'.repeat(12) + '终于结束。”后来的事情大家都知道了。'
    const shown = plain(excerpt(text, ['引语'], normalizer))
    expect(balanced(shown), shown).toBe(true)
    expect(shown.endsWith('…')).toBe(true)
  })

  it('shows the start of the text when only the title matched', () => {
    const shown = plain(excerpt(long, ['足球'], normalizer))
    expect(shown.startsWith('会议指出')).toBe(true)
    expect(shown.replace(/…$/, '').length).toBeLessThanOrEqual(80)
  })

  it('highlights traditional query words in simplified text, mapped back to the original characters', () => {
    expect(marked(highlight('老旧小区加装电梯', queryWords('加裝電梯', normalizer), normalizer))).toEqual(['加装电梯'])
  })
})

describe('codec', () => {
  it('reads back what it wrote, large and negative numbers included', () => {
    const w = new ByteWriter(1)
    const values = [0, 1, 127, 128, 300, 2 ** 31, 2 ** 40 + 5]
    for (const v of values) w.uint(v)
    w.int(-7)
    w.int(123456789)
    const r = new ByteReader(w.view())
    expect(values.map(() => r.uint())).toEqual(values)
    expect([r.int(), r.int()]).toEqual([-7, 123456789])
    expect(r.done).toBe(true)
  })
})

it('the corpus has the articles the table names', () => {
  const slugs = new Set(SEARCH_ARTICLES.map((a) => a.slug))
  for (const q of SEARCH_QUERIES) for (const s of q.expect) expect(slugs).toContain(s)
})
