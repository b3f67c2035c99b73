// `npm run dev` as an editor uses it: a draft shows with its banner, a saved edit shows on refresh,
// and a broken file shows the content check's Chinese message in the browser.
//
// Runs with the `preview` project but starts its own `next dev` (port E2E_PORT_BASE + 20) on a
// temporary content folder. Next allows one dev server per checkout (.next/dev/lock): stop your own
// `npm run dev` before running this. The first page compiles for 10-20 s, longer on a busy machine.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'

const root = path.resolve(import.meta.dirname, '../..')
const port = Number(process.env.E2E_DEV_PORT || Number(process.env.E2E_PORT_BASE || 4310) + 20)
const origin = `http://127.0.0.1:${port}`
const draftUrl = `${origin}/articles/dev-draft/`

let server: ChildProcess | undefined
let log = ''
let dir = ''

const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, 'articles', name), text)
const draft = (body: string) => `---\ntitle: 开发中的草稿\ndate: 2023-01-07\ncategory: 关注民生\ndraft: true\n---\n\n${body}\n`

async function waitForServer(deadline: number) {
  while (Date.now() < deadline) {
    if (server?.exitCode !== null) throw new Error(`next dev exited:\n${log}`)
    try {
      await fetch(`${origin}/favicon.ico`)
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
  }
  throw new Error(`next dev did not start:\n${log}`)
}

test.describe.configure({ mode: 'serial', timeout: 180_000 })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-content-'))
  fs.mkdirSync(path.join(dir, 'articles'))
  fs.copyFileSync(path.join(root, 'tests/fixtures/valid-edge/site.md'), path.join(dir, 'site.md'))
  write('dev-draft.md', draft('第一版正文。'))
  server = spawn(path.join(root, 'node_modules/.bin/next'), ['dev', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, CONTENT_DIR: dir, NEXT_TELEMETRY_DISABLED: '1', OUT_DIR: '' },
    detached: true, // its own process group, so afterAll stops Next's workers too
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout!.on('data', (chunk) => (log += chunk))
  server.stderr!.on('data', (chunk) => (log += chunk))
  await waitForServer(Date.now() + 60_000)
})

test.afterAll(() => {
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM')
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

test.describe('npm run dev', () => {
  test('shows a draft with its 草稿 banner', async ({ page }) => {
    await page.goto(draftUrl, { timeout: 150_000 })
    await expect(page.getByRole('heading', { level: 1, name: '开发中的草稿' })).toBeVisible()
    await expect(page.getByRole('note').filter({ hasText: '草稿' })).toBeVisible()
    await expect(page.getByText('第一版正文。')).toBeVisible()
  })

  test('shows a saved edit on refresh', async ({ page }) => {
    await page.goto(draftUrl, { timeout: 150_000 })
    write('dev-draft.md', draft('第二版正文。'))
    await page.reload()
    await expect(page.getByText('第二版正文。')).toBeVisible()
  })

  test("shows the content check's Chinese message when a file is broken, and recovers when it is fixed", async ({ page }) => {
    write('broken.md', '---\ntitle: 日期写错了\ndate: 2023-02-30\ncategory: 关注民生\n---\n\n正文。\n')
    await page.goto(draftUrl, { timeout: 150_000 })
    await expect(page.getByText(/broken\.md:3\s+date\s+日期不存在:2023-02-30/).first()).toBeVisible({ timeout: 30_000 })
    fs.rmSync(path.join(dir, 'articles/broken.md'))
    await page.goto(draftUrl)
    await expect(page.getByRole('heading', { level: 1, name: '开发中的草稿' })).toBeVisible()
  })
})
