// The RSS feeds, parsed back the way readers parse them: rss-parser (npm) and Python's feedparser.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import Parser from 'rss-parser'
import { describe, expect, it } from 'vitest'
import { type Article, inspectContent, imageLookup, parseArticle } from '@/lib/content'
import { rssFeed } from '@/lib/feeds'

const fixtures = path.resolve(__dirname, '../fixtures')
const site = inspectContent(path.join(fixtures, 'images')).site!
const PUBLIC_DIR = path.join(fixtures, 'images/public')

/** An article parsed from Markdown, as the build parses it. */
function article(slug: string, title: string, body: string, fields = ''): Article {
  const raw = `---\ntitle: ${JSON.stringify(title)}\ndate: 2023-01-07 08:00\ncategory: 关注民生\n${fields}---\n\n${body}\n`
  const parsed = parseArticle(`articles/${slug}.md`, raw, site, imageLookup(PUBLIC_DIR))
  if (!parsed.article) throw new Error(JSON.stringify(parsed.problems))
  return { ...parsed.article, scheduled: false }
}

// The title the outside review built: with the `feed` package, xml-js escaped only the first `]]>`,
// so this closed the CDATA and the item's first <link> became the phishing address.
const INJECTED_TITLE =
  '通知]]>公告]]></title><link>https://evil.example/phish</link><description><![CDATA[<script>alert(1)</script>]]></description><title><![CDATA[尾'
const hostile = [
  article('injected-title', INJECTED_TITLE, '正文。'),
  article('cdata-in-body', '正文里写了两次 ]]>', '代码里常见 `]]>` 结尾,再写一次 ]]> 也不要紧。\n\n<b>]]></b> & <i>&lt;script&gt;</i>'),
  article('links-and-images', '站内链接和图片', '见[上一篇](/articles/injected-title/)和[原文](https://example.com/a)。\n\n![示意图](/images/tiny.png)'),
]
const xml = rssFeed(site, hostile)
const articleUrl = (slug: string) => `${site.url}/articles/${slug}/`

