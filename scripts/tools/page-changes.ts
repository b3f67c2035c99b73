// What one edit touches, counted without building: the pages whose key (lib/site-pages.ts) a
// change of one article alters, for each kind of change, on the generated corpus
// (scripts/tools/generate-corpus.mjs; every fifth article tagged, one pinned). `npm run bench` prints
// it at each size, and tests/unit/site-pages.test.ts holds every kind to the target.
//
//   npx tsx scripts/tools/page-changes.ts [--articles 1000,5000,20000]
import path from 'node:path'
import { parseArgs } from 'node:util'
import { type Article, indexContent, loadContent, type Site } from '../../lib/content'
import { sitePages } from '../../lib/site-pages'
import { corpusArticle, seedParagraphs } from './generate-corpus.mjs'

/** The target: at most about this many pages rendered for any one edit (issue 26). */
export const PAGES_PER_CHANGE = 25

const TAGS = ['乡村振兴', '驻村帮扶', '廉政建设', '法治宣传', '基层治理', '营商环境', '安全生产', '教育公平', '医疗保障', '环境保护']
const HOUR = 3_600_000

/** The generated corpus of `count` articles as loaded content would hold them, newest first. */
export function corpusArticles(site: Site, count: number): Article[] {
  const paragraphs = seedParagraphs()
  return Array.from({ length: count }, (_, i) => {
    const { slug, title, stamp, channel, body } = corpusArticle(i, { paragraphs })
    const text = body.replace(/^## /gm, '')
    return {
      slug,
      file: `articles/${slug}.md`,
      title,
      date: new Date(`${stamp.replace(' ', 'T')}:00+08:00`),
      channel: site.channels.find((c) => c.name === channel)!,
      source: '测试来源',
      author: '测试作者',
      draft: false,
      pinned: i === 100,
      reposted: true,
      tags: i % 5 === 0 ? [TAGS[(i / 5) % TAGS.length]] : [],
      scheduled: false,
      html: text.split('\n\n').map((p) => `<p>${p}</p>`).join('\n'),
      text,
      description: text.slice(0, 120),
    }
  })
}

/** One kind of edit: a name, and the articles after it (the list before is never changed). */
export interface ChangeKind {
  name: string
  apply: (articles: Article[], site: Site) => Article[]
}

const replace = (articles: Article[], slug: string, change: Partial<Article>) => articles.map((a) => (a.slug === slug ? { ...a, ...change } : a))
const byDate = (articles: Article[]) => [...articles].sort((a, b) => b.date.getTime() - a.date.getTime())
const added = (articles: Article[], date: Date, site: Site): Article => ({
  ...articles[0],
  slug: 'added-one',
  file: 'articles/added-one.md',
  title: '【测试】新增的一篇报道',
  date,
  channel: site.channels[0],
  tags: [],
  pinned: false,
})
const otherChannel = (site: Site, article: Article) => site.channels.find((c) => c.slug !== article.channel.slug)!

export const CHANGE_KINDS: ChangeKind[] = [
  { name: 'add (newest)', apply: (a, site) => [added(a, new Date(a[0].date.getTime() + HOUR), site), ...a] },
  { name: 'add (into an old month)', apply: (a, site) => byDate([...a, added(a, new Date(a.at(-1)!.date.getTime() + 30 * HOUR), site)]) },
  { name: 'edit title (newest)', apply: (a) => replace(a, a[0].slug, { title: '【测试】改过标题的一篇' }) },
  { name: 'edit title (oldest)', apply: (a) => replace(a, a.at(-1)!.slug, { title: '【测试】改过标题的一篇' }) },
  { name: 'edit text (oldest)', apply: (a) => replace(a, a.at(-1)!.slug, { html: '<p>改过的正文。</p>', text: '改过的正文。', description: '改过的正文。' }) },
  { name: 'delete (newest)', apply: (a) => a.slice(1) },
  { name: 'delete (oldest)', apply: (a) => a.slice(0, -1) },
  { name: 'draft: true (middle)', apply: (a) => a.filter((_, i) => i !== Math.floor(a.length / 2)) },
  { name: 'redate (oldest → newest)', apply: (a) => byDate(replace(a, a.at(-1)!.slug, { date: new Date(a[0].date.getTime() + HOUR) })) },
  { name: 'redate (newest → mid-archive)', apply: (a) => byDate(replace(a, a[0].slug, { date: new Date(a[Math.floor(a.length / 2)].date.getTime() - HOUR) })) },
  { name: 'move channel (oldest)', apply: (a, site) => replace(a, a.at(-1)!.slug, { channel: otherChannel(site, a.at(-1)!) }) },
  { name: 'move channel (newest)', apply: (a, site) => replace(a, a[0].slug, { channel: otherChannel(site, a[0]) }) },
  { name: 'retag (oldest)', apply: (a) => replace(a, a.at(-1)!.slug, { tags: [TAGS[3], '新的关键词'] }) },
  { name: 'pin (oldest)', apply: (a) => replace(a, a.at(-1)!.slug, { pinned: true }) },
  { name: 'unpin (the lead)', apply: (a) => a.map((x) => (x.pinned ? { ...x, pinned: false } : x)) },
]

/** The pages one change renders (new or changed key) and removes, against the list before it. */
export interface Touched {
  rendered: string[]
  removed: string[]
}

/** Which pages each kind of change touches on `articles` at `now`. */
export function pagesPerChange(site: Site, articles: Article[], now: Date, kinds = CHANGE_KINDS): Map<string, Touched> {
  const before = new Map(sitePages(indexContent(site, articles), now).map((p) => [p.path, p.key]))
  const result = new Map<string, Touched>()
  for (const kind of kinds) {
    const after = sitePages(indexContent(site, kind.apply(articles, site)), now)
    const paths = new Set(after.map((p) => p.path))
    result.set(kind.name, {
      rendered: after.filter((p) => before.get(p.path) !== p.key).map((p) => p.path),
      removed: [...before.keys()].filter((p) => !paths.has(p)),
    })
  }
  return result
}

/** The corpus's moment: a day after its newest article (so the news sitemap holds a few). */
export const CORPUS_NOW = new Date('2026-01-02T12:00:00+08:00')

/** Lines for the bench: pages rendered (and removed) per change kind at each size. */
export function pageChangeLines(counts: number[], root = process.cwd()): string[] {
  const site = loadContent(path.join(root, 'content')).site
  const results = counts.map((count) => pagesPerChange(site, corpusArticles(site, count), CORPUS_NOW))
  const width = Math.max(...CHANGE_KINDS.map((k) => k.name.length))
  const lines = [`${'pages rendered (+ removed) per change'.padEnd(width)}  ${counts.map((c) => String(c).padStart(9)).join('')}`]
  for (const kind of CHANGE_KINDS) {
    const cells = results.map((r) => {
      const { rendered, removed } = r.get(kind.name)!
      const over = rendered.length + removed.length > PAGES_PER_CHANGE ? ' ✖' : ''
      return `${rendered.length}${removed.length ? `+${removed.length}` : ''}${over}`.padStart(9)
    })
    lines.push(`${kind.name.padEnd(width)}  ${cells.join('')}`)
  }
  return lines
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { articles: { type: 'string', default: '1000,5000,20000' } } })
  console.log(pageChangeLines(values.articles!.split(',').map(Number)).join('\n'))
}
