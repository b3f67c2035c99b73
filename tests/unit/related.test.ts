// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Article, indexContent, loadContent } from '@/lib/content'
import { relatedArticles } from '@/lib/related'

const site = loadContent(path.resolve(__dirname, '../../content')).site
const [minsheng, lianzheng] = site.channels

/** Articles newest first, a day apart, from (title, channel, tags) triples. */
function contentOf(list: [title: string, channel: typeof minsheng, tags?: string[]][]) {
  const articles: Article[] = list.map(([title, channel, tags = []], i) => ({
    slug: `a-${i}`,
    file: `articles/a-${i}.md`,
    title,
    date: new Date(Date.parse('2026-05-01T08:00:00+08:00') - i * 86_400_000),
    channel,
    draft: false,
    reposted: false,
    pinned: false,
    tags,
    scheduled: false,
    html: '<p>正文</p>',
    text: '正文',
    description: '正文',
  }))
  return indexContent(site, articles)
}

const titles = (list: Article[]) => list.map((a) => a.title)

describe('相关文章', () => {
  it('puts articles sharing a tag before those sharing only title words', () => {
    const content = contentOf([
      ['娄星区推进驻村帮扶工作', minsheng, ['驻村帮扶']],
      ['娄星区推进驻村帮扶会议', minsheng], // three title words in common, no tag
      ['基层治理见成效', lianzheng, ['驻村帮扶']], // no title word, the tag
      ['一则无关的通知', minsheng],
    ])
    expect(titles(relatedArticles(content, content.articles[0]))).toEqual(['基层治理见成效', '娄星区推进驻村帮扶会议', '一则无关的通知'])
  })

  it('chooses only among earlier articles, so a new article never changes an older page', () => {
    const content = contentOf([
      ['新的驻村帮扶报道', minsheng, ['驻村帮扶']],
      ['旧的驻村帮扶报道', minsheng, ['驻村帮扶']],
    ])
    expect(titles(relatedArticles(content, content.articles[1]))).toEqual([])
    expect(titles(relatedArticles(content, content.articles[0]))).toEqual(['旧的驻村帮扶报道'])
  })
})
