import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { contentFromStore, loadStore, readContent, updateStore } from '@/lib/content'
import { SHARDS, shardDirFor, shardOf } from '@/lib/content/store-file'
import type { Settings } from '@/lib/settings'

const fixtures = path.resolve(__dirname, '../fixtures')
const article = (title: string, body = '正文。', extra = '') =>
  `---\ntitle: ${title}\ndate: 2023-01-07\ncategory: 关注民生\n${extra}---\n\n${body}\n`

let dir: string
let settings: Settings
let storeFile: string

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'))
  fs.mkdirSync(path.join(dir, 'content/articles'), { recursive: true })
  fs.copyFileSync(path.join(fixtures, 'valid-edge/site.md'), path.join(dir, 'content/site.md'))
  fs.cpSync(path.join(fixtures, 'images/public'), path.join(dir, 'public'), { recursive: true })
  for (const name of ['first', 'second', 'third']) fs.writeFileSync(path.join(dir, `content/articles/${name}.md`), article(`${name} 的标题`))
  settings = { contentDir: path.join(dir, 'content'), publicDir: path.join(dir, 'public'), includeUnpublished: false }
  storeFile = path.join(dir, 'store.json')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const write = (name: string, text: string) => fs.writeFileSync(path.join(settings.contentDir, 'articles', name), text)
const check = (parser = 'v1') => updateStore(settings, parser, storeFile)

