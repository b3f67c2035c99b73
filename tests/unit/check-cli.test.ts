// `npm run check` and `npm run build` as an editor runs them: real processes, real output.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ARTICLE_CASES, type Case, PHOTO_CASES, SITE_CASES, TOO_DEEP, TOO_SLOW, WARNING_CASES } from './invalid-cases'

const root = path.resolve(__dirname, '../..')
const fixtures = 'tests/fixtures'

/** Runs a command in the project with CONTENT_DIR set; returns its exit code and output. */
export function run(command: string, args: string[], contentDir: string, env: Record<string, string> = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CONTENT_DIR: contentDir, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

const folders: string[] = []
afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true })
})

/** An empty temporary folder, removed after the tests. */
function temporaryFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'))
  folders.push(dir)
  return dir
}

// The project's own tsx, as `npx tsx` would find it: npx itself costs seconds on a busy machine.
const tsx = path.join(root, 'node_modules/.bin/tsx')
const check = (contentDir: string) => run(tsx, ['scripts/publish/check.ts'], contentDir)
let invalidRun: ReturnType<typeof check> | undefined
const checkInvalid = () => (invalidRun ??= check(`${fixtures}/invalid`))

/** The problem lines of the output: `file[:line]  field  message`, with an optional 提醒 prefix. */
const problemLines = (output: string) => output.split('\n').filter((line) => /^(提醒  )?\S+\/\S+?(:\d+)?  \S+(?: \S+)*  /.test(line))

function expectLine(lines: string[], dir: string, [file, field, message]: Case, prefix = '') {
  const start = `${prefix}${dir}/${file}`
  const line = lines.find((l) => (l.startsWith(`${start}  `) || l.startsWith(`${start}:`)) && l.includes(`  ${field}  `))
  expect(line, `no line for ${file} / ${field}`).toBeDefined()
  expect(line!.split(`  ${field}  `)[1]).toMatch(message)
}

const noStackTrace = (output: string) => {
  expect(output).not.toMatch(/^\s+at /m)
  expect(output).not.toMatch(/\b(TypeError|ReferenceError|ZodError|YAMLException)\b/)
}

// Each test spawns Node and tsx: seconds apiece, more when other work loads the machine.
describe('npm run check', { timeout: 60_000 }, () => {
  it('lists every message of the invalid fixtures in one run and exits 1', () => {
    const { status, stdout, stderr } = checkInvalid()
    expect(status).toBe(1)
    const lines = problemLines(stderr)
    for (const c of ARTICLE_CASES) expectLine(lines, `${fixtures}/invalid/articles`, c)
    for (const c of WARNING_CASES) expectLine(lines, `${fixtures}/invalid/articles`, c, '提醒  ')
    for (const c of PHOTO_CASES) expectLine(lines, `${fixtures}/invalid/images`, c)
    const errors = lines.filter((l) => !l.startsWith('提醒'))
    // Articles with only a warning are valid articles too.
    const warned = WARNING_CASES.filter(([file]) => file.endsWith('.md')).length
    expect(stderr).toContain(
      `✖ 内容检查未通过:文章 ${ARTICLE_CASES.length + warned} 篇(${ARTICLE_CASES.length} 篇有错误),` +
        `错误 ${errors.length} 处,草稿 0 篇,定时 0 篇,提醒 ${WARNING_CASES.length} 处`,
    )
    expect(stdout).toBe('')
    noStackTrace(stderr)
  })

  it('prints one block per file, separated by a blank line', () => {
    const { stderr } = checkInvalid()
    const blocks = stderr.trim().split('\n\n').slice(0, -1)
    for (const block of blocks) expect(new Set(block.split('\n').map((l) => l.replace(/^提醒  /, '').split(/:\d+  |  /)[0])).size).toBe(1)
  })

  it('explains a broken site.md and still checks the articles', () => {
    const { status, stderr } = check(`${fixtures}/invalid-site`)
    expect(status).toBe(1)
    const lines = problemLines(stderr)
    for (const c of SITE_CASES) {
      expectLine(lines, `${fixtures}/invalid-site${c[0] === 'site.md' ? '' : '/articles'}`, c)
    }
    noStackTrace(stderr)
  })

  it('says so when site.md is missing', () => {
    const dir = temporaryFolder()
    const { status, stderr } = check(dir)
    expect(status).toBe(1)
    expect(stderr).toMatch(/site\.md  文件  找不到网站信息文件 site\.md/)
  })

  it('passes the valid edge cases with exit 0', () => {
    const { status, stdout, stderr } = check(`${fixtures}/valid-edge`)
    expect(stderr).toBe('')
    expect(status).toBe(0)
    expect(stdout.trim()).toBe('✓ 内容检查通过:文章 7 篇,错误 0 处,草稿 0 篇,定时 0 篇')
  })

  it('lists drafts and scheduled articles, and counts them', () => {
    const dir = temporaryFolder()
    fs.mkdirSync(path.join(dir, 'articles'))
    fs.copyFileSync(path.join(root, fixtures, 'valid-edge/site.md'), path.join(dir, 'site.md'))
    const write = (name: string, fields: string) =>
      fs.writeFileSync(path.join(dir, 'articles', name), `---\n${fields}\ncategory: 关注民生\n---\n\n正文。\n`)
    write('published.md', 'title: 已发布\ndate: 2023-01-07')
    write('draft.md', 'title: 一篇草稿\ndate: 2023-01-08\ndraft: true')
    write('later.md', 'title: 明年的文章\ndate: 2999-01-01 09:00')
    const { status, stdout } = check(dir)
    expect(status).toBe(0)
    expect(stdout).toMatch(/^草稿 +\S+draft\.md  一篇草稿$/m)
    expect(stdout).toMatch(/^定时发布 +\S+later\.md  2999-01-01 09:00  明年的文章$/m)
    expect(stdout).toContain('✓ 内容检查通过:文章 3 篇,错误 0 处,草稿 1 篇,定时 1 篇')
  })
})

