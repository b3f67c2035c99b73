// `npm run dev` as an editor uses it: a draft shows with its banner, a saved edit shows on refresh,
// a broken article shows its problems on its own page (no Next error overlay), a banner on the
// others and in the terminal once, a broken site.md in place of every page, and no page logs a
// hydration warning.
//
// Runs with the `preview` project but starts its own `next dev` (port E2E_PORT_BASE + 20) on a
// temporary content folder. Next allows one dev server per checkout (.next/dev/lock): stop your own
// `npm run dev` before running this. The first page compiles for 10-20 s, longer on a busy machine.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { moveInPhotoFolder } from '../photos.mjs'
import { installSpeechStandIn } from './speech-stand-in'

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

/** Errors and warnings the page logs in the browser console (Next forwards the server's there too). */
function consoleProblems(page: Page) {
  const messages: string[] = []
  page.on('console', (message) => {
    if (['error', 'warning'].includes(message.type()) && !message.text().startsWith('Failed to load resource')) {
      messages.push(`${message.type()}: ${message.text().slice(0, 300)}`)
    }
  })
  return messages
}

/** What an editor sees instead of the page when the content folder has a mistake. */
async function expectProblemList(page: Page, problem: RegExp) {
  await expect(page.getByRole('heading', { level: 1, name: '内容有 1 处错误' })).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('listitem').filter({ hasText: problem })).toHaveCount(1)
  // Next's own error overlay and its English messages stay away.
  await expect(page.getByText(/Runtime Error|Server Error|Unhandled|Issues?$/)).toHaveCount(0)
}

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
    // The dev server learns of the save from a file watcher (tens of milliseconds): reload until it shows.
    await expect(async () => {
      await page.reload()
      await expect(page.getByText('第二版正文。')).toBeVisible({ timeout: 1000 })
    }).toPass({ timeout: 60_000 })
  })

  test('logs no hydration warning, with every reader setting saved and the tools in use', async ({ page }) => {
    const problems = consoleProblems(page)
    await installSpeechStandIn(page)
    await page.addInitScript(() => {
      for (const [key, value] of Object.entries({ 'font-size': 'xlarge', contrast: 'high', cursor: 'large' })) {
        localStorage.setItem(`lzfzw-${key}`, value)
      }
    })
    await page.goto(draftUrl, { timeout: 150_000 })
    await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high')
    await expect(page.getByRole('button', { name: '特大字号' })).toHaveAttribute('aria-pressed', 'true')
    // 大鼠标 is set in the 无障碍 toolbar, whose code loads on use; the saved setting is applied before the page is drawn.
    await expect(page.locator('html')).toHaveAttribute('data-cursor', 'large')
    await expect(page.getByRole('button', { name: '语音朗读' })).toBeVisible()
    // React hydrates after the page has loaded: a click before it could be undone. A hydrated
    // element carries React's fiber (a `__reactFiber$…` property).
    const small = page.getByRole('button', { name: '小字号' })
    await expect.poll(() => small.evaluate((button) => Object.keys(button).some((key) => key.startsWith('__reactFiber'))), { timeout: 60_000 }).toBe(true)
    await small.click()
    await expect(page.locator('html')).toHaveAttribute('data-font-size', 'small')
    expect(problems).toEqual([])
  })

  test('shows a photo from the content folder’s images/ through the photo pipeline, with its caption, and a replaced photo on refresh', async ({ page, request }) => {
    // A folder of photos moved in, as an editor drags one in: a file watcher hears of images/ but
    // not of 2024/ already inside it, where the photo is replaced below.
    const photo = moveInPhotoFolder(dir, root) // 600×60
    write('dev-photo.md', '---\ntitle: 带照片的草稿\ndate: 2023-01-07\ncategory: 关注民生\ndraft: true\n---\n\n![驻村工作队走访农户](/images/2024/会议现场.png)\n')
    try {
      // The dev server compiles the photo route on its first request (12 s under CI load): asked
      // first, so the page's image does not wait on the compile. The original is never published.
      const original = await request.get(`${origin}/images/2024/${encodeURIComponent('会议现场')}.png`, { timeout: 150_000 })
      expect(original.status()).toBe(404)
      await page.goto(`${origin}/articles/dev-photo/`, { timeout: 150_000 })
      const figure = page.locator('.article-body').getByRole('figure')
      await expect(figure.locator('figcaption')).toHaveText('驻村工作队走访农户')
      const image = figure.getByRole('img', { name: '驻村工作队走访农户' })
      // naturalWidth of an image chosen from a srcset is scaled by `sizes` (the spec's density
      // correction), so the file's own pixels are read by decoding the chosen file on its own.
      const decodedWidth = (src: string) =>
        page.evaluate(async (url) => {
          const img = new Image()
          img.src = url
          await img.decode()
          return img.naturalWidth
        }, src)
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.currentSrc : '')), { timeout: 60_000 }).toMatch(/\.[0-9a-f]{12}\.600\.webp$/)
      const webp = await image.evaluate((img: HTMLImageElement) => img.currentSrc)
      expect(await decodedWidth(webp)).toBe(600)
      expect((await request.get(webp)).headers()['content-type']).toBe('image/webp')

      fs.copyFileSync(path.join(root, 'public/share.png'), photo) // 1200×675
      // The article's photo size is read again once the watcher reports the photo: reload until then.
      await expect(async () => {
        await page.reload()
        await expect(image).toHaveAttribute('width', '1200', { timeout: 1000 })
      }).toPass({ timeout: 60_000 })
      // The browser picks the new photo's file for its 1280 px window (828 or 1200 wide): new name, new pixels.
      const hash = (url: string) => /\.([0-9a-f]{12})\.\d+\.webp$/.exec(url)?.[1]
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.currentSrc : '')), { timeout: 60_000 }).toMatch(/\.[0-9a-f]{12}\.(828|1200)\.webp$/)
      const replaced = await image.evaluate((img: HTMLImageElement) => img.currentSrc)
      expect(hash(replaced)).not.toBe(hash(webp))
      expect(await decodedWidth(replaced)).toBeGreaterThan(600)

      for (const url of ['/images/..%2f..%2fsite.md', '/images/%2e%2e/site.md', '/dev-images/..%2fsite.md', '/images/2024/missing.png']) {
        expect((await request.get(`${origin}${url}`)).status(), url).toBe(404)
      }
    } finally {
      fs.rmSync(path.join(dir, 'articles/dev-photo.md'))
    }
  })

  test('holds a broken article back on its own page, shows every other page with a banner naming it, and recovers when it is fixed', async ({ page }) => {
    const problems = consoleProblems(page)
    const reported = () => log.split('日期不存在:2023-02-30').length - 1
    const before = reported()
    write('broken.md', '---\ntitle: 日期写错了\ndate: 2023-02-30\ncategory: 关注民生\n---\n\n正文。\n')
    // Other pages show as they are, with a banner that names the broken file and links to it, once
    // the dev server's file watcher has reported the save (tens of milliseconds): reload until then.
    const banner = page.getByRole('alert').filter({ hasText: '1 篇文章有错误' })
    await expect(async () => {
      await page.goto(draftUrl, { timeout: 150_000 })
      await expect(banner).toBeVisible({ timeout: 1000 })
    }).toPass({ timeout: 180_000 })
    await expect(page.getByRole('heading', { level: 1, name: '开发中的草稿' })).toBeVisible({ timeout: 30_000 })
    await expect(banner.getByRole('link', { name: /broken\.md/ })).toHaveAttribute('href', '/articles/broken/')
    // The broken article's own address, the one its editor reloads, lists its problems.
    await page.goto(`${origin}/articles/broken/`, { timeout: 150_000 })
    await expect(page.getByRole('heading', { level: 1, name: '这篇文章有 1 处错误,暂不发布' })).toBeVisible({ timeout: 30_000 })
    await expect(page.getByRole('listitem').filter({ hasText: /broken\.md:3\s+date\s+日期不存在:2023-02-30/ })).toHaveCount(1)
    await expect(page.getByText(/Runtime Error|Server Error|Unhandled|Issues?$/)).toHaveCount(0)
    await page.reload()
    await expect(page.getByRole('listitem').filter({ hasText: /broken\.md:3/ })).toHaveCount(1)
    expect(reported() - before).toBe(1)
    expect(log).not.toMatch(/ContentError|Failed to generate static paths|missing param/)
    expect(problems).toEqual([])

    // A broken site.md still stops everything: its problems in place of every page.
    const site = fs.readFileSync(path.join(dir, 'site.md'), 'utf8')
    fs.writeFileSync(path.join(dir, 'site.md'), site.replace(/^greeting: .*$/m, 'greeting: ""'))
    try {
      await expect(async () => {
        await page.goto(draftUrl)
        await expect(page.getByRole('heading', { level: 1, name: '内容有 1 处错误' })).toBeVisible({ timeout: 1000 })
      }).toPass({ timeout: 60_000 })
      await expectProblemList(page, /site\.md:\d+\s+greeting/)
    } finally {
      fs.writeFileSync(path.join(dir, 'site.md'), site)
    }

    fs.rmSync(path.join(dir, 'articles/broken.md'))
    await expect(async () => {
      await page.goto(draftUrl)
      await expect(page.getByRole('heading', { level: 1, name: '开发中的草稿' })).toBeVisible({ timeout: 1000 })
    }).toPass({ timeout: 60_000 })
    // An address with no article is the site's 404 page, as in production, not a server error.
    expect((await page.goto(`${origin}/articles/broken/`))?.status()).toBe(404)
    await expect(page.getByRole('heading', { level: 1, name: '页面不存在' })).toBeVisible()
  })
})
