import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inspectContent, loadContent } from '@/lib/content'
import { saveSnapshot } from '@/lib/content'

const fixtures = path.resolve(__dirname, '../fixtures')
const article = (title: string, date = '2023-01-07') =>
  `---\ntitle: ${title}\ndate: ${date}\ncategory: 关注民生\nsource: 红星网\n---\n\n正文第一段。\n\n## 小标题\n\n正文第二段。\n`

let dir: string
let snapshot: string
let readLog: string

/** Saves a snapshot of `dir` as `npm run check` does during a build. */
function check() {
  const { site, articles, problems } = inspectContent(dir)
  expect(problems).toEqual([])
  saveSnapshot(snapshot, dir, site!, articles)
}

/** Article files the loader read from disk since the last call. */
function filesRead() {
  const lines = fs.existsSync(readLog) ? fs.readFileSync(readLog, 'utf8').trim().split('\n').filter(Boolean) : []
  fs.rmSync(readLog, { force: true })
  return lines.map((line) => path.basename(line.slice(line.indexOf(' ') + 1))).filter((name) => name.endsWith('.md') && name !== 'site.md')
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-'))
  fs.mkdirSync(path.join(dir, 'articles'))
  fs.copyFileSync(path.join(fixtures, 'valid-edge/site.md'), path.join(dir, 'site.md'))
  fs.writeFileSync(path.join(dir, 'articles/first.md'), article('第一篇'))
  fs.writeFileSync(path.join(dir, 'articles/second.md'), article('第二篇', '2023-01-08 09:30'))
  snapshot = path.join(dir, 'cache/content-snapshot.json')
  readLog = path.join(dir, 'reads.log')
  process.env.CONTENT_SNAPSHOT = snapshot
  process.env.CONTENT_READ_LOG = readLog
})

afterEach(() => {
  delete process.env.CONTENT_SNAPSHOT
  delete process.env.CONTENT_READ_LOG
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('the content snapshot a build shares with its page workers', () => {
  it('gives the same content as parsing the files, without reading them again', () => {
    delete process.env.CONTENT_SNAPSHOT
    const parsed = loadContent(dir)
    process.env.CONTENT_SNAPSHOT = snapshot
    check()
    filesRead()

    const loaded = loadContent(dir)
    expect(filesRead()).toEqual([])
    expect(loaded.articles).toEqual(parsed.articles)
    expect(loaded.site).toEqual(parsed.site)
    expect(loaded.articles[0].date).toBeInstanceOf(Date)
    expect(loaded.articles[0].channel).toBe(loaded.site.channels.find((c) => c.slug === 'minsheng'))
    expect(loaded.bySlug.get('second')?.html).toContain('<h2>小标题</h2>')
  })

  it('is ignored once an article is edited, added or removed after the check', () => {
    check()
    fs.writeFileSync(path.join(dir, 'articles/first.md'), article('第一篇(改过的标题)'))
    expect(loadContent(dir).bySlug.get('first')?.title).toBe('第一篇(改过的标题)')

    check()
    fs.writeFileSync(path.join(dir, 'articles/third.md'), article('第三篇'))
    expect(loadContent(dir).bySlug.has('third')).toBe(true)

    check()
    fs.rmSync(path.join(dir, 'articles/second.md'))
    expect(loadContent(dir).bySlug.has('second')).toBe(false)
  })

  it('still reports a mistake made after the check, naming the file', () => {
    check()
    fs.writeFileSync(path.join(dir, 'articles/first.md'), '---\ntitle: 没有日期\ncategory: 关注民生\n---\n\n正文。\n')
    expect(() => loadContent(dir)).toThrow(/first\.md.*date/)
  })

  it('is ignored when it belongs to another folder or another site URL', () => {
    check()
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-other-'))
    try {
      fs.cpSync(dir, other, { recursive: true })
      fs.writeFileSync(path.join(other, 'articles/first.md'), article('另一个目录'))
      expect(loadContent(other).bySlug.get('first')?.title).toBe('另一个目录')
    } finally {
      fs.rmSync(other, { recursive: true, force: true })
    }
    process.env.SITE_URL = 'https://preview.example.org'
    try {
      expect(loadContent(dir).site.url).toBe('https://preview.example.org')
    } finally {
      delete process.env.SITE_URL
    }
  })

  it('decides which articles are scheduled when it is loaded, not when it was saved', () => {
    fs.writeFileSync(path.join(dir, 'articles/second.md'), article('第二篇', '2030-01-01'))
    check()
    expect(loadContent(dir).bySlug.has('second')).toBe(false)
    expect(loadContent(dir, { now: new Date('2031-01-01T00:00:00Z') }).bySlug.has('second')).toBe(true)
  })

  it('falls back to parsing when the snapshot is damaged', () => {
    check()
    fs.writeFileSync(snapshot, '{"version":1,"fingerp')
    expect(loadContent(dir).articles.map((a) => a.slug)).toEqual(['second', 'first'])
  })
})
