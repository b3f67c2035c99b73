import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { inspectContent, loadContent, parseArticle } from '@/lib/content'
import { ContentError, formatProblem } from '@/lib/content'
import { ARTICLE_CASES, PHOTO_CASES, SITE_CASES, TOO_DEEP, TOO_SLOW, WARNING_CASES } from './invalid-cases'

const fixtures = path.resolve(__dirname, '../fixtures')
const seedDir = path.resolve(__dirname, '../../content')

function siteFrom(dir: string) {
  const { site } = inspectContent(dir)
  if (!site) throw new Error('fixture site.md is invalid')
  return site
}

const folders: string[] = []
afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true })
})

/** An empty temporary folder, removed after the tests. */
function temporaryFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-'))
  folders.push(dir)
  return dir
}

/** A content folder in a temporary directory, with the fixture site.md and the given articles. */
function folderWith(articles: Record<string, string>) {
  const dir = temporaryFolder()
  fs.mkdirSync(path.join(dir, 'articles'))
  fs.copyFileSync(path.join(fixtures, 'valid-edge/site.md'), path.join(dir, 'site.md'))
  for (const [name, text] of Object.entries(articles)) fs.writeFileSync(path.join(dir, 'articles', name), text)
  return dir
}

const article = (fields: string, body = '正文。') => `---\n${fields}\n---\n\n${body}\n`

describe('loadContent on the real content folder', () => {
  it('reads the seed article with every byline field and the channel it names', () => {
    const { articles, bySlug, byChannel, site } = loadContent(seedDir)
    const seed = bySlug.get('loudi-louxing-zhucun-bangfu')!
    expect(site.name).toBe('廉政法制网')
    expect(seed.title).toBe('娄底市娄星区:扣准驻村帮扶旋律 奏响乡村振兴“进行曲”')
    expect(seed).toMatchObject({ source: '红星网', author: '佚名', channel: { slug: 'minsheng', name: '关注民生' } })
    expect(seed.sourceUrl).toBe('https://www.hxw.gov.cn/content/2022/12/27/14074052.html')
    expect(seed.html.match(/<h2>/g)).toHaveLength(3)
    expect(byChannel.get('minsheng')).toContain(seed)
    expect(articles.length).toBeGreaterThan(0)
  })

  it('lets SITE_URL override the base URL, without a trailing slash', () => {
    process.env.SITE_URL = 'https://preview.example.org/'
    try {
      expect(loadContent(seedDir).site.url).toBe('https://preview.example.org')
    } finally {
      delete process.env.SITE_URL
    }
  })
})

describe('loadContent on valid edge cases', () => {
  it('accepts a BOM, CRLF line endings, times, offsets, blank and absent optional fields', () => {
    const { articles, problems } = inspectContent(path.join(fixtures, 'valid-edge'))
    expect(problems).toEqual([])
    expect(articles.map((a) => a.slug).sort()).toEqual(
      ['blank-optional-fields', 'comments-and-quotes', 'crlf-line-endings', 'date-with-offset', 'date-with-time', 'minimal', 'with-bom'].sort(),
    )
    expect(articles.find((a) => a.slug === 'comments-and-quotes')).toMatchObject({
      title: '娄底市: 引号里的英文冒号没有问题',
      source: '单引号也可以',
      draft: false,
    })
    const blank = articles.find((a) => a.slug === 'blank-optional-fields')!
    expect(blank.author).toBeUndefined()
    expect(blank.source).toBeUndefined()
    expect(articles.find((a) => a.slug === 'crlf-line-endings')!.html).toBe('<p>第一段。</p>\n<p>第二段。</p>')
  })

  it('sorts articles newest first by instant, not by text', () => {
    const { articles } = loadContent(path.join(fixtures, 'valid-edge'))
    const times = articles.map((a) => a.date.getTime())
    expect(times).toEqual([...times].sort((a, b) => b - a))
    expect(articles[0].slug).toBe('blank-optional-fields') // 2023-01-08 beats 2023-01-07 23:30
  })

  it('accepts a channel by its slug as well as by its Chinese name', () => {
    const { bySlug } = loadContent(path.join(fixtures, 'valid-edge'))
    expect(bySlug.get('crlf-line-endings')!.channel.name).toBe('法治动态')
  })
})

