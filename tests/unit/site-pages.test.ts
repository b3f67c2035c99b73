// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Article, indexContent, loadContent } from '@/lib/content'
import { PlanMemo, sameJson } from '@/lib/plan-memo'
import { relatedArticles } from '@/lib/related'
import { sitePages, viewKey } from '@/lib/site-pages'
import { CHANGE_KINDS, CORPUS_NOW, corpusArticles, PAGES_PER_CHANGE, pagesPerChange } from '../../scripts/tools/page-changes'

const site = loadContent(path.resolve(__dirname, '../../content')).site
const channel = site.channels[0]
const WORDS = ['乡村振兴', '驻村帮扶', '廉政建设', '法治宣传', '基层治理']
const now = new Date('2026-06-01T00:00:00+08:00')

/** `count` articles in one channel, newest first, a day apart, with titles that share words. */
function articles(count: number, newest = Date.parse('2026-05-01T08:00:00+08:00')): Article[] {
  return Array.from({ length: count }, (_, i) => ({
    slug: `a-${count - i}`,
    file: `articles/a-${count - i}.md`,
    title: `${WORDS[i % WORDS.length]}${WORDS[(i * 3) % WORDS.length]}第 ${count - i} 期`,
    date: new Date(newest - i * 86_400_000),
    channel,
    draft: false,
    reposted: false,
    pinned: false,
    tags: [],
    scheduled: false,
    html: `<p>第 ${count - i} 篇。</p>`,
    text: `第 ${count - i} 篇。`,
    description: `第 ${count - i} 篇。`,
  }))
}

/** The pages whose key differs (or that are new) between two sets of articles. */
function touched(before: Article[], after: Article[]): string[] {
  const old = new Map(sitePages(indexContent(site, before), now).map((p) => [p.path, p.key]))
  return sitePages(indexContent(site, after), now)
    .filter((p) => old.get(p.path) !== p.key)
    .map((p) => p.path)
}

describe('what one new article touches', () => {
  // A channel of 59, 60 and 1,000 articles, a day apart: two months, and 33.
  it.each([59, 60, 1000])('renders about a dozen pages when the %i-article channel gets one more, never the whole archive', (count) => {
    const list = articles(count)
    const added: Article = { ...list[0], slug: 'new-one', file: 'articles/new-one.md', title: '新增的一篇报道', date: new Date(list[0].date.getTime() + 3_600_000) }
    const pages = touched(list, [added, ...list])
    expect(pages).toContain('/articles/new-one/')
    expect(pages).toContain('/')
    // Its month's page and the list of months (/archive/) count it too.
    expect(pages).toContain('/archive/2026/05/')
    expect(pages).toContain('/archive/')
    expect(pages).toContain('/category/minsheng/2026/05/')
    // The sitemap: the index, the front pages' part and the month's part, never the others.
    expect(pages.filter((p) => p.includes('sitemap')).sort()).toEqual(['/sitemap.xml', '/sitemap/2026-05.xml', '/sitemap/site.xml'])
    expect(pages.length).toBeLessThanOrEqual(14)
  })
})

describe('what a newsroom edit touches', () => {
  const list = articles(200)
  const edited = (slug: string, change: Partial<Article>) => list.map((a) => (a.slug === slug ? { ...a, ...change } : a))

  it('pinning an old article touches the home page (its new lead), its channel front page and the article, no archive page', () => {
    const pages = touched(list, edited('a-5', { pinned: true }))
    expect(pages.sort()).toEqual(['/', '/articles/a-5/', '/category/minsheng/'])
  })

  it('a correction touches the article, the sitemap and the feeds that carry it, no list', () => {
    const pages = touched(list, edited('a-200', { updated: new Date('2026-05-02T10:00:00+08:00'), correction: '已更正。' }))
    expect(pages.sort()).toEqual(['/articles/a-200/', '/category/minsheng/feed.xml', '/feed.xml', '/sitemap.xml', '/sitemap/2026-05.xml'])
  })

  it('tagging an old article touches the article, its tag pages, the list of tags and the sitemap', () => {
    const pages = touched(list, edited('a-5', { tags: ['驻村帮扶'] }))
    const tag = `/tags/${encodeURIComponent('驻村帮扶')}/`
    expect(pages.sort()).toEqual(['/articles/a-5/', '/sitemap.xml', '/sitemap/2025-10.xml', '/sitemap/site.xml', '/sitemap/tags.xml', '/tags/', tag, `${tag}2025/10/`])
  })
})

