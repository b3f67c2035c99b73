// Takes docs/editing.md's screenshots of the editors' desk, in Chinese, from `npm run desk` running
// on a copy of content/ in a temporary git repository (nothing of content/ changes):
//   npx tsx scripts/tools/desk-screenshots.ts
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Page } from '@playwright/test'

const root = path.resolve(import.meta.dirname, '../..')
const shots = path.join(root, 'docs/screenshots')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lzfzw-desk-shots-'))
const repo = path.join(tmp, 'repo')
const contentDir = path.join(repo, 'content')
fs.cpSync(path.join(root, 'content'), contentDir, { recursive: true })
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' })
git('init', '-q', '-b', 'main')
git('config', 'user.name', '编辑')
git('config', 'user.email', 'desk@example.com')
git('add', '-A')
git('commit', '-qm', 'content')

const port = Number(process.env.E2E_PORT_BASE || 4310) + 60
let desk: ChildProcess | undefined
try {
  desk = spawn(process.execPath, ['--import', 'tsx', 'scripts/desk/main.ts'], {
    cwd: root,
    env: { ...process.env, CONTENT_DIR: contentDir, OUT_DIR: path.join(tmp, 'out'), DESK_PORT: String(port), PORT: String(port + 1), NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let log = ''
  await new Promise<void>((resolve) => desk!.stdout!.on('data', (chunk) => (log += chunk) && /网站 {4}http/.test(log) && resolve()))
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--lang=zh-CN'] })
  const page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 860 } })
  const base = `http://127.0.0.1:${port}/admin/`
  await page.goto(base)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('button', { name: '媒体' }).click()
  await page.locator('input[type="file"]').setInputFiles({ name: 'zoufang.png', mimeType: 'image/png', buffer: fs.readFileSync(path.join(root, 'public/share.png')) })
  await page.locator('#desk-status').getByText('照片已上传').waitFor()
  await page.keyboard.press('Escape')

  const write = async (p: Page, title: string) => {
    await p.goto(`${base}#/collections/articles/new`)
    await p.getByLabel('标题', { exact: true }).fill(title)
    await p.getByLabel('来源 (可选)').fill('廉政法制网')
    const tags = p.getByLabel('关键词 (可选)')
    for (const tag of ['驻村帮扶', '乡村振兴']) {
      await tags.fill(tag)
      await tags.press('Enter')
    }
    const toolbar = p.locator('div').filter({ has: p.getByText('富文本', { exact: true }) }).filter({ has: p.getByText('Markdown', { exact: true }) }).last()
    const toggle = toolbar.getByRole('switch')
    if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click()
    await p.locator('[data-slate-editor="true"]').last().click()
    for (const [i, line] of ['驻村工作队走访了全村农户,逐户了解生产生活情况。', '', '![驻村工作队走访农户](/images/zoufang.png)', '', '工作队还召开了院坝会,听取群众意见。'].entries()) {
      if (i > 0) await p.keyboard.press('Enter')
      if (line) await p.keyboard.insertText(line)
    }
  }
  const publish = async (p: Page) => {
    await p.getByRole('button', { name: '发布', exact: true }).click()
    await p.getByRole('menuitem', { name: '立即发布' }).click()
  }

  await write(page, '娄星区驻村工作队走访农户 倾听群众心声')
  await page.frameLocator('iframe').last().locator('.article-body figure figcaption').waitFor()
  await page.screenshot({ path: path.join(shots, 'desk-editor.png') })
  await publish(page)
  await page.locator('#desk-status').getByText('已发布').waitFor({ timeout: 120_000 })
  await page.screenshot({ path: path.join(shots, 'desk-published.png') })

  await write(page, '更新时间写错的文章')
  await page.getByLabel('更新时间 (可选)').fill(new Date(Date.now() + 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16))
  await publish(page)
  await page.locator('#desk-status').getByText('没有保存').waitFor()
  await page.screenshot({ path: path.join(shots, 'desk-problem.png') })
  await browser.close()
  console.log(`✓ docs/screenshots/desk-editor.png, desk-published.png, desk-problem.png`)
} finally {
  desk?.kill('SIGTERM')
  await new Promise((resolve) => (desk && desk.exitCode === null ? desk.once('exit', resolve) : resolve(undefined)))
  fs.rmSync(tmp, { recursive: true, force: true })
}
