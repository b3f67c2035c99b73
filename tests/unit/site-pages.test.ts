// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Article, indexContent, loadContent } from '@/lib/content'
import { sitePages } from '@/lib/site-pages'

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
  // 60 → 61 opens a new archive page; 1,000 → 1,001 does too, with 48 archive pages before it.
  it.each([59, 60, 1000])('renders about ten pages when the %i-article channel gets one more, never the whole archive', (count) => {
    const list = articles(count)
    const added: Article = { ...list[0], slug: 'new-one', file: 'articles/new-one.md', title: '新增的一篇报道', date: new Date(list[0].date.getTime() + 3_600_000) }
    const pages = touched(list, [added, ...list])
    expect(pages).toContain('/articles/new-one/')
    expect(pages).toContain('/')
    // Its month's page and the list of months (/archive/) count it too.
    expect(pages).toContain('/archive/2026/05/')
    expect(pages).toContain('/archive/')
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
    expect(pages.sort()).toEqual(['/articles/a-200/', '/category/minsheng/feed.xml', '/feed.xml', '/sitemap.xml'])
  })

  it('tagging an old article touches the article, its tag pages, the list of tags and the sitemap', () => {
    const pages = touched(list, edited('a-5', { tags: ['驻村帮扶'] }))
    expect(pages.sort()).toEqual(['/articles/a-5/', '/sitemap.xml', '/tags/', `/tags/${encodeURIComponent('驻村帮扶')}/`])
  })
})