describe('loadContent on invalid content', () => {
  const dir = path.join(fixtures, 'invalid')
  const report = inspectContent(dir)
  const about = (file: string, list = report.problems) => list.filter((p) => path.basename(p.file) === file)

  it('lists the problems of every broken file in one error', () => {
    let error: unknown
    try {
      loadContent(dir)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ContentError)
    const files = new Set((error as ContentError).problems.map((p) => path.basename(p.file)))
    expect(files).toEqual(new Set([...ARTICLE_CASES, ...PHOTO_CASES].map(([file]) => file)))
  })

  it('has a fixture for every case and a case for every fixture', () => {
    const entries = fs.readdirSync(path.join(dir, 'articles')).filter((name) => !name.startsWith('.'))
    expect(new Set(entries)).toEqual(new Set([...ARTICLE_CASES, ...WARNING_CASES].map(([file]) => file)))
    expect(new Set(fs.readdirSync(path.join(dir, 'images')))).toEqual(new Set(PHOTO_CASES.map(([file]) => file)))
  })

  it.each(PHOTO_CASES)('refuses images/%s under the field %s', (file, field, message) => {
    const found = about(file)
    expect(found.map((p) => p.field)).toEqual([field])
    expect(found[0].message).toMatch(message)
  })

  it.each(ARTICLE_CASES)('explains %s under the field %s', (file, field, message) => {
    const found = about(file)
    expect(found.map((p) => p.field)).toContain(field)
    expect(found.find((p) => p.field === field)!.message).toMatch(message)
  })

  it.each(WARNING_CASES)('warns about %s under the field %s, without failing it', (file, field, message) => {
    expect(about(file)).toEqual([])
    const found = about(file, report.warnings)
    expect(found.map((p) => p.field)).toEqual([field])
    expect(found[0].message).toMatch(message)
  })

  it('points at the line of the field that is wrong', () => {
    expect(about('date-nonexistent.md')[0].line).toBe(3)
    expect(about('unknown-field.md')[0].line).toBe(5)
    expect(about('image-missing.md')[0].line).toBe(9)
    expect(about('broken-yaml.md')[0].line).toBe(2)
    expect(about('summary-indent.md')[0].line).toBe(7)
    // A missing field has no line of its own: the front matter's first line.
    expect(about('missing-title.md')[0].line).toBe(1)
    expect(about('missing-date.md')[0].line).toBe(1)
    expect(about('nested-too-deep.md')[0].line).toBe(9)
    expect(formatProblem(about('date-nonexistent.md')[0])).toBe(
      'tests/fixtures/invalid/articles/date-nonexistent.md:3  date  日期不存在:2023-02-30(应为 YYYY-MM-DD,如 2023-01-07;也可写 2023-01-07 08:30)',
    )
  })

  it('counts every .md entry, broken or not, and every file that should have been one, and nothing else', () => {
    expect(report.files.map((f) => path.basename(f)).sort()).toEqual(
      [...ARTICLE_CASES.map(([file]) => file), 'title-too-long.md', 'tags-near-duplicate.md'].sort(),
    )
  })
})

describe('loadContent on a broken site.md', () => {
  const report = inspectContent(path.join(fixtures, 'invalid-site'))

  it.each(SITE_CASES)('explains %s under the field %s', (file, field, message) => {
    const found = report.problems.filter((p) => path.basename(p.file) === file && p.field === field)
    expect(found).toHaveLength(1)
    expect(found[0].message).toMatch(message)
  })

  it('points into lists and maps, and not at a nested field of the same name', () => {
    const line = (field: string) => report.problems.find((p) => p.field === field)?.line
    expect(line('栏目第 2 个的 slug')).toBe(9)
    expect(line('栏目第 3 个的 name')).toBe(12)
    expect(line('phones.fax')).toBe(18)
    expect(line('name')).toBe(1) // missing: the front matter's first line, not a channel's name
  })

  it('still checks the articles, except their channel', () => {
    expect(report.site).toBeUndefined()
    expect(report.files).toHaveLength(1)
    expect(report.problems).toHaveLength(SITE_CASES.length)
  })

  it('names a missing site.md', () => {
    const dir = temporaryFolder()
    expect(inspectContent(dir).problems).toEqual([
      { file: expect.stringMatching(/site\.md$/), field: '文件', message: expect.stringMatching(/^找不到网站信息文件 site\.md/) },
    ])
  })
})

