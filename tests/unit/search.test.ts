// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADDED_ARTICLE, SEARCH_ARTICLES, SEARCH_QUERIES, writeSearchCorpus } from '../search-corpus.mjs'
import { searchAnswers } from '../search-answers'
import { loadContent } from '@/lib/content'
import { buildSearchIndex, INDEX_DIR, searchDocument, type SearchDocument, updateSearchIndex } from '@/lib/search'
import { type DeltaLimits, STORED_TEXT } from '@/lib/search/build'
import { ByteReader, ByteWriter } from '@/lib/search/codec'
import { decodeFilter, externalPath, type IndexManifest, mayBeLarge, positionsPath, termKey } from '@/lib/search/format'
import { excerpt, highlight, type Segment } from '@/lib/search/excerpt'
import { fileLoader } from '@/lib/search/files'
import { createNormalizer, edgedWord, foldSlowly, foldWithOffsets, queryWords } from '@/lib/search/normalize'
import { benchDocuments } from '../../scripts/tools/search-measure'
import { coverOffsets, SearchIndex } from '@/lib/search/query'
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
    const answer = await index.search('电梯')
    expect(answer.hits.map((h) => h.channel)).toEqual(['minsheng', 'fazhi'])
    const slugs = (docs: Int32Array) => Promise.all(Array.from(docs, slugOf))
    expect(await slugs(answer.select('relevance'))).toEqual(['jiazhuang-dianti', 'dianti-weibao'])
    expect(await slugs(answer.select('newest'))).toEqual(['dianti-weibao', 'jiazhuang-dianti'])
    expect(await slugs(answer.select('relevance', 'fazhi'))).toEqual(['dianti-weibao'])
    expect(await slugs(answer.select('newest', 'minsheng'))).toEqual(['jiazhuang-dianti'])
    expect(answer.select('newest', 'xiangcun')).toHaveLength(0)
    expect(answer.count).toBe(2)
  })

  it('ranks the phrase in the title first, then all words in the title, the phrase in the text, the rest', async () => {
    const { hits } = await index.search('城际 高铁')
    expect(hits.map((h) => h.tier)).toEqual([0])
    const tongbao = await index.search('纪委 通报')
    expect(tongbao.hits.map((h) => h.tier)).toEqual([2, 3])
  })
})

describe('tags and Latin words', () => {
  const doc = (slug: string, title: string, text: string, tags: string[] = []): SearchDocument => ({
    slug,
    title,
    text,
    tags,
    date: new Date('2026-03-01T10:00:00+08:00'),
    channel: { slug: 'minsheng', name: '关注民生' },
    url: `/articles/${slug}/`,
  })
  let reader: SearchIndex
  const slugs = async (query: string) => Promise.all((await reader.search(query)).hits.map(async (h) => (await reader.document(h.doc)).url.split('/')[2]))

  beforeAll(async () => {
    const dir = path.join(tmp, 'latin')
    await buildSearchIndex(
      [
        doc('tagged', '人工智能监管新规出台', '新规明确了算法备案的要求。', ['AI 治理']),
        doc('tagged-too', '数据安全检查', '检查覆盖全市企业。', ['AI 治理', '数据安全']),
        doc('ai-in-text', '一场讨论会', '与会者谈到 AI 治理的难点。'),
        doc('english', 'Correction notice', 'The correction was updated today.'),
        doc('rnd', '企业加大研发投入', '今年 R&D 投入增长两成,5G网络覆盖全县。'),
        doc('year', '2023年工作总结', '全年完成目标。'),
      ],
      dir,
    )
    reader = await SearchIndex.open(fileLoader(dir), normalizer)
  })

  it('finds an article by its tag, ranked with title matches before a match in the text', async () => {
    expect(await slugs('AI 治理')).toEqual(['tagged', 'tagged-too', 'ai-in-text'])
    expect((await reader.search('AI 治理')).hits.map((h) => h.tier)).toEqual([0, 0, 2])
  })

  it('treats a run of Latin letters or digits as one word, never as letters inside another', async () => {
    expect(await slugs('R&D')).toEqual(['rnd'])
    expect(await slugs('r')).toEqual(['rnd'])
    expect(await slugs('correction')).toEqual(['english'])
    expect(await slugs('correct')).toEqual([])
    expect(await slugs('5G')).toEqual(['rnd'])
    expect(await slugs('5G网络')).toEqual(['rnd'])
    expect(await slugs('2023')).toEqual(['year'])
    expect(await slugs('23')).toEqual([])
  })
})

