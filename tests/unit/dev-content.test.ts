// `npm run dev`: a mistake in the content folder is listed by the root layout (contentError) instead
// of thrown from every page, and printed to the terminal once.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { moveInPhotoFolder } from '../photos.mjs'

const fixtures = path.resolve(__dirname, '../fixtures')
const article = (title: string, date = '2023-01-07') => `---\ntitle: ${title}\ndate: ${date}\ncategory: 关注民生\n---\n\n正文。\n`

let dir: string
// lib/content reads NODE_ENV when it is loaded: load it afresh, as development.
async function devContent() {
  vi.resetModules()
  vi.stubEnv('NODE_ENV', 'development')
  vi.stubEnv('CONTENT_DIR', dir)
  return import('@/lib/content')
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-content-'))
  fs.mkdirSync(path.join(dir, 'articles'))
  fs.copyFileSync(path.join(fixtures, 'valid-edge/site.md'), path.join(dir, 'site.md'))
  fs.writeFileSync(path.join(dir, 'articles/good.md'), article('好的文章'))
  // The loader's cache lives on globalThis (it outlives a module reset): start each test afresh.
  delete (globalThis as { __lzfzwContent?: unknown }).__lzfzwContent
})
afterEach(async () => {
  // The development loader's file watches (lib/content/changes.ts) outlive a module reset too.
  const watches = (globalThis as { __lzfzwWatches?: Map<string, { close(): Promise<void> }> }).__lzfzwWatches
  await Promise.all([...(watches?.values() ?? [])].map((watch) => watch.close()))
  watches?.clear()
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('content in development', () => {
  it('holds a broken article back on its own page, names it to every page, and prints it once until it changes', async () => {
    const print = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const { content, contentError, heldArticles } = await devContent()
    expect(contentError()).toBeUndefined()
    expect(heldArticles()).toEqual([])

    fs.writeFileSync(path.join(dir, 'articles/broken.md'), article('日期写错了', '2023-02-30'))
    // A file watcher tells the loader what changed (lib/content/changes.ts): shown on a later request.
    await vi.waitFor(() => expect(heldArticles()).toHaveLength(1), { timeout: 30_000 })
    expect(() => content()).not.toThrow()
    expect(content().articles.map((a) => a.slug)).toEqual(['good'])
    for (let i = 0; i < 3; i++) {
      // Not in place of every page: the layout gets nothing to replace pages with...
      expect(contentError()).toBeUndefined()
      // ...but the held-back file, for its own page and a banner.
      expect(heldArticles()).toMatchObject([
        { slug: 'broken', keptVersion: false, problems: [{ line: 3, field: 'date', message: expect.stringContaining('日期不存在:2023-02-30') }] },
      ])
    }
    expect(print).toHaveBeenCalledTimes(1)
    expect(print.mock.calls[0][0]).toMatch(/broken\.md:3 {2}date {2}日期不存在:2023-02-30/)

    fs.writeFileSync(path.join(dir, 'articles/other.md'), article('另一个错误', '2023-13-01'))
    await vi.waitFor(() => expect(heldArticles()).toHaveLength(2), { timeout: 30_000 })
    contentError()
    expect(print).toHaveBeenCalledTimes(2) // changed: printed again

    fs.rmSync(path.join(dir, 'articles/broken.md'))
    fs.rmSync(path.join(dir, 'articles/other.md'))
    await vi.waitFor(() => expect(heldArticles()).toEqual([]), { timeout: 30_000 })
    contentError()
    fs.writeFileSync(path.join(dir, 'articles/broken.md'), article('日期写错了', '2023-02-30'))
    await vi.waitFor(() => expect(heldArticles()).toHaveLength(1), { timeout: 30_000 })
    contentError()
    expect(print).toHaveBeenCalledTimes(3) // broken again after a fix: printed again
  }, 120_000)

  it('keeps showing the last good version of an article broken while previewing', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const { content, heldArticles } = await devContent()
    expect(content().bySlug.get('good')?.title).toBe('好的文章')
    fs.writeFileSync(path.join(dir, 'articles/good.md'), article('改坏了', '2023-13-45'))
    await vi.waitFor(() => expect(heldArticles()).toMatchObject([{ slug: 'good', keptVersion: true }]), { timeout: 30_000 })
    expect(content().bySlug.get('good')?.title).toBe('好的文章')
  }, 120_000)

  it('shows a file saved by renaming over it (sed -i, vim, editors) and later edits of it, without looking at every file', async () => {
    const { content } = await devContent()
    const titles = () => content().articles.map((a) => a.title)
    expect(titles()).toEqual(['好的文章'])
    // Once the watch is up, a request after no change looks at no file at all.
    const file = path.join(dir, 'articles/good.md')
    await vi.waitFor(() => {
      const stat = vi.spyOn(fs, 'statSync')
      const lstat = vi.spyOn(fs, 'lstatSync')
      titles()
      const looked = [...stat.mock.calls, ...lstat.mock.calls].map(([f]) => String(f)).filter((f) => f.includes(path.join(dir, 'articles')))
      stat.mockRestore()
      lstat.mockRestore()
      expect(looked).toEqual([])
    }, { timeout: 30_000 })
    fs.writeFileSync(`${file}.tmp`, article('改名保存'))
    fs.renameSync(`${file}.tmp`, file)
    await vi.waitFor(() => expect(titles()).toEqual(['改名保存']), { timeout: 30_000 })
    fs.writeFileSync(file, article('改名后原地修改'))
    await vi.waitFor(() => expect(titles()).toEqual(['改名后原地修改']), { timeout: 30_000 })
    fs.rmSync(file)
    await vi.waitFor(() => expect(titles()).toEqual([]), { timeout: 30_000 })
  }, 120_000)

  it('shows an article saved, added or deleted on its own page at once, before the file watcher reports it, by looking at that file alone', async () => {
    const { content, refreshArticle } = await devContent()
    const file = (slug: string) => path.join(dir, 'articles', `${slug}.md`)
    // Its page's request: its own file looked at, then the content (app/articles/[[...slug]]/page.tsx).
    const page = (slug: string) => {
      refreshArticle(slug)
      return content().bySlug.get(slug)?.title
    }
    expect(page('good')).toBe('好的文章')
    // Once the watch is up, a request after no change looks at the requested article's file alone.
    await vi.waitFor(() => {
      const stat = vi.spyOn(fs, 'statSync')
      const lstat = vi.spyOn(fs, 'lstatSync')
      page('good')
      const looked = [...stat.mock.calls, ...lstat.mock.calls].map(([f]) => String(f)).filter((f) => f.startsWith(dir + path.sep))
      stat.mockRestore()
      lstat.mockRestore()
      expect(looked).toEqual([file('good')])
    }, { timeout: 30_000 })
    // No turn of the event loop between the save and the request: the watcher cannot have reported it.
    fs.writeFileSync(file('good'), article('刚保存的标题'))
    expect(page('good')).toBe('刚保存的标题')
    fs.writeFileSync(`${file('good')}.tmp`, article('改名保存的标题'))
    fs.renameSync(`${file('good')}.tmp`, file('good'))
    expect(page('good')).toBe('改名保存的标题')
    fs.writeFileSync(file('fresh'), article('新建的文章'))
    expect(page('fresh')).toBe('新建的文章')
    fs.rmSync(file('good'))
    expect(page('good')).toBeUndefined()
    // The watcher's later report changes nothing more.
    await vi.waitFor(() => expect(content().articles.map((a) => a.title)).toEqual(['新建的文章']), { timeout: 30_000 })
  }, 120_000)

  it('shows a photo replaced under the same name with its new files, on a later request', async () => {
    const root = path.resolve(__dirname, '../..')
    const { content } = await devContent()
    // Once the watch is up, a request after no change looks at no file at all (lib/content/changes.ts).
    await vi.waitFor(() => {
      const stat = vi.spyOn(fs, 'statSync')
      content()
      const looked = stat.mock.calls.map(([f]) => String(f)).filter((f) => f.startsWith(dir + path.sep))
      stat.mockRestore()
      expect(looked).toEqual([])
    }, { timeout: 30_000 })
    // A folder of photos is moved in while the dev server runs, as an editor drags one in (a file
    // watcher hears of images/ but not of the folder 2024/ already inside it).
    const photo = moveInPhotoFolder(dir, root) // 600×60
    fs.writeFileSync(path.join(dir, 'articles/photo.md'), `${article('带照片')}\n![驻村工作队走访农户](/images/2024/会议现场.png)\n`)
    const photoOf = () => content().bySlug.get('photo')?.image
    await vi.waitFor(() => expect(photoOf()).toMatchObject({ width: 600 }), { timeout: 30_000 })
    const before = content().bySlug.get('photo')!.html
    fs.copyFileSync(path.join(root, 'public/share.png'), photo) // 1200×675
    await vi.waitFor(() => expect(photoOf()).toMatchObject({ width: 1200, height: 675 }), { timeout: 30_000 })
    const after = content().bySlug.get('photo')!.html
    expect(after).not.toBe(before)
    expect(after).toMatch(/\.[0-9a-f]{12}\.1200\.webp/)
  })

  it('stands a placeholder in for a broken site.md, so pages still render', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    fs.writeFileSync(path.join(dir, 'site.md'), '---\nname: 测试站\n---\n')
    const { content, contentError } = await devContent()
    expect(content().site.channels).toEqual([])
    expect(contentError()?.problems.length).toBeGreaterThan(0)
  })

  it('is never reported outside development, where a broken site.md stops the build first', async () => {
    vi.resetModules()
    vi.stubEnv('NODE_ENV', 'production')
    vi.stubEnv('CONTENT_DIR', dir)
    fs.writeFileSync(path.join(dir, 'articles/broken.md'), article('日期写错了', '2023-02-30'))
    fs.writeFileSync(path.join(dir, 'site.md'), '---\nname: 测试站\n---\n')
    const { content, contentError, heldArticles } = await import('@/lib/content')
    expect(contentError()).toBeUndefined()
    expect(heldArticles()).toEqual([])
    expect(() => content()).toThrow(/缺少网址/)
  })
})
