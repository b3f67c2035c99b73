// @vitest-environment node
// A page's key is a hash of its whole view, the props its components render (lib/site-pages.ts):
// a list that starts to show one more field of its articles re-keys, and so re-renders, every page
// that shows it, with no second list of fields to keep in step. Shown here by adding a field to
// the list items (lib/view-items.ts), as a developer would, and changing only that field.
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Article } from '@/lib/content'

const WORDS = ['乡村振兴', '驻村帮扶', '廉政建设', '法治宣传', '基层治理']

/** Pages whose key differs after article a-15's summary (shown by no list today) is changed. */
async function rekeyedBySummary(): Promise<string[]> {
  const { indexContent, loadContent } = await import('@/lib/content')
  const { sitePages } = await import('@/lib/site-pages')
  const site = loadContent(path.resolve(__dirname, '../../content')).site
  const articles: Article[] = Array.from({ length: 30 }, (_, i) => ({
    slug: `a-${30 - i}`,
    file: `articles/a-${30 - i}.md`,
    title: `${WORDS[i % WORDS.length]}第 ${30 - i} 期`,
    date: new Date(Date.parse('2026-05-01T08:00:00+08:00') - i * 86_400_000),
    channel: site.channels[0],
    summary: '原来的摘要',
    draft: false,
    pinned: false,
    reposted: false,
    tags: ['驻村帮扶'],
    scheduled: false,
    html: '<p>正文。</p>',
    text: '正文。',
    description: '原来的摘要',
  }))
  const now = new Date('2026-06-01T00:00:00+08:00')
  const keys = (list: Article[]) => new Map(sitePages(indexContent(site, list), now).map((p) => [p.path, p.key]))
  const before = keys(articles)
  const after = keys(articles.map((a) => (a.slug === 'a-15' ? { ...a, summary: '改过的摘要' } : a)))
  return [...after].filter(([page, key]) => before.get(page) !== key).map(([page]) => page).sort()
}

afterEach(() => {
  vi.doUnmock('@/lib/view-items')
  vi.resetModules()
})

describe('page keys', () => {
  it('re-render no list for a field the lists do not show', async () => {
    // The article page shows its summary, and the feeds carry the whole article: nothing else.
    expect(await rekeyedBySummary()).toEqual(['/articles/a-15/', '/category/minsheng/feed.xml', '/feed.xml'])
  })

  it('re-render every list showing an article once its list item shows one more field', async () => {
    vi.doMock('@/lib/view-items', async (importOriginal) => {
      const real = await importOriginal<typeof import('@/lib/view-items')>()
      // A list item that starts to show the summary: added in the one place items are made.
      return {
        ...real,
        listItem: (a: Article) => ({ ...real.listItem(a), summary: a.summary }),
        channelListItem: (a: Article) => ({ ...real.channelListItem(a), summary: a.summary }),
      }
    })
    vi.resetModules()
    const pages = await rekeyedBySummary()
    const tag = `/tags/${encodeURIComponent('驻村帮扶')}/`
    expect(pages).toEqual(
      [
        '/archive/2026/04/',
        '/articles/',
        '/articles/a-15/',
        // The newer articles whose 相关文章 list a-15: a related list shows the summary now.
        '/articles/a-16/',
        '/articles/a-17/',
        '/articles/a-20/',
        '/articles/a-25/',
        '/articles/a-30/',
        '/category/minsheng/',
        '/category/minsheng/2026/04/',
        '/category/minsheng/feed.xml',
        '/feed.xml',
        tag,
        `${tag}2026/04/`,
      ].sort(),
    )
  })
})
