// @vitest-environment node
// A cold `npm run build` of one change (no resident publisher): the work that does not depend on
// the check (the new release's hard links, a renderer's Next server) starts before it, and a build
// that stops on a content error leaves no half-made release behind.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { writeCorpus } from '../../scripts/tools/generate-corpus.mjs'
import { RENDER_PARENT } from '../../scripts/publish/render-worker'

const root = path.resolve(__dirname, '../..')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cold-build-'))
const contentDir = path.join(tmp, 'content')
const out = path.join(tmp, 'out')
const releases = path.join(tmp, '.out-publish/releases')
const env = { ...process.env, CONTENT_DIR: contentDir, NEXT_TELEMETRY_DISABLED: '1' }
const article = (title: string) => `---\ntitle: "${title}"\ndate: 2026-01-02 09:00\ncategory: 关注民生\nsource: 测试来源\n---\n\n新增的一篇测试文章。\n`

/** `npm run build` as an operator runs it, in a process of its own. */
const npmBuild = (...args: string[]) => spawnSync('npm', ['run', 'build', '--silent', '--', '--out', out, ...args], { cwd: root, env, encoding: 'utf8' })

/** Renderer processes of a build of this test's content folder (each carries its build's pid: scripts/publish/render-worker.ts). */
function renderers(): number[] {
  return fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((entry) => {
    try {
      const environment = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0')
      return environment.includes(`CONTENT_DIR=${contentDir}`) && environment.some((v) => v.startsWith(`${RENDER_PARENT}=`)) ? [Number(entry)] : []
    } catch {
      return []
    }
  })
}

const folders = () => fs.readdirSync(releases).filter((name) => !name.endsWith('.json')).sort()

beforeAll(() => {
  writeCorpus(contentDir, { count: 12 })
  const full = npmBuild('--full')
  expect(full.status, full.stderr).toBe(0)
}, 300_000)
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('a cold build of one change', () => {
  it('links the new release and boots its renderer while it is still checking the content, and publishes the change', async () => {
    // A named pipe as the new article: the check's read of it waits until the test writes the article in.
    const fifo = path.join(contentDir, 'articles/cold-added.md')
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
    const before = folders()
    const child = spawn('npm', ['run', 'build', '--silent', '--', '--out', out], { cwd: root, env })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    try {
      await vi.waitFor(
        () => {
          expect(renderers().length, 'a renderer runs while the check waits for the article').toBeGreaterThan(0)
          expect(folders().filter((name) => !before.includes(name)), 'the new release is being linked').toHaveLength(1)
        },
        { timeout: 120_000, interval: 100 },
      )
      expect(output).not.toMatch(/^check /m)
    } finally {
      fs.writeFileSync(fifo, article('【测试】冷构建新增的一篇'))
      await exited
      // A plain file from now on.
      fs.rmSync(fifo)
      fs.writeFileSync(fifo, article('【测试】冷构建新增的一篇'))
    }
    expect(await exited, output).toBe(0)
    expect(output).toMatch(/^check /m)
    const page = fs.readFileSync(path.join(out, 'articles/cold-added/index.html'), 'utf8')
    expect(page).toContain('冷构建新增的一篇')
  }, 300_000)

  it('leaves no unpublished release behind when the check stops it', () => {
    const site = path.join(contentDir, 'site.md')
    const text = fs.readFileSync(site, 'utf8')
    const live = fs.readlinkSync(out)
    const before = folders()
    fs.writeFileSync(site, text.replace(/^url: .*$/m, 'url: 不是网址'))
    try {
      const stopped = npmBuild()
      expect(stopped.status).toBe(1)
      expect(stopped.stderr).toMatch(/site\.md/)
      // Stopped by its own hand, not crashed: its renderer, still booting, was killed on purpose.
      expect(stopped.stderr).not.toMatch(/Error/)
    } finally {
      fs.writeFileSync(site, text)
    }
    expect(fs.readlinkSync(out)).toBe(live)
    expect(folders()).toEqual(before)
  }, 300_000)
})
