import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { writeCorpus } from '../../scripts/tools/generate-corpus.mjs'
import { hasNginx, startDeskNginx } from '../../scripts/tools/nginx.mjs'

// The editors' desk as an editor meets it: `npm run desk` (Decap CMS, its git proxy and the watch
// publisher) behind real nginx with deploy/desk.conf and a password, on a content folder of its
// own that is a git repository. The site it publishes is read from the desk's site server.

const root = path.resolve(import.meta.dirname, '../..')
const ports = Number(process.env.E2E_PORT_BASE || 4310) + 50
const PORT = { nginx: ports, desk: ports + 1, site: ports + 2 }
const USER = { username: '编辑', password: 'desk-secret-2026' }
// htpasswd writes the name as given; HTTP sends it as UTF-8 bytes, which nginx compares.
const PHOTO = path.join(root, 'public/share.png')

let tmp: string
let repo: string
let contentDir: string
let outDir: string
let desk: ChildProcess
let nginx: Awaited<ReturnType<typeof startDeskNginx>>
let log = ''

const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const commits = () => Number(git('rev-list', '--count', 'HEAD').trim())
const release = () => fs.readlinkSync(outDir)

test.describe.configure({ mode: 'serial' })
test.use({ httpCredentials: USER, timezoneId: 'Asia/Shanghai' })