describe('incremental updates', () => {
  it('adds, changes and removes articles without building again, and keeps no removed text', async () => {
    const football: SearchDocument = ADDED_ARTICLE
    const gaotie = docs.find((d) => d.slug === 'chengji-gaotie')!
    const changed = { ...gaotie, text: '连接两市的城际动车正式开通运营。' }
    await updateSearchIndex(out, { upsert: [football, changed], remove: ['laji-fenlei'] })
    await open()
    expect(await Promise.all((await index.search('足球比赛')).hits.map((h) => slugOf(h.doc)))).toEqual(['zuqiu'])
    expect((await index.search('动车')).hits).toHaveLength(1)
    expect((await index.search('铁路部门')).hits).toHaveLength(0) // the old text of chengji-gaotie
    expect(await Promise.all((await index.search('高铁')).hits.map((h) => slugOf(h.doc)))).toEqual(['chengji-gaotie']) // its title
    expect((await index.search('垃圾分类')).hits).toHaveLength(0)
    // No file of the index holds the removed texts: the main chunks, the delta's, nor its sources.
    const stored = fs
      .readdirSync(path.join(out, INDEX_DIR), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.gz'))
      .map((entry) => zlib.gunzipSync(fs.readFileSync(path.join(entry.parentPath, entry.name))).toString())
      .join('')
    expect(stored).toContain('城际动车') // its new text is there (a test that finds nothing proves nothing)
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
  // Runs of Latin letters and digits count whole (a query's 12 is not inside 112).
  const edged = (folded: string) => edgedWord(folded.replace(/ +/g, ' ').split(' ').join('\u0001')).replaceAll('\u0001', ' ')
  const reference = (all: SearchDocument[], query: string) => {
    const words = queryWords(query, normalizer).map(edgedWord)
    return all
      .filter((d) => words.every((w) => edged(foldWithOffsets(d.title, normalizer).folded).includes(w) || edged(foldWithOffsets(d.text, normalizer).folded).includes(w)))
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

  it('puts a newer article added later first, though its id is the largest', async () => {
    const all = benchDocuments(60)
    const dir = path.join(tmp, 'later')
    await buildSearchIndex(all.slice(0, 50), dir)
    const newest = all.slice(50).map((d, i) => ({ ...d, date: new Date(all[0].date.getTime() + (i + 1) * 3_600_000) }))
    await updateSearchIndex(dir, { upsert: newest })
    const reader = await SearchIndex.open(fileLoader(dir), normalizer)
    const answer = await reader.search('驻村')
    const dates = async (docs: Int32Array) => Promise.all(Array.from(docs, async (doc) => (await reader.document(doc)).date))
    const byDate = (a: string, b: string) => b.localeCompare(a)
    const newestFirst = await dates(answer.select('newest'))
    expect(newestFirst).toHaveLength(60)
    expect(newestFirst).toEqual([...newestFirst].sort(byDate))
    expect(newestFirst[0]).toBe(newest.at(-1)!.date.toISOString())
    // Within each tier, too.
    for (const tier of [0, 1, 2, 3]) {
      const inTier = await dates(Int32Array.from(answer.hits.filter((h) => h.tier === tier).map((h) => h.doc)))
      expect(inTier).toEqual([...inTier].sort(byDate))
    }
    const channel = answer.hits[0].channel
    expect(answer.select('relevance', channel).length).toBe(answer.hits.filter((h) => h.channel === channel).length)
    expect(answer.select('relevance', 'no-such-channel')).toHaveLength(0)
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

describe('after any updates, search answers exactly as a full build of the same articles does', () => {
  // Common and rare words, one character, phrases, two words, traditional characters, a tag.
  const queries = ['驻村', '村', '的', '乡村振兴', '娄星区 驻村', '帮扶工作队', '振兴 总基调', '電梯', '电梯 维保', '足球比赛', '测试】第 3', '新的关键词']
  const answers = (dir: string) => searchAnswers(dir, queries)
  const minutes = (doc: SearchDocument, m: number) => ({ ...doc, date: new Date(doc.date.getTime() + m * 60_000) })

  // With the delta left to grow, and with a delta of at most two documents: then updates merge it
  // into the main files often, and later deltas sit on merged ones.
  it.each<[string, DeltaLimits]>([
    ['delta', {}],
    ['merged every few steps', { docs: 2 }],
  ])('adding, editing, deleting and re-dating newest and oldest, same-minute ties, channels and tags (%s)', { timeout: 120_000 }, async (_, limits) => {
    const bench = benchDocuments(40).map((d) => ({ ...d, slug: `bench-${d.slug}`, url: `/articles/bench-${d.slug}/` }))
    const current = new Map([...docs, ...bench.slice(0, 30)].map((d) => [d.slug, d]))
    const byDate = () => [...current.values()].sort((a, b) => a.date.getTime() - b.date.getTime())
    const dir = path.join(tmp, `same-${limits.docs ?? 'delta'}`)
    const full = path.join(tmp, `same-full-${limits.docs ?? 'delta'}`)
    await buildSearchIndex([...current.values()], dir)
    const steps: [string, () => { upsert?: SearchDocument[]; remove?: string[] }][] = [
      ['add newest', () => ({ upsert: [minutes(bench[30], 60 * 24 * 365 * 10)] })],
      ['add oldest', () => ({ upsert: [minutes(bench[31], -60 * 24 * 365 * 10)] })],
      ['edit newest', () => ({ upsert: [{ ...byDate().at(-1)!, title: '驻村工作队的新标题', text: `${byDate().at(-1)!.text}再补充一句:帮扶工作队。` }] })],
      ['edit oldest', () => ({ upsert: [{ ...byDate()[0], text: '乡村振兴的总基调,电梯维保的消息。' }] })],
      ['the same minute as another, its slug first', () => ({ upsert: [{ ...bench[32], slug: 'a-tie', url: '/articles/a-tie/', date: byDate()[10].date }] })],
      ['edit the one it ties with', () => ({ upsert: [{ ...byDate()[10], title: `${byDate()[10].title}(更新)` }].filter((d) => d.slug !== 'a-tie') })],
      ['re-date the oldest to newest, the newest to oldest', () => ({ upsert: [minutes(byDate()[0], 60 * 24 * 365 * 20), minutes(byDate().at(-1)!, -60 * 24 * 365 * 20)] })],
      ['delete the newest and the oldest', () => ({ remove: [byDate()[0].slug, byDate().at(-1)!.slug] })],
      ['re-channel, tag', () => ({ upsert: [{ ...byDate()[5], channel: { slug: 'fazhi', name: '法治动态' } }, { ...byDate()[6], tags: ['新的关键词'] }] })],
      ['add three, delete one just added', () => ({ upsert: bench.slice(33, 36).map((d, i) => minutes(d, i * 7)), remove: ['a-tie'] })],
      ['delete a middle one, edit a tagged one', () => ({ remove: [byDate()[12].slug], upsert: [{ ...byDate()[6], text: '村' }] })],
    ]
    for (const [what, step] of steps) {
      const change = step()
      for (const slug of change.remove ?? []) current.delete(slug)
      for (const doc of change.upsert ?? []) current.set(doc.slug, doc)
      await updateSearchIndex(dir, change, limits)
      await buildSearchIndex([...current.values()], full)
      expect(await answers(dir), what).toEqual(await answers(full))
    }
    const manifest: IndexManifest = JSON.parse(fs.readFileSync(path.join(dir, INDEX_DIR, 'index.json'), 'utf8'))
    if (limits.docs) expect(manifest.docs, 'merged at least once').toBeGreaterThan(docs.length + 30)
    else expect(manifest.delta?.docs, 'every change in the delta').toBeGreaterThan(10)
  })
})

describe('a huge article', () => {
  it('is found by a word at its very end, and its stored text stays small', async () => {
    const [normal] = benchDocuments(1)
    const huge: SearchDocument = { ...normal, slug: 'huge', url: '/articles/huge/', title: '一份很长的报告', text: `开头写着驻村工作。${'这一段只是填充内容,没有别的意思。'.repeat(5000)}结尾提到独一无二的鸿雁计划。` }
    const dir = path.join(tmp, 'huge')
    await buildSearchIndex([normal, huge], dir)
    const reader = await SearchIndex.open(fileLoader(dir), normalizer)
    const answer = await reader.search('鸿雁计划')
    expect(answer.count).toBe(1)
    const stored = await reader.document(answer.docs[0])
    expect(stored.url).toBe('/articles/huge/')
    expect(Array.from(stored.text).length).toBe(STORED_TEXT + 1)
    expect(stored.text.endsWith('…')).toBe(true)
    // Every chunk file is small, the huge article's included (inflated: the filler compresses well).
    const chunks = fs.readdirSync(path.join(dir, INDEX_DIR, 'd'))
    for (const file of chunks) expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, INDEX_DIR, 'd', file))).length, file).toBeLessThan(STORED_TEXT * 3 + 4096)
    // A word near its start is still shown in the excerpt.
    expect(marked(excerpt(stored.text, (await reader.search('驻村工作')).words, normalizer))).toEqual(['驻村工作'])
  })
})

describe('query words', () => {
  it('split at spaces, full-width spaces and punctuation, folded to simplified lower case, each once', () => {
    expect(queryWords(' 纪委　通报,監委、ＧＤＰ 纪委 ', normalizer)).toEqual(['纪委', '通报', '监委', 'gdp'])
    expect(queryWords('“”,。 ', normalizer)).toEqual([])
  })

  it('fold every unified ideograph as the long way (NFKC, lower case, the table) does', () => {
    const points = Array.from(t2sTable(), (c) => c.codePointAt(0)!)
    const simplified = new Map<number, number>()
    for (let i = 0; i + 1 < points.length; i += 2) simplified.set(points[i], points[i + 1])
    const fresh = createNormalizer(t2sTable())
    const differ: string[] = []
    for (let c = 0x4e00; c <= 0x9fff; c++) {
      if (fresh.fold(c).join() !== foldSlowly(c, simplified).join()) differ.push(String.fromCodePoint(c))
    }
    expect(differ).toEqual([])
    expect(fresh.fold('電'.codePointAt(0)!)).toEqual(['电'.codePointAt(0)])
  })

  it('fold a text with the way back to the original, whatever its characters', () => {
    // The plain way: every character's folded units, each pointing back at that character.
    const reference = (text: string) => {
      let folded = ''
      const start: number[] = []
      const end: number[] = []
      for (let i = 0; i < text.length; ) {
        const code = text.codePointAt(i)!
        const width = code > 0xffff ? 2 : 1
        const chars = normalizer.fold(code)
        const piece = chars.length === 0 ? ' ' : String.fromCodePoint(...chars)
        folded += piece
        for (let k = 0; k < piece.length; k++) {
          start.push(i)
          end.push(i + width)
        }
        i += width
      }
      return { folded, start, end }
    }
    const alphabet = ['电', '電', '梯', '村', ',', ' ', '　', 'Ａ', 'b', '1', '㎏', 'ﬁ', '①', '𠀀', '𡃁', '😀', '\uD800', '\uDC00', '—', 'ǅ']
    let seed = 7
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647
    const texts = ['', '电梯', '加裝電梯', '㎏电梯', '电梯㎏𠀀村', '𠀀𡃁电', '😀', '\uD800电', '电\uDC00']
    for (let t = 0; t < 300; t++) texts.push(Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''))
    for (const text of texts) {
      const want = reference(text)
      const got = foldWithOffsets(text, normalizer)
      expect(got.folded, JSON.stringify(text)).toBe(want.folded)
      for (let i = 0; i < want.folded.length; i++) {
        // A low surrogate of a character kept whole is never where a word starts or, in the other
        // direction, ends: only the ends that can be asked for must agree.
        const low = /[\uDC00-\uDFFF]/.test(want.folded[i]) && i > 0 && /[\uD800-\uDBFF]/.test(want.folded[i - 1])
        const high = /[\uD800-\uDBFF]/.test(want.folded[i]) && /[\uDC00-\uDFFF]/.test(want.folded[i + 1] ?? '')
        if (!low) expect(got.start(i), `${JSON.stringify(text)} start ${i}`).toBe(want.start[i])
        if (!high) expect(got.end(i), `${JSON.stringify(text)} end ${i}`).toBe(want.end[i])
      }
    }
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

  it('centres on the first place where the most query words are close together', () => {
    const text = `村里开会。${'会上大家讨论了很多别的事情。'.repeat(8)}驻村干部说,道路硬化已经完成,村民都很满意。${'后来又说了别的。'.repeat(5)}`
    const parts = excerpt(text, ['道路', '驻村'], normalizer)
    expect(plain(parts).startsWith('驻村干部说')).toBe(true)
    expect(marked(parts)).toEqual(['驻村', '道路'])
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