/** feedparser's reading of a feed: bozo (not well-formed) and each entry's fields. */
function feedparser(feed: string) {
  const script = `
import feedparser, json, sys
d = feedparser.parse(sys.stdin.read())
print(json.dumps({"bozo": bool(d.bozo), "reason": str(d.get("bozo_exception", "")), "entries": [
  {"title": e.title, "link": e.link, "links": [l.href for l in e.links], "content": e.content[0].value,
   "updated": e.get("updated"), "tags": [t.term for t in e.get("tags", [])]} for e in d.entries]}))`
  const result = spawnSync('/usr/bin/python3', ['-c', script], { input: feed, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(result.stderr)
  return JSON.parse(result.stdout) as {
    bozo: boolean
    reason: string
    entries: { title: string; link: string; links: string[]; content: string; updated?: string; tags: string[] }[]
  }
}

describe('RSS feed with hostile titles and bodies', () => {
  it('reads back with rss-parser: one item per article, each title whole and each link its own', async () => {
    const feed = await new Parser().parseString(xml)
    expect(feed.items.map((i) => i.title)).toEqual(hostile.map((a) => a.title))
    expect(feed.items.map((i) => i.link)).toEqual(hostile.map((a) => articleUrl(a.slug)))
    expect(feed.items[1]['content:encoded']).toContain('代码里常见 <code>]]></code> 结尾,再写一次 ]]> 也不要紧')
  })

  it('reads back with feedparser as well-formed, no link but the article’s own', () => {
    const parsed = feedparser(xml)
    expect(parsed.reason).toBe('')
    expect(parsed.bozo).toBe(false)
    expect(parsed.entries.map((e) => e.title)).toEqual(hostile.map((a) => a.title))
    for (const [i, entry] of parsed.entries.entries()) expect(entry.links).toEqual([articleUrl(hostile[i].slug)])
    expect(xml).not.toContain('<link>https://evil.example')
    expect(xml).not.toContain('<script>')
  })

  it('makes every link and image address in item content absolute', async () => {
    const feed = await new Parser().parseString(xml)
    const body = new DOMParser().parseFromString(feed.items[2]['content:encoded'], 'text/html').body
    const urls = [...body.querySelectorAll('[href], [src]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src'))
    expect(urls).toEqual([articleUrl('injected-title'), 'https://example.com/a', `${site.url}/images/tiny.png`])
  })

  it('carries a photo as a figure with its caption, well-formed for both parsers', async () => {
    const feed = await new Parser().parseString(xml)
    const body = new DOMParser().parseFromString(feed.items[2]['content:encoded'], 'text/html').body
    const figure = body.querySelector('figure')!
    expect(figure.querySelector('img')?.getAttribute('src')).toBe(`${site.url}/images/tiny.png`)
    expect(figure.querySelector('img')?.getAttribute('alt')).toBe('示意图')
    expect(figure.querySelector('figcaption')?.textContent).toBe('示意图')
    expect(feedparser(xml).entries[2].content).toContain('<figcaption')
  })

  it('takes every date from the articles: a channel without articles has no lastBuildDate', async () => {
    const empty = await new Parser().parseString(rssFeed(site, [], site.channels[1]))
    expect(empty.items).toEqual([])
    expect(empty.lastBuildDate).toBeUndefined()
    expect((await new Parser().parseString(xml)).lastBuildDate).toBe('Sat, 07 Jan 2023 08:00:00 +0800')
  })
})

describe('RSS feed of updated and tagged articles', () => {
  const corrected = article('corrected', '更正过的文章', '正文。', 'updated: 2023-01-08 10:30\ncorrection: 已更正。\ntags: [驻村帮扶, "A&B治理"]\n')
  const plain = article('plain', '没有更新的文章', '正文。')
  const feed = rssFeed(site, [corrected, plain])

  it('gives feedparser each item’s update time; one never updated falls back to its publication time', () => {
    const parsed = feedparser(feed)
    expect(parsed.bozo).toBe(false)
    expect(parsed.entries.map((e) => e.updated)).toEqual(['2023-01-08T10:30:00+08:00', 'Sat, 07 Jan 2023 08:00:00 +0800'])
  })

  it('lists the channel, then each tag, as the item’s categories, escaped', () => {
    expect(feedparser(feed).entries.map((e) => e.tags)).toEqual([['关注民生', '驻村帮扶', 'A&B治理'], ['关注民生']])
  })

  it('lists a tag that repeats the channel’s name once', () => {
    const same = rssFeed(site, [article('same-name', '关键词和栏目同名', '正文。', 'tags: [驻村帮扶, 关注民生]\n')])
    expect(feedparser(same).entries.map((e) => e.tags)).toEqual([['关注民生', '驻村帮扶']])
  })

  it('describes an item by its paragraphs, without a photo’s caption or a subheading', async () => {
    const item = article('meeting', '会议', '会议部署了重点任务。\n\n![会场全景,主席台上坐着五位发言人](/images/tiny.png)\n\n## 下一步工作\n\n会议要求抓好落实。')
    expect(item.description).toBe('会议部署了重点任务。 会议要求抓好落实。')
    const items = await new Parser().parseString(rssFeed(site, [item]))
    expect(items.items[0].contentSnippet ?? items.items[0].content).not.toContain('会场全景')
    expect(rssFeed(site, [item])).toContain('<description>会议部署了重点任务。 会议要求抓好落实。</description>')
  })
})

describe('RSS feed of an article with a photo of content/images/', () => {
  it('carries the photo’s JPEG as a plain image at its absolute address, without the WebP sources or lazy loading', async () => {
    const photo = {
      webp: [480, 828].map((width) => ({ url: `/images/2026/p.0123456789ab.${width}.webp`, width })),
      fallback: { url: '/images/2026/p.0123456789ab.900.jpg', width: 900, height: 600 },
    }
    const lookup = { size: (url: string) => (url === '/images/2026/p.jpg' ? { width: 900, height: 600, photo } : undefined), folder: 'content/images' }
    const { article } = parseArticle('content/articles/with-photo.md', '---\ntitle: 带照片\ndate: 2026-01-02\ncategory: 关注民生\n---\n\n![会场](/images/2026/p.jpg)\n', site, lookup)
    expect(article!.html).toContain('<picture>')
    const xml = rssFeed(site, [{ ...article!, scheduled: false }])
    const [item] = (await new Parser().parseString(xml)).items
    const body = new DOMParser().parseFromString(item['content:encoded'], 'text/html').body
    expect(body.querySelector('picture, source')).toBeNull()
    const img = body.querySelector('img')!
    expect(img.getAttribute('src')).toBe(`${site.url}/images/2026/p.0123456789ab.900.jpg`)
    expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['900', '600'])
    for (const name of ['loading', 'fetchpriority', 'srcset', 'sizes']) expect(img.hasAttribute(name), name).toBe(false)
  })
})