test.beforeAll(async () => {
  test.setTimeout(600_000)
  expect(hasNginx(), 'nginx is installed (apt-get install nginx; .ci/run does it)').toBe(true)
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lzfzw-desk-'))
  // As in the project: content/ is a folder of the repository, which holds other things beside it.
  repo = path.join(tmp, 'repo')
  contentDir = path.join(repo, 'content')
  outDir = path.join(tmp, 'out')
  writeCorpus(contentDir, { count: 3 })
  // Tags already in use, for the 关键词 field to offer.
  const first = fs.readdirSync(path.join(contentDir, 'articles'))[0]
  const file = path.join(contentDir, 'articles', first)
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('source: 测试来源', 'source: 测试来源\ntags: [乡村振兴, 驻村帮扶]'))
  git('init', '-q', '-b', 'main')
  git('config', 'user.name', '测试编辑')
  git('config', 'user.email', 'desk@example.com')
  fs.writeFileSync(path.join(repo, 'README.md'), '不属于内容的文件\n')
  git('add', '-A')
  git('commit', '-qm', '初始内容')
  const htpasswd = path.join(tmp, 'desk.htpasswd')
  execFileSync('htpasswd', ['-bcB', htpasswd, USER.username, USER.password], { stdio: 'ignore' })

  desk = spawn(process.execPath, ['--import', 'tsx', 'scripts/desk/main.ts'], {
    cwd: root,
    env: { ...process.env, CONTENT_DIR: contentDir, OUT_DIR: outDir, DESK_PORT: String(PORT.desk), PORT: String(PORT.site), DESK_SITE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  desk.stdout!.on('data', (chunk) => (log += chunk))
  desk.stderr!.on('data', (chunk) => (log += chunk))
  await expect.poll(() => log, { timeout: 540_000, message: 'npm run desk prints both addresses' }).toMatch(/编辑台 {2}http:\/\/127\.0\.0\.1:\d+\/admin\/[\s\S]*网站 {4}http:\/\/127\.0\.0\.1:\d+\//)
  nginx = await startDeskNginx({ port: PORT.nginx, deskPort: PORT.desk, htpasswd })
})

test.afterAll(async () => {
  await nginx?.stop()
  if (desk && desk.exitCode === null) {
    const exited = new Promise((resolve) => desk.once('exit', resolve))
    desk.kill('SIGTERM')
    await exited
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
})

const site = (pathname: string) => `http://127.0.0.1:${PORT.site}${pathname}`

async function logIn(page: Page) {
  await page.goto(`${nginx.url}/admin/`)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByRole('button', { name: '媒体' })).toBeVisible()
}

/**
 * Types Markdown into the body: switches the body from 富文本 to Markdown (Decap remembers the
 * choice), then types line by line (a Slate editor, which takes real key presses).
 */
async function typeBody(page: Page, lines: string[]) {
  const toolbar = page.locator('div').filter({ has: page.getByText('富文本', { exact: true }) }).filter({ has: page.getByText('Markdown', { exact: true }) }).last()
  const toggle = toolbar.getByRole('switch')
  if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click()
  await expect(toggle).toHaveAttribute('aria-checked', 'true')
  const body = page.locator('[data-slate-editor="true"]').last()
  await body.click()
  for (const [i, line] of lines.entries()) {
    if (i > 0) await page.keyboard.press('Enter')
    if (line) await page.keyboard.insertText(line)
  }
}

async function publish(page: Page) {
  await page.getByRole('button', { name: '发布', exact: true }).click()
  await page.getByRole('menuitem', { name: '立即发布' }).click()
}

test('an editor uploads a photo, writes an article, sees the preview, presses 发布, and it is live', async ({ page }) => {
  test.setTimeout(180_000)
  await logIn(page)
  const before = commits()

  // A file that is not a photo is refused with its reason, in Chinese, and nothing is committed.
  await page.getByRole('button', { name: '媒体' }).click()
  const upload = page.locator('input[type="file"]')
  await upload.setInputFiles({ name: 'bad-photo.png', mimeType: 'image/png', buffer: Buffer.from('这不是照片') })
  const status = page.locator('#desk-status')
  await expect(status).toContainText('照片没有上传')
  await expect(status).toContainText('照片「bad-photo.png」不能用:不是图片,或者图片已损坏')
  expect(commits()).toBe(before)

  await upload.setInputFiles({ name: 'zoufang.png', mimeType: 'image/png', buffer: fs.readFileSync(PHOTO) })
  await expect(status).toContainText('照片已上传')
  await expect.poll(() => fs.existsSync(path.join(contentDir, 'images/zoufang.png'))).toBe(true)
  await page.keyboard.press('Escape')

  await page.goto(`${nginx.url}/admin/#/collections/articles/new`)
  await page.getByLabel('标题', { exact: true }).fill('编辑台发布的文章:驻村工作队走访农户')
  await page.getByLabel('栏目').click()
  await page.getByRole('option', { name: '法治动态' }).click()
  const tags = page.getByLabel('关键词 (可选)')
  await tags.fill('乡村振兴')
  await tags.press('Enter')
  await tags.fill('编辑台')
  await tags.press('Enter')
  await expect(page.getByRole('button', { name: '删除关键词 编辑台' })).toBeVisible()
  await typeBody(page, ['工作队走访了全村农户。', '', '![驻村工作队走访农户](/images/zoufang.png)', '', '照片下面的一段。'])

  // The preview is the site's own article, drawn by its components, photo and caption included.
  const preview = page.frameLocator('iframe').last()
  await expect(preview.locator('article h1')).toHaveText('编辑台发布的文章:驻村工作队走访农户')
  await expect(preview.locator('.article-body figure figcaption')).toHaveText('驻村工作队走访农户')
  await expect(preview.locator('.site-header')).toBeVisible()
  await expect(preview.locator('article .article-tags').first()).toContainText('编辑台')

  // An unrelated change elsewhere in the repository is not the desk's to commit.
  fs.appendFileSync(path.join(repo, 'README.md'), '本地修改\n')
  await publish(page)
  await expect(status).toContainText('已发布', { timeout: 60_000 })
  const link = status.getByRole('link', { name: '查看文章' })
  const href = (await link.getAttribute('href'))!
  expect(href).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${PORT.site}/articles/\\d{8}-\\d{6}/$`))

  // Live on the site: the title, the channel, both tags, the photo (processed and loaded) with its caption.
  const reader = await page.context().newPage()
  await reader.goto(href)
  await expect(reader.locator('h1')).toHaveText('编辑台发布的文章:驻村工作队走访农户')
  await expect(reader.locator('.breadcrumb')).toContainText('法治动态')
  for (const tag of ['乡村振兴', '编辑台']) await expect(reader.getByRole('navigation', { name: '关键词' }).getByRole('link', { name: tag, exact: true })).toBeVisible()
  const photo = reader.locator('.article-body figure img')
  await expect(photo).toHaveAttribute('alt', '驻村工作队走访农户')
  await expect(photo).toHaveAttribute('width', /\d+/)
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0)
  await expect(reader.locator('.article-body figure figcaption')).toHaveText('驻村工作队走访农户')

  // Every save is a commit in the content repository.
  const slug = href.split('/').at(-2)!
  expect(commits()).toBeGreaterThanOrEqual(before + 2)
  expect(git('log', '--format=%s', '-n', '5')).toMatch(new RegExp(slug))
  expect(git('log', '--name-only', '--format=', '-n', '5')).toContain(`content/articles/${slug}.md`)
  expect(git('status', '--porcelain')).toBe(' M README.md\n')
  git('checkout', 'README.md')
  // The desk is never part of the published site.
  expect(fs.existsSync(path.join(outDir, 'admin'))).toBe(false)
})

test('a mistake is shown in Chinese in the desk and never reaches the site', async ({ page }) => {
  test.setTimeout(120_000)
  await logIn(page)
  const [before, published] = [commits(), release()]
  await page.goto(`${nginx.url}/admin/#/collections/articles/new`)
  await typeBody(page, ['正文。'])

  // An empty title: the form says so, and nothing is saved.
  await publish(page)
  await expect(page.getByText('“标题”是必填项')).toBeVisible()
  await expect(page.locator('iframe').last().contentFrame().locator('.desk-problems')).toContainText('缺少标题')

  // A 更新时间 in the future: the check refuses the save, naming the file, the field and the fix.
  await page.getByLabel('标题', { exact: true }).fill('更新时间写错的文章')
  const future = new Date(Date.now() + 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16)
  await page.getByLabel('更新时间 (可选)').fill(future)
  await publish(page)
  const status = page.locator('#desk-status')
  await expect(status).toContainText('没有保存')
  await expect(status).toContainText('updated')
  await expect(status).toContainText('还没有到')
  await expect(status.locator('code').first()).toContainText(/articles\/\d{8}-\d{6}(-\d+)?\.md 第 \d+ 行/)

  expect(commits()).toBe(before)
  expect(git('status', '--porcelain')).toBe('')
  expect(release()).toBe(published)
  const response = await page.request.get(site('/articles/'))
  expect(await response.text()).not.toContain('更新时间写错的文章')
})

test('without the password nothing answers; the API refuses other sites and paths that leave the folder', async ({ playwright }) => {
  // Plain fetch: no credentials of any kind.
  for (const pathname of ['/admin/', '/admin/config.yml', '/admin/cms/decap-cms.js', '/images/zoufang.png']) {
    expect((await fetch(`${nginx.url}${pathname}`)).status, pathname).toBe(401)
  }
  const anonymousPost = await fetch(`${nginx.url}/admin/api/v1`, { method: 'POST', body: '{"action":"info"}', headers: { Origin: nginx.url, 'Content-Type': 'application/json' } })
  expect(anonymousPost.status).toBe(401)

  const editor = await playwright.request.newContext({ baseURL: nginx.url, httpCredentials: USER })
  const api = (data: object, origin = nginx.url) => editor.post('/admin/api/v1', { data, headers: { Origin: origin } })
  expect((await api({ action: 'info' })).status()).toBe(200)

  // A page on another site posting through the editor's logged-in browser.
  const before = commits()
  const entry = { path: 'articles/evil.md', slug: 'evil', raw: '---\ntitle: 跨站\ndate: 2024-01-01\ncategory: 关注民生\n---\n正文\n' }
  const crossSite = await api({ action: 'persistEntry', params: { branch: 'main', dataFiles: [entry], assets: [], options: { commitMessage: 'x', useWorkflow: false, status: 'draft' } } }, 'https://evil.example')
  expect(crossSite.status()).toBe(403)
  expect((await crossSite.json()).error).toContain('跨站')
  expect((await editor.post('/admin/desk-api/preview', { data: {}, headers: { Origin: 'null' } })).status()).toBe(403)
  expect(fs.existsSync(path.join(contentDir, 'articles/evil.md'))).toBe(false)

  // Media names and entry paths that leave content/ (.., absolute, a symbolic link out).
  fs.mkdirSync(path.join(tmp, 'outside'), { recursive: true })
  fs.symlinkSync(path.join(tmp, 'outside'), path.join(contentDir, 'images/outside'))
  const png = fs.readFileSync(PHOTO).toString('base64')
  for (const name of ['images/../../escape.png', 'images/../articles/x.png', '/tmp/escape.png', 'images/outside/escape.png', '../escape.png']) {
    const answer = await api({ action: 'persistMedia', params: { branch: 'main', asset: { path: name, content: png, encoding: 'base64' }, options: { commitMessage: 'x' } } })
    expect(answer.status(), name).toBe(422)
    expect((await answer.json()).error, name).toMatch(/[\u4e00-\u9fff]/)
  }
  for (const file of ['articles/../site.md', 'articles/Bad Name.md', 'site.md']) {
    const answer = await api({ action: 'persistEntry', params: { branch: 'main', dataFiles: [{ ...entry, path: file }], assets: [], options: { commitMessage: 'x', useWorkflow: false, status: 'draft' } } })
    expect(answer.status(), file).toBe(422)
    expect((await answer.json()).error, file).toMatch(/[\u4e00-\u9fff]/)
  }
  expect((await api({ action: 'getEntry', params: { branch: 'main', path: 'articles/../../etc/passwd' } })).status()).toBe(422)
  expect(fs.readdirSync(path.join(tmp, 'outside'))).toEqual([])
  expect(fs.existsSync(path.join(tmp, 'escape.png'))).toBe(false)
  expect(commits()).toBe(before)
  // A link in images/ is refused by every publish (never published, reported each time): removed, so the next tests start clean.
  fs.rmSync(path.join(contentDir, 'images/outside'))
  await editor.dispose()
})

test('a draft is saved as a commit and not published', async ({ playwright }) => {
  const editor = await playwright.request.newContext({ baseURL: nginx.url, httpCredentials: USER })
  const before = commits()
  const raw = '---\ntitle: 还在写的草稿\ndate: 2024-05-01 09:00\ncategory: 关注民生\ndraft: true\n---\n\n草稿正文。\n'
  const saved = await editor.post('/admin/api/v1', {
    data: { action: 'persistEntry', params: { branch: 'main', dataFiles: [{ path: 'articles/desk-draft.md', slug: 'desk-draft', raw }], assets: [], options: { commitMessage: '草稿 desk-draft', useWorkflow: false, status: 'draft' } } },
    headers: { Origin: nginx.url },
  })
  expect(saved.status(), await saved.text()).toBe(200)
  expect(commits()).toBe(before + 1)
  const outcome = await (await editor.get('/admin/desk-api/published?slug=desk-draft')).json()
  expect(outcome).toEqual({ state: 'draft' })
  expect((await fetch(site('/articles/desk-draft/'))).status).toBe(404)
  await editor.dispose()
})
