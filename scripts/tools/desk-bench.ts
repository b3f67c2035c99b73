// The desk's two targets, for `npm run bench`: from pressing 发布 to the article answering on the
// site (≤ 10 s on a 5,000-article archive), and the desk's first load in Chromium (≤ 3 s), its
// assets served locally by `npm run desk`. Prints figures; never fails on them.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { chromium } from '@playwright/test'
import { writeCorpus } from './generate-corpus.mjs'

const root = path.resolve(import.meta.dirname, '../..')

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

export interface DeskFigures {
  count: number
  /** Seconds from starting `npm run desk` to both addresses printed (its first, full publish). */
  startSeconds: number
  /** Milliseconds from opening /admin/ to Decap's 登录 button, each run. */
  firstLoad: number[]
  /** Milliseconds from 登录 to the article list showing its first entry (all N read through the proxy). */
  listLoad: number
  /** Seconds from a save (the proxy's persistEntry, as 发布 sends it) to the article answering 200 on the site, each run. */
  publish: number[]
}

/** Runs the desk on `count` generated articles in a temporary git repository and measures it. */
export async function measureDesk(count: number, runs = 3): Promise<DeskFigures> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `lzfzw-desk-bench-${count}-`))
  const repo = path.join(tmp, 'repo')
  const contentDir = path.join(repo, 'content')
  let desk: ChildProcess | undefined
  try {
    writeCorpus(contentDir, { count })
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' })
    git('init', '-q', '-b', 'main')
    git('config', 'user.name', 'bench')
    git('config', 'user.email', 'bench@example.com')
    git('add', '-A')
    git('commit', '-qm', 'corpus')
    const [deskPort, sitePort] = [await freePort(), await freePort()]
    const started = performance.now()
    desk = spawn(process.execPath, ['--import', 'tsx', 'scripts/desk/main.ts'], {
      cwd: root,
      env: { ...process.env, CONTENT_DIR: contentDir, OUT_DIR: path.join(tmp, 'out'), DESK_PORT: String(deskPort), PORT: String(sitePort), NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let log = ''
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        log += chunk
        if (/网站 {4}http/.test(log)) resolve()
      }
      desk!.stdout!.on('data', onData)
      desk!.stderr!.on('data', onData)
      desk!.once('exit', (code) => reject(new Error(`npm run desk exited with ${code}:\n${log}`)))
    })
    const startSeconds = (performance.now() - started) / 1000
    const deskUrl = `http://127.0.0.1:${deskPort}`

    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
    const firstLoad: number[] = []
    let listLoad = 0
    try {
      for (let i = 0; i < runs; i++) {
        // A fresh profile each time: nothing cached, as an editor's first visit.
        const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
        const page = await context.newPage()
        const t0 = performance.now()
        await page.goto(`${deskUrl}/admin/`)
        await page.getByRole('button', { name: '登录' }).waitFor({ timeout: 120_000 })
        firstLoad.push(performance.now() - t0)
        if (i === 0) {
          const t1 = performance.now()
          await page.getByRole('button', { name: '登录' }).click()
          await page.goto(`${deskUrl}/admin/#/collections/articles`)
          await page.locator('a[href^="#/collections/articles/entries/"]').first().waitFor({ timeout: 300_000 })
          listLoad = performance.now() - t1
        }
        await context.close()
      }
    } finally {
      await browser.close()
    }

    const publish: number[] = []
    for (let i = 0; i < runs; i++) {
      const slug = `desk-bench-${i}`
      const raw = `---\ntitle: 编辑台测速第 ${i + 1} 篇\ndate: 2026-01-02 09:0${i}\ncategory: 关注民生\n---\n\n编辑台发布的测试文章。\n`
      const t0 = performance.now()
      const saved = await fetch(`${deskUrl}/admin/api/v1`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: deskUrl },
        body: JSON.stringify({ action: 'persistEntry', params: { branch: 'main', dataFiles: [{ path: `articles/${slug}.md`, slug, raw }], assets: [], options: { commitMessage: `Create ${slug}`, useWorkflow: false, status: 'draft' } } }),
      })
      if (!saved.ok) throw new Error(`the save was refused: ${await saved.text()}`)
      for (;;) {
        if ((await fetch(`http://127.0.0.1:${sitePort}/articles/${slug}/`)).status === 200) break
        if (performance.now() - t0 > 300_000) throw new Error(`${slug} was not live after 300 s`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      publish.push((performance.now() - t0) / 1000)
    }
    return { count, startSeconds, firstLoad, listLoad, publish }
  } finally {
    if (desk && desk.exitCode === null) {
      const exited = new Promise((resolve) => desk!.once('exit', resolve))
      desk.kill('SIGTERM')
      await exited
    }
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

/** The figures as the bench prints them, with the targets. */
export function deskLines(f: DeskFigures): string[] {
  return [
    `desk, ${f.count} articles: 发布 → live ${median(f.publish).toFixed(1)} s median (${f.publish.map((s) => s.toFixed(1)).join(', ')}; target ≤ 10 s); ` +
      `first load ${Math.round(median(f.firstLoad))} ms median (${f.firstLoad.map(Math.round).join(', ')}; target ≤ 3000 ms); ` +
      `article list after 登录 ${(f.listLoad / 1000).toFixed(1)} s; npm run desk ready in ${f.startSeconds.toFixed(0)} s (first publish)`,
  ]
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const count = Number(process.argv[2] ?? 1000)
  console.log(deskLines(await measureDesk(count)).join('\n'))
}