describe('parseArticle lists every mistake at once', () => {
  const images = { size: () => undefined, folder: 'content/images' }
  const site = loadContent(path.join(fixtures, 'valid-edge')).site

  it('names a misspelled channel alongside a bad link and a bad tag, each item by its Chinese name and number', () => {
    const text = '---\ntitle: 标题\ndate: 2023-01-07\ncategory: 关注民声\nsourceUrl: www.example.com\ntags: [驻村帮扶, a/b]\n---\n\n正文。\n'
    const { problems } = parseArticle('articles/three.md', text, site, images)
    expect(problems.map((p) => [p.line, p.field, p.message.slice(0, 24)])).toEqual([
      [5, 'sourceUrl', expect.stringContaining('原文链接(sourceUrl)只能是')],
      [6, '关键词第 2 个', expect.stringContaining('关键词「a/b」里有')],
      [4, 'category', expect.stringContaining('栏目不存在:关注民声,是否应为 关注民生')],
    ])
  })
})

describe('names that would break the build or a Windows copy of the site', () => {
  const images = { size: () => undefined, folder: 'content/images' }
  const site = loadContent(path.join(fixtures, 'valid-edge')).site
  const withTags = (tags: string) => `---\ntitle: 标题\ndate: 2023-01-07\ncategory: 关注民生\ntags: [${tags}]\n---\n\n正文。\n`

  it.each(['index.html', 'INDEX.HTML', 'index.html.gz', '😀', '‥', '～', '\u00AD', 'CON', 'nul', 'aux', 'com1', 'Lpt9.txt', 'a.'])('refuses the tag %j, and only with one message', (tag) => {
    const { article, problems } = parseArticle('articles/x.md', withTags(JSON.stringify(tag)), site, images)
    expect(article).toBeUndefined()
    expect(problems.map((p) => p.field)).toEqual(['关键词第 1 个'])
  })

  it.each(['Node.js', 'AI', 'R&D', '5G', 'console'])('accepts the tag %j', (tag) => {
    expect(parseArticle('articles/x.md', withTags(JSON.stringify(tag)), site, images).problems).toEqual([])
  })

  it.each(['con', 'prn', 'aux', 'nul', 'com1', 'lpt3'])('refuses the file name %s.md', (slug) => {
    const { problems } = parseArticle(`articles/${slug}.md`, withTags('驻村帮扶'), site, images)
    expect(problems).toEqual([expect.objectContaining({ field: '文件名', message: expect.stringContaining('Windows 的保留名') })])
  })
})

describe('转载 (reposted)', () => {
  const images = { size: () => undefined, folder: 'content/images' }
  const site = loadContent(path.join(fixtures, 'valid-edge')).site
  const reposted = (extra: string) =>
    parseArticle('articles/x.md', `---\ntitle: 标题\ndate: 2023-01-07\ncategory: 关注民生\n${extra}---\n\n正文。\n`, site, images).article?.reposted

  it('is true for a source that names another outlet, and false for our own reporting', () => {
    expect(reposted('source: 红星网\n')).toBe(true)
    expect(reposted(`source: ${site.name}\nauthor: 本网记者\n`)).toBe(false)
    expect(reposted('source: 本网\n')).toBe(false)
    expect(reposted('')).toBe(false)
  })

  it('follows the reposted field when it is written', () => {
    expect(reposted('source: 红星网\nreposted: false\n')).toBe(false)
    expect(reposted('reposted: true\n')).toBe(true)
  })
})