describe('what each kind of edit touches, old article or new', () => {
  // The generated corpus (scripts/tools/page-changes.ts, as npm run bench counts it at 1,000 to 20,000):
  // 500 articles, 7 hours apart, over five months and four channels, every fifth tagged.
  const corpus = corpusArticles(site, 500)
  const results = pagesPerChange(site, corpus, CORPUS_NOW)
  const listMonths = (pages: string[]) => pages.filter((p) => /\/\d{4}\/\d{2}\/$/.test(p))

  it.each(CHANGE_KINDS.filter((k) => !k.name.startsWith('redate')).map((k) => k.name))('%s renders at most 25 pages', (name) => {
    const { rendered, removed } = results.get(name)!
    expect(rendered.length + removed.length, rendered.join(' ')).toBeLessThanOrEqual(PAGES_PER_CHANGE)
  })

  it('re-dating, a removal from one place and an addition at another, renders no more than the two would', () => {
    for (const name of ['redate (oldest → newest)', 'redate (newest → mid-archive)']) {
      const { rendered, removed } = results.get(name)!
      expect(rendered.length + removed.length, rendered.join(' ')).toBeLessThanOrEqual(results.get('delete (oldest)')!.rendered.length + results.get('add (newest)')!.rendered.length + 4)
    }
  })

  it.each(CHANGE_KINDS.map((k) => k.name))('%s renders only the month pages the article leaves or enters, and their neighbours', (name) => {
    // One channel, its tags and the site's months: each at most the month left, the month entered
    // and, when one of them empties or appears, the months either side of it.
    const { rendered, removed } = results.get(name)!
    expect(listMonths([...rendered, ...removed]).length, rendered.join(' ')).toBeLessThanOrEqual(12)
  })

  it('deletes the oldest article without touching any other month of any list', () => {
    const { rendered, removed } = results.get('delete (oldest)')!
    const oldest = corpus.at(-1)!
    expect(removed).toEqual([`/articles/${oldest.slug}/`])
    expect(listMonths(rendered).sort()).toEqual([`/archive/2025/08/`, `/category/${oldest.channel.slug}/2025/08/`])
  })
})

describe("a resident publisher's plan, remembered from the last one (lib/plan-memo.ts)", () => {
  const base = corpusArticles(site, 400)
  const plain = (list: Article[]) => sitePages(indexContent(site, list), CORPUS_NOW)

  it('gives every page the key a plan from scratch gives, after each kind of edit and back, hashing only the pages that changed', () => {
    const memo = new PlanMemo()
    sitePages(indexContent(site, base), CORPUS_NOW, memo)
    const before = new Map(plain(base).map((p) => [p.path, p.key]))
    for (const kind of CHANGE_KINDS) {
      const after = kind.apply(base, site)
      const expected = plain(after)
      expect(sitePages(indexContent(site, after), CORPUS_NOW, memo), kind.name).toEqual(expected)
      // What was hashed anew is what changed (or is new): the rest kept its key unhashed.
      expect(memo.stats.hashed, kind.name).toBe(expected.filter((p) => before.get(p.path) !== p.key).length)
      expect(sitePages(indexContent(site, base), CORPUS_NOW, memo), `${kind.name}, undone`).toEqual(plain(base))
    }
  })

  it('works out only the related lists of articles newer than the change', () => {
    const memo = new PlanMemo()
    sitePages(indexContent(site, base), CORPUS_NOW, memo)
    const at = 300
    const retitled = base.map((a, i) => (i === at ? { ...a, title: `${a.title}(改)` } : a))
    expect(sitePages(indexContent(site, retitled), CORPUS_NOW, memo)).toEqual(plain(retitled))
    expect(memo.stats.related).toBe(at + 1)
  })

  it("gives a cold build's plan, started from the related lists the last release kept, every key a plan from scratch gives, after each kind of edit", () => {
    // What a release keeps (scripts/publish/build.ts): the plan's related lists and each article's digest.
    const digest = (a: Article) => viewKey(a)
    const first = new PlanMemo()
    sitePages(indexContent(site, base), CORPUS_NOW, first)
    const saved = first.saved()!
    const digests = Object.fromEntries(base.map((a) => [a.slug, digest(a)]))
    for (const kind of CHANGE_KINDS) {
      const after = kind.apply(base, site)
      const content = indexContent(site, after)
      const memo = new PlanMemo()
      memo.restore(content, saved, digests, digest)
      expect(sitePages(content, CORPUS_NOW, memo), kind.name).toEqual(plain(after))
      // Only the lists of articles at or newer than the change are worked out again.
      if (kind.name === 'add (newest)' || kind.name === 'edit title (newest)') expect(memo.stats.related, kind.name).toBe(1)
      if (kind.name === 'delete (newest)') expect(memo.stats.related, kind.name).toBe(0)
    }
  })

  it('relies on a related list depending on earlier articles alone: 400 newer articles sharing its words and tags leave it as it was', () => {
    const x = base[200]
    const before = relatedArticles(indexContent(site, base), x)
    const newer = Array.from({ length: 400 }, (_, i) => ({ ...x, slug: `newer-${i}`, file: `articles/newer-${i}.md`, date: new Date(base[0].date.getTime() + (400 - i) * 3_600_000) }))
    const after = relatedArticles(indexContent(site, [...newer, ...base]), x)
    expect(after.length).toBeGreaterThan(0)
    expect(after).toEqual(before)
  })

  it.each([
    ['a Date', { d: new Date(0) }, { d: new Date(0) }],
    ['another Date', { d: new Date(0) }, { d: new Date(1) }],
    ['a Map', { m: new Map([['a', [1]]]) }, { m: new Map([['a', [1]]]) }],
    ['another Map', { m: new Map([['a', [1]]]) }, { m: new Map([['a', [2]]]) }],
    ['fields in another order', { a: 1, b: 2 }, { b: 2, a: 1 }],
    ['a field left undefined', { a: 1, b: undefined }, { a: 1 }],
    ['a longer list', [1, 2], [1, 2, 3]],
    ['an added field', { a: 1 }, { a: 1, summary: 'x' }],
  ])('calls two views the same only when their keys are: %s', (_, a, b) => {
    if (sameJson(a, b)) expect(viewKey(a)).toBe(viewKey(b))
    expect(sameJson(a, b)).toBe(viewKey(a) === viewKey(b) && JSON.stringify(Object.keys(a)) === JSON.stringify(Object.keys(b)))
  })
})
