// `npm run desk`: the editors' desk (Decap CMS) on http://127.0.0.1:3001/admin/ (DESK_PORT,
// DESK_HOST) and the site, published by the watch publisher on every save, on
// http://127.0.0.1:3000/ (PORT, HOST), as `npm start -- --watch` serves it. CONTENT_DIR as every
// command; the content folder must be in a git repository (every save is a commit).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { settingsFromEnv } from '../../lib/settings'
import { deployAfterEachPublish } from '../deploy/after-publish'
import { listenError, startServer } from '../server/serve'
import { startPublisher } from './publisher'
import { createDesk } from './server'

process.env.NEXT_TELEMETRY_DISABLED = '1'
const root = process.cwd()
const settings = settingsFromEnv()
const out = process.env.OUT_DIR || 'out'
const fail = (message: string): never => {
  console.error(message)
  process.exit(1)
}
const port = (text: string | undefined, fallback: number, name: string) => {
  const value = Number(text || fallback)
  return Number.isInteger(value) && value >= 0 && value <= 65535 ? value : fail(`✖ ${name}=${text} 不是 0–65535 之间的端口号`)
}
const deskPort = port(process.env.DESK_PORT, 3001, 'DESK_PORT')
const deskHost = process.env.DESK_HOST || '127.0.0.1'
const sitePort = port(process.env.PORT, 3000, 'PORT')
const siteHost = process.env.HOST || '127.0.0.1'

if (!fs.existsSync(settings.contentDir)) fail(`✖ 内容目录不存在:${settings.contentDir}(CONTENT_DIR)`)
try {
  execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: settings.contentDir, stdio: 'ignore' })
} catch {
  fail(`✖ 内容目录 ${settings.contentDir} 不在 git 仓库里:编辑台的每次保存都是一次 git 提交。请先在其中运行 git init 并提交一次`)
}

console.log(`编辑台:发布 ${path.relative(root, settings.contentDir) || '.'} 到 ${out}/ …`)
// Each good publish then goes to deploy/deploy.yml's targets, if it names any (docs/deploy.md).
const deploy = deployAfterEachPublish(out)
const publisher = await startPublisher({
  root,
  out,
  settings,
  onPublish: (report) => {
    console.log(
      report.ok
        ? `✓ ${new Date().toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })} 已发布(${report.seconds.toFixed(1)} 秒)`
        : '✖ 内容有错误,网站仍是上一次发布的版本:问题已显示在编辑台',
    )
    deploy.onPublish(report)
  },
})
let site: Awaited<ReturnType<typeof startServer>>
try {
  site = await startServer({ dir: out, port: sitePort, host: siteHost })
} catch (error) {
  fail(listenError(error as NodeJS.ErrnoException, sitePort, siteHost))
}
const siteUrl = process.env.DESK_SITE_URL || site!.url
const origins = process.env.DESK_ORIGIN ? process.env.DESK_ORIGIN.split(',').map((o) => o.trim()) : undefined
const app = await createDesk({ root, settings, publisher, siteUrl, origins })
const server = app.listen(deskPort, deskHost)
await new Promise<void>((resolve) => {
  server.once('listening', resolve)
  server.once('error', (error) => fail(listenError(error as NodeJS.ErrnoException, deskPort, deskHost)))
})
const { port: actual } = server.address() as AddressInfo
const host = deskHost.includes(':') ? `[${deskHost}]` : deskHost
console.log(`编辑台  http://${host}:${actual}/admin/`)
console.log(`网站    ${site!.url}`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    publisher.close()
    server.close()
    void site.close().then(() => process.exit(0))
  })
}