describe('parseArticle on hostile bodies', { timeout: 30_000 }, () => {
  const images = { size: () => undefined, folder: 'public' }
  const site = loadContent(path.join(fixtures, 'valid-edge')).site
  const text = (body: string) => `---\ntitle: 标题\ndate: 2023-01-07\ncategory: 关注民生\n---\n\n${body}\n`

  it.each(Object.keys(TOO_DEEP))('refuses %s without hanging, saying which line nests too deep', (name) => {
    const started = performance.now()
    const parsed = parseArticle(`articles/${name}`, text(TOO_DEEP[name]), site, images)
    // Not a speed target: a bound far above the ~0.1 s it takes, far below the 26 s before the limit.
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(parsed.problems).toEqual([expect.objectContaining({ field: '正文', line: expect.any(Number), message: expect.stringMatching(/^嵌套太深/) })])
  })

  it.each(Object.keys(TOO_SLOW))('refuses %s without hanging, saying why the parser would take too long', (name) => {
    const [body, message] = TOO_SLOW[name]
    const started = performance.now()
    const parsed = parseArticle(`articles/${name}`, text(body), site, images)
    // Not a speed target: a bound far above the ~0.1 s it takes, far below the 27 s before the limit.
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(parsed.problems).toEqual([expect.objectContaining({ field: '正文', message: expect.stringMatching(message) })])
  })

  it('points at the paragraph with too many marks, and leaves code blocks and ordinary prose alone', () => {
    const marks = `第一段。\n\n\`\`\`\n${'*'.repeat(5000)}\n\`\`\`\n\n第三段**加粗**。\n\n${'_*'.repeat(1500)}\n`
    expect(parseArticle('articles/marks.md', text(marks), site, images).problems).toEqual([
      expect.objectContaining({ field: '正文', line: 15, message: expect.stringMatching(/^从这一行起的一段里有 3000 个/) }),
    ])
    expect(parseArticle('articles/code.md', text(`\`\`\`\n${'*'.repeat(5000)}\n\`\`\``), site, images).problems).toEqual([])
  })

  it('still renders lists, quotes and tables nested a few levels deep', () => {
    const body = '- 一\n  - 二\n    - 三\n      > 引用\n      > > 引用里的引用\n\n<table><tr><td><p><b><i>表格</i></b></p></td></tr></table>'
    const parsed = parseArticle('articles/nested.md', text(body), site, images)
    expect(parsed.problems).toEqual([])
  })
})

describe('publishing states', () => {
  const now = new Date('2026-06-01T12:00:00+08:00')
  const dir = folderWith({
    'published.md': article('title: 已发布\ndate: 2026-06-01 11:00\ncategory: 关注民生'),
    'draft.md': article('title: 草稿\ndate: 2026-05-01\ncategory: 关注民生\ndraft: true'),
    'scheduled.md': article('title: 定时\ndate: 2026-06-01 12:30\ncategory: 关注民生'),
  })

  it('leaves drafts and articles dated after the build out of production content', () => {
    const { articles, bySlug, byChannel } = loadContent(dir, { now })
    expect(articles.map((a) => a.slug)).toEqual(['published'])
    expect(bySlug.has('draft')).toBe(false)
    expect(byChannel.get('minsheng')!.map((a) => a.slug)).toEqual(['published'])
  })

  it('keeps them, marked, in development and preview', () => {
    const { bySlug } = loadContent(dir, { now, includeUnpublished: true })
    expect(bySlug.get('draft')).toMatchObject({ draft: true })
    expect(bySlug.get('scheduled')).toMatchObject({ draft: false, scheduled: true })
  })
})

describe('parseArticle', () => {
  const site = siteFrom(path.join(fixtures, 'valid-edge'))
  const images = { size: () => undefined, folder: 'public' }

  it('never produces "undefined" for absent optional fields', () => {
    const parsed = parseArticle('x/min.md', article('title: 标题\ndate: 2023-01-07\ncategory: 关注民生'), site, images)
    expect(parsed.problems).toEqual([])
    expect(JSON.stringify(parsed.article)).not.toContain('undefined')
  })

  it('describes an article by its summary, or by the start of its text', () => {
    const summarised = parseArticle('x/a.md', article('title: 甲\ndate: 2023-01-07\ncategory: 关注民生\nsummary: 提要。'), site, images)
    const long = parseArticle('x/b.md', article('title: 乙\ndate: 2023-01-07\ncategory: 关注民生', '字'.repeat(300)), site, images)
    expect(summarised.article).toMatchObject({ description: '提要。' })
    expect(long.article?.description).toBe('字'.repeat(120) + '…')
  })

  it('refuses data: and relative source URLs as well as javascript:', () => {
    for (const url of ['data:text/html,x', '/local/page', 'JaVaScRiPt:alert(1)', 'ftp://example.com/x']) {
      const parsed = parseArticle('x/u.md', article(`title: 甲\ndate: 2023-01-07\ncategory: 关注民生\nsourceUrl: "${url}"`), site, images)
      expect(parsed.article).toBeUndefined()
      expect(parsed.problems.map((p) => p.field)).toEqual(['sourceUrl'])
    }
  })
})

