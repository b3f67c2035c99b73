// `npm run new` as an editor runs it, into a temporary content folder.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { inspectContent } from '@/lib/content'
import { ARTICLE_FIELDS } from '@/lib/content'
import { formatDay } from '@/lib/dates'

const root = path.resolve(__dirname, '../..')
const tsx = path.join(root, 'node_modules/.bin/tsx')

const folders: string[] = []
afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true })
})

function contentFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'new-'))
  folders.push(dir)
  fs.copyFileSync(path.join(root, 'tests/fixtures/valid-edge/site.md'), path.join(dir, 'site.md'))
  return dir
}

/**
 * Runs `scripts/publish/new.ts`, or through npm when `viaNpm`: `npm run new -- …` as documented, or, with
 * 'no-dashes', `npm run new …` as editors mistype it. The machine is west of UTC.
 */
function runNew(dir: string, args: string[], viaNpm: boolean | 'no-dashes' = false) {
  const [command, prefix] =
    viaNpm === 'no-dashes' ? ['npm', ['run', 'new']] : viaNpm ? ['npm', ['run', 'new', '--silent', '--']] : [tsx, ['scripts/publish/new.ts']]
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: root,
    env: { ...process.env, CONTENT_DIR: dir, TZ: 'America/Los_Angeles' },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

const check = (dir: string) =>
  spawnSync(tsx, ['scripts/publish/check.ts'], { cwd: root, env: { ...process.env, CONTENT_DIR: dir }, encoding: 'utf8' })

// Each test spawns Node and tsx: seconds apiece, more when other work loads the machine.
describe('npm run new', { timeout: 60_000 }, () => {
  it('writes a draft dated now in Beijing, to the minute, that passes npm run check, and prints its path and dev URL', () => {
    const dir = contentFolder()
    const started = Date.now()
    const today = formatDay(new Date())
    const { status, stdout } = runNew(dir, ['--title', '娄底市娄星区:扣准驻村帮扶旋律', '--category', '关注民生'], true)
    expect(status).toBe(0)
    const file = path.join(dir, 'articles', `${today}-1.md`)
    expect(fs.existsSync(file)).toBe(true)
    expect(stdout).toContain(`${today}-1.md`)
    expect(stdout).toContain(`http://localhost:3000/articles/${today}-1/`)

    const text = fs.readFileSync(file, 'utf8')
    // The current minute in Beijing, so articles made the same day list in the order they were made.
    const written = /^date: (\d{4}-\d\d-\d\d \d\d:\d\d)$/m.exec(text)?.[1]
    expect(written?.slice(0, 10)).toBe(today)
    const at = Date.parse(`${written!.replace(' ', 'T')}:00+08:00`)
    expect(at).toBeGreaterThanOrEqual(Math.floor(started / 60_000) * 60_000)
    expect(at).toBeLessThanOrEqual(Date.now())
    for (const field of ARTICLE_FIELDS) expect(text).toMatch(new RegExp(`^# .+\\n${field}:`, 'm'))

    const result = check(dir)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('✓ 内容检查通过:文章 1 篇,错误 0 处,草稿 1 篇,定时 0 篇')
    const [article] = inspectContent(dir).articles
    expect(article).toMatchObject({ title: '娄底市娄星区:扣准驻村帮扶旋律', draft: true, channel: { slug: 'minsheng' } })
    expect(article.description).toBe('在这里写正文。') // the instructions are an HTML comment, never shown
  })

  it('numbers date-based slugs so each new article gets its own file', () => {
    const dir = contentFolder()
    const slugs = [1, 2].map(() => {
      const { status, stdout } = runNew(dir, ['--title', '标题', '--category', 'fazhi', '--date', '2023-01-07 08:30'])
      expect(status).toBe(0)
      return /articles\/([\w-]+)\//.exec(stdout)![1]
    })
    expect(slugs).toEqual(['2023-01-07-1', '2023-01-07-2'])
    expect(check(dir).status).toBe(0)
  })

  it('refuses to overwrite an existing article', () => {
    const dir = contentFolder()
    expect(runNew(dir, ['--title', '第一版', '--category', '关注民生', '--slug', 'my-news']).status).toBe(0)
    const file = path.join(dir, 'articles/my-news.md')
    const before = fs.readFileSync(file, 'utf8')
    const second = runNew(dir, ['--title', '第二版', '--category', '关注民生', '--slug', 'my-news'])
    expect(second.status).toBe(1)
    expect(second.stderr).toMatch(/文件已存在,不会覆盖:.*my-news\.md/)
    expect(fs.readFileSync(file, 'utf8')).toBe(before)
  })

  it('keeps titles, sources and authors exactly as given, quoting them when YAML needs it', () => {
    const dir = contentFolder()
    const title = '娄底市: "驻村" [帮扶] #1'
    const args = ['--title', title, '--category', '关注民生', '--slug', 'quoted', '--source', '[红星网]', '--author', '张三: 记者']
    expect(runNew(dir, args).status).toBe(0)
    const { articles, problems } = inspectContent(dir)
    expect(problems).toEqual([])
    expect(articles[0]).toMatchObject({ title, source: '[红星网]', author: '张三: 记者' })
  })

  it('skips a numbered name held by a link whose target is gone', () => {
    const dir = contentFolder()
    fs.mkdirSync(path.join(dir, 'articles'))
    fs.symlinkSync(path.join(dir, 'gone.md'), path.join(dir, 'articles/2023-01-07-1.md'))
    const { status, stdout, stderr } = runNew(dir, ['--title', '标题', '--category', '关注民生', '--date', '2023-01-07'])
    expect(stderr).toBe('')
    expect(status).toBe(0)
    expect(stdout).toContain('2023-01-07-2.md')
    expect(fs.readFileSync(path.join(dir, 'articles/2023-01-07-2.md'), 'utf8')).toContain('title: 标题')
  })

  it.each([
    [['--title', '标题', '--category', '关注民生'], /npm run new 后面少了 --[\s\S]*npm run new -- --title "标题" --category 栏目[\s\S]*你输入的内容:标题 关注民生/],
    [['标题'], /npm run new 后面少了 --[\s\S]*npm run new -- --title "标题" --category 栏目/],
  ])('says what to type when `npm run new %s` lacks the --', (args, message) => {
    const dir = contentFolder()
    const { status, stderr } = runNew(dir, args, 'no-dashes')
    expect(status).toBe(1)
    expect(stderr).toMatch(message)
    expect(stderr).not.toMatch(/用法:/) // the hint, not the whole usage, is the last thing on screen
    expect(fs.existsSync(path.join(dir, 'articles')) ? fs.readdirSync(path.join(dir, 'articles')) : []).toEqual([])
  })

  it.each([
    [['--title', '标题', '--category', '体育'], /栏目不存在:体育。现有栏目:关注民生\(minsheng\)、法治动态\(fazhi\)/],
    [['--category', '关注民生'], /缺少标题/],
    [['--title', '标题'], /缺少栏目/],
    [['--title', '标题', '--category', '关注民生', '--slug', 'Bad_Slug'], /文件名 Bad_Slug 不能用作网址/],
    [['--title', '标题', '--category', '关注民生', '--date', '2023-02-30'], /日期不对:2023-02-30/],
    [['--title', '标题', '--category', '关注民生', '--autor', '张三'], /不认识的参数 --autor/],
    [['--title', '标题', '--category', '关注民生', '--slug', 'a'.repeat(300)], /文件名太长:300 个字符,最多 80 个/],
    [['--title', '\u001b]0;hijacked\u0007\u001b[2J标题', '--category', '关注民生'], /--title 里有看不见的控制字符 \\x1b/],
  ])('explains %j in Chinese and writes nothing', (args, message) => {
    const dir = contentFolder()
    const { status, stderr } = runNew(dir, args)
    expect(status).toBe(1)
    expect(stderr).toMatch(message)
    expect(stderr).not.toMatch(/^\s+at /m)
    expect(stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/) // nothing the terminal would act on
    expect(fs.existsSync(path.join(dir, 'articles')) ? fs.readdirSync(path.join(dir, 'articles')) : []).toEqual([])
  })
})