describe('the content store', () => {
  it('parses every file the first time and none the second', () => {
    expect(check().parsed).toBe(3)
    const again = check()
    expect(again.parsed).toBe(0)
    expect(again.report.articles.map((a) => a.slug).sort()).toEqual(['first', 'second', 'third'])
  })

  it('parses again only the file that was edited, and shows the edit', () => {
    check()
    write('second.md', article('改过的标题'))
    const result = check()
    expect(result.parsed).toBe(1)
    expect(result.report.articles.find((a) => a.slug === 'second')?.title).toBe('改过的标题')
  })

  it('does not parse a file that was saved again without changes', () => {
    check()
    const file = path.join(settings.contentDir, 'articles/first.md')
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5_000))
    expect(check().parsed).toBe(0)
  })

  it('drops a deleted file and reads a new one', () => {
    check()
    fs.rmSync(path.join(settings.contentDir, 'articles/third.md'))
    write('fourth.md', article('第四篇'))
    const result = check()
    expect(result.parsed).toBe(1)
    expect(result.report.articles.map((a) => a.slug).sort()).toEqual(['first', 'fourth', 'second'])
  })

  it('parses everything again when site.md changes, since channels may have changed', () => {
    check()
    const site = path.join(settings.contentDir, 'site.md')
    fs.writeFileSync(site, fs.readFileSync(site, 'utf8').replace('name: 关注民生', 'name: 民生关注'))
    const result = check()
    expect(result.parsed).toBe(3)
    expect(result.report.problems.map((p) => p.field)).toEqual(['category', 'category', 'category'])
  })

  it('parses an article again when an image it uses appears, and stops reporting it missing', () => {
    const image = fs.readdirSync(path.join(settings.publicDir, 'images'))[0]
    write('photo.md', article('有图', `![说明](/images/new-${image})`))
    expect(check().report.problems.map((p) => p.field)).toEqual(['图片'])
    fs.copyFileSync(path.join(settings.publicDir, 'images', image), path.join(settings.publicDir, 'images', `new-${image}`))
    const result = check()
    expect(result.parsed).toBe(1)
    expect(result.report.problems).toEqual([])
  })

  it('parses an article again when its photo appears in content/images/, changes there, or goes back to public/', () => {
    write('photo.md', article('有图', '![说明](/images/tiny.png)'))
    const width = () => /width="(\d+)"/.exec(check().report.articles.find((a) => a.slug === 'photo')!.html)?.[1]
    expect(width()).toBe('3')
    const photo = path.join(settings.contentDir, 'images/tiny.png')
    fs.mkdirSync(path.dirname(photo))
    fs.copyFileSync(path.join(fixtures, '../../public/logo.png'), photo) // 600×60: content/images/ wins
    expect(width()).toBe('600')
    fs.copyFileSync(path.join(fixtures, '../../public/share.png'), photo) // replaced by a 1200×675 photo
    fs.utimesSync(photo, new Date(), new Date(Date.now() + 5_000))
    expect(width()).toBe('1200')
    fs.rmSync(photo)
    expect(width()).toBe('3')
    expect(check().parsed).toBe(0)
  })

  it('hands the build what the check read, with the same articles', () => {
    const { report } = check()
    const stored = contentFromStore(loadStore(storeFile)!, new Date())
    expect(stored.articles.map((a) => [a.slug, a.title, a.date.toISOString(), a.html])).toEqual(
      report.articles.map((a) => [a.slug, a.title, a.date.toISOString(), a.html]),
    )
  })

  it('refuses to hand over content when site.md has problems, naming the file and field', () => {
    fs.writeFileSync(path.join(settings.contentDir, 'site.md'), '---\nname: 测试站\nemial: x\n---\n')
    check()
    expect(() => contentFromStore(loadStore(storeFile)!, new Date())).toThrow(/site\.md.*emial/)
  })

  it('holds a broken file back alone, handing over its last good version meanwhile', () => {
    check()
    write('second.md', article('改坏了', '正文', 'draft: true\n').replace('date: 2023-01-07', 'date: 2026-13-45'))
    write('never-good.md', article('从没写对', '正文', 'date2: x\n'))
    write('fourth.md', article('第四篇'))
    const { report } = check()
    expect(report.blocking).toEqual([])
    expect(report.held.map((h) => [path.basename(h.file), h.keptVersion, h.problems.map((p) => `${p.line} ${p.field}`)])).toEqual([
      ['never-good.md', false, ['5 date2']],
      ['second.md', true, ['3 date']],
    ])
    const stored = contentFromStore(loadStore(storeFile)!, new Date())
    expect(stored.articles.map((a) => [a.slug, a.title, a.draft]).sort()).toEqual([
      ['first', 'first 的标题', false],
      ['fourth', '第四篇', false],
      ['second', 'second 的标题', false],
      ['third', 'third 的标题', false],
    ])
    // Still kept after another check, after a change of site.md, and after a change of the parsing code.
    check()
    fs.appendFileSync(path.join(settings.contentDir, 'site.md'), '\n')
    check('v2')
    expect(contentFromStore(loadStore(storeFile)!, new Date()).bySlug.get('second')?.title).toBe('second 的标题')
    // Fixed: the new version replaces it.
    write('second.md', article('改好了'))
    expect(check('v2').report.articles.find((a) => a.slug === 'second')?.title).toBe('改好了')
  })

  it('drops a kept version when its channel no longer exists', () => {
    check()
    write('second.md', article('改坏了', '正文', 'date2: x\n'))
    check()
    const site = fs.readFileSync(path.join(settings.contentDir, 'site.md'), 'utf8')
    fs.writeFileSync(path.join(settings.contentDir, 'site.md'), site.replace('slug: minsheng', 'slug: renamed'))
    const { report } = check()
    expect(report.articles.map((a) => a.slug)).not.toContain('second')
  })

  it('parses everything again when the parsing code changed', () => {
    check('v1')
    expect(check('v2').parsed).toBe(3)
  })

  it('starts afresh for another folder or another site URL', () => {
    const first = readContent(settings).store
    expect(readContent({ ...settings, siteUrl: 'https://preview.example.org' }, first).parsed).toBe(3)
  })

  it('decides what is scheduled when it is read, not when it was stored', () => {
    write('later.md', article('明年的文章').replace('2023-01-07', '2031-01-01'))
    check()
    const store = loadStore(storeFile)!
    expect(contentFromStore(store, new Date('2026-01-01T00:00:00Z')).bySlug.has('later')).toBe(false)
    expect(contentFromStore(store, new Date('2031-01-02T00:00:00Z')).bySlug.has('later')).toBe(true)
  })

  it('writes only the part of the store that holds a changed file, and a hard link of its head keeps the store as it was', () => {
    // Enough files for every shard: one change must not rewrite the rest (at 20,000 articles the store is about 100 MB).
    for (let i = 0; i < 4 * SHARDS; i++) write(`many-${i}.md`, article(`第 ${i} 篇`))
    check()
    const shards = shardDirFor(storeFile)
    const files = () => new Set(fs.readdirSync(shards))
    const before = files()
    expect(before.size).toBe(SHARDS)
    const snapshot = path.join(dir, 'snapshot.json')
    fs.linkSync(storeFile, snapshot)
    write('many-7.md', article('改过的第 7 篇'))
    expect(check().parsed).toBe(1)
    const written = [...files()].filter((name) => !before.has(name))
    expect(written).toHaveLength(1)
    expect(written[0].startsWith(`${shardOf('many-7.md')}-`)).toBe(true)
    expect(contentFromStore(loadStore(storeFile)!, new Date()).bySlug.get('many-7')?.title).toBe('改过的第 7 篇')
    // The snapshot names the shards it was made with, which stay until they are old.
    expect(contentFromStore(loadStore(snapshot)!, new Date()).bySlug.get('many-7')?.title).toBe('第 7 篇')
    // A deleted file leaves its shard too, and nothing else.
    fs.rmSync(path.join(settings.contentDir, 'articles/many-8.md'))
    const now = files()
    check()
    expect([...files()].filter((name) => !now.has(name))).toHaveLength(1)
    expect(contentFromStore(loadStore(storeFile)!, new Date()).bySlug.has('many-8')).toBe(false)
  })
})