describe('newsroom fields', () => {
  it('reads pinned, updated, correction and tags, trimming and collapsing each tag and dropping repeats', () => {
    const dir = folderWith({
      'a.md': article('title: 更正过的文章\ndate: 2026-11-20 09:00\ncategory: 关注民生\npinned: true\nupdated: 2026-11-21 10:00\ncorrection: 第二段的年份有误,已更正。\ntags: [" 驻村  帮扶 ", 乡村振兴, 乡村振兴]'),
      'b.md': article('title: 一行写的关键词\ndate: 2026-11-19\ncategory: 关注民生\ntags: 驻村帮扶,乡村振兴、基层治理'),
      'c.md': article('title: 没有新字段\ndate: 2026-11-18\ncategory: 关注民生'),
    })
    const { bySlug, pinned, byTag } = loadContent(dir)
    expect(bySlug.get('a')).toMatchObject({
      pinned: true,
      updated: new Date('2026-11-21T10:00:00+08:00'),
      correction: '第二段的年份有误,已更正。',
      tags: ['驻村 帮扶', '乡村振兴'],
    })
    expect(bySlug.get('b')!.tags).toEqual(['驻村帮扶', '乡村振兴', '基层治理'])
    expect(bySlug.get('c')).toMatchObject({ pinned: false, tags: [] })
    expect(bySlug.get('c')!.updated).toBeUndefined()
    expect(pinned.map((a) => a.slug)).toEqual(['a'])
    expect(byTag.get('乡村振兴')!.map((a) => a.slug)).toEqual(['a', 'b'])
  })

  it('warns once about a tag spelled two ways across files, at the rarer spelling, naming the others', () => {
    const dir = folderWith({
      'a.md': article('title: 一\ndate: 2026-11-20\ncategory: 关注民生\ntags: [驻村帮扶]'),
      'b.md': article('title: 二\ndate: 2026-11-19\ncategory: 关注民生\ntags: [驻村帮扶]'),
      'c.md': article('title: 三\ndate: 2026-11-18\ncategory: 关注民生\n\ntags:\n  - ＡＩ治理\n  - 驻村·帮扶'),
      'd.md': article('title: 四\ndate: 2026-11-17\ncategory: 关注民生\ntags: [ai治理, 乡村振兴战略, 乡村振兴]'),
    })
    const { warnings, problems } = inspectContent(dir)
    expect(problems).toEqual([])
    expect(warnings.map(formatProblem).map((w) => w.replace(/^.*articles\//, ''))).toEqual([
      'c.md:6  tags  关键词「驻村·帮扶」和「驻村帮扶」几乎一样(只差空格、标点、大小写或全角半角),会分成两个关键词页面:请统一写成「驻村帮扶」(已有 2 篇这样写)',
      // A tie goes to the half-width spelling.
      'c.md:6  tags  关键词「ＡＩ治理」和「ai治理」几乎一样(只差空格、标点、大小写或全角半角),会分成两个关键词页面:请统一写成「ai治理」(已有 1 篇这样写)',
    ])
  })

  it('refuses an update in the future only until that moment has passed', () => {
    const dir = folderWith({ 'a.md': article('title: 一\ndate: 2026-11-20\ncategory: 关注民生\nupdated: 2026-11-21 10:00') })
    const before = inspectContent(dir, new Date('2026-11-21T09:59:00+08:00'))
    expect(before.problems.map((p) => [p.field, p.line])).toEqual([['updated', 5]])
    expect(inspectContent(dir, new Date('2026-11-21T10:00:00+08:00')).problems).toEqual([])
  })
})