describe('npm run check on hostile content', { timeout: 60_000 }, () => {
  it('names the file and line of a body nested too deep or too slow to parse, in Chinese, without a crash', () => {
    const dir = temporaryFolder()
    fs.mkdirSync(path.join(dir, 'articles'))
    fs.copyFileSync(path.join(root, fixtures, 'valid-edge/site.md'), path.join(dir, 'site.md'))
    for (const [name, body] of Object.entries(TOO_DEEP)) {
      fs.writeFileSync(path.join(dir, 'articles', name), `---\ntitle: 标题\ndate: 2023-01-07\ncategory: 关注民生\n---\n\n第一段。\n\n${body}\n`)
    }
    for (const [name, [body]] of Object.entries(TOO_SLOW)) {
      fs.writeFileSync(path.join(dir, 'articles', name), `---\ntitle: 标题\ndate: 2023-01-07\ncategory: 关注民生\n---\n\n${body}\n`)
    }
    // Each file's time is bounded in content.test; here, the messages as an editor sees them.
    const { status, stderr } = check(dir)
    expect(status).toBe(1)
    noStackTrace(stderr)
    expect(stderr).not.toMatch(/RangeError|Maximum call stack/)
    const lines = problemLines(stderr)
    for (const name of Object.keys(TOO_DEEP)) {
      // The body starts on line 9; the indented lists go too deep on their 33rd line.
      const line = name.startsWith('indented') ? 9 + 32 : 9
      expect(lines, name).toContainEqual(expect.stringMatching(new RegExp(`/${name}:${line}  正文  嵌套太深:.*最多 32 层.*请减少这一行前面的缩进`)))
    }
    for (const [name, [, message]] of Object.entries(TOO_SLOW)) {
      expect(lines, name).toContainEqual(expect.stringMatching(new RegExp(`/${name}(:7)?  正文  .*${message.source}`)))
    }
  })

  it('prints titles and file names with their control characters escaped, never raw', () => {
    const dir = temporaryFolder()
    fs.mkdirSync(path.join(dir, 'articles'))
    fs.copyFileSync(path.join(root, fixtures, 'valid-edge/site.md'), path.join(dir, 'site.md'))
    const text = '---\ntitle: "\\e]0;hijacked\\a\\e[2J通知"\ndate: 2023-01-07\ncategory: 关注民生\ndraft: true\n---\n\n正文。\n'
    fs.writeFileSync(path.join(dir, 'articles/title.md'), text)
    fs.writeFileSync(path.join(dir, 'articles', 'name\u001b[2J.md'), text.replace(/title: .*/, 'title: 标题'))
    const { status, stdout, stderr } = check(dir)
    expect(status).toBe(1)
    expect(stdout + stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/)
    expect(stderr).toMatch(/title\.md:2  title  标题\(title\)里有看不见的控制字符 \\x1b:请删掉它/)
    expect(stderr).toMatch(/name\\x1b\[2J\.md  文件名  文件名「name\\x1b\[2J\.md」不能用作网址/)
  })
})

describe('npm run build', () => {
  it('stops on a broken site.md with the same list as the check, and no stack trace', () => {
    const expected = problemLines(check(`${fixtures}/invalid-site`).stderr).filter((l) => !l.startsWith('提醒'))
    expect(expected.length).toBeGreaterThan(0)
    // OUT_DIR keeps a build that wrongly went ahead away from the real out/.
    const build = run('npm', ['run', 'build'], `${fixtures}/invalid-site`, { OUT_DIR: '.e2e/check-cli-build' })
    expect(build.status).not.toBe(0)
    const printed = problemLines(build.stderr).filter((l) => !l.startsWith('提醒'))
    expect(printed).toEqual(expected)
    expect(build.stderr).toContain('✖ 内容检查未通过')
    expect(build.stdout + build.stderr).not.toMatch(/Creating an optimized production build|Next\.js \d/)
    noStackTrace(build.stdout + build.stderr)
    expect(fs.existsSync(path.join(root, '.e2e/check-cli-build'))).toBe(false)
  }, 180_000)
})
