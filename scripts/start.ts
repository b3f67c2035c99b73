// `npm start`: publishes what changed in the content folder since the last build (an incremental
// build: a second or two when nothing did), then serves out/ (scripts/serve.ts) on port 3000 (PORT, HOST; `npm start -- --port 4000 --host 127.0.0.1 --dir out`).
// `npm start -- --watch` also publishes every saved change of the content folder within seconds,
// for editors previewing on their own machine (scripts/build/watch.ts).
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { settingsFromEnv } from '../lib/settings'
import { build } from './build'
import { watchContent } from './build/watch'
import { main } from './serve'

const { values, tokens } = parseArgs({
  options: { watch: { type: 'boolean', default: false }, dir: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
  tokens: true,
  strict: false,
})
const out = typeof values.dir === 'string' ? values.dir : process.env.OUT_DIR || 'out'
const root = process.cwd()
const settings = settingsFromEnv()
process.env.NEXT_TELEMETRY_DISABLED = '1'

if (values.watch) {
  console.log(`watching ${path.relative(root, settings.contentDir) || '.'}: every saved change is published to ${out}/`)
  await watchContent({
    root,
    out,
    settings,
    onBuild: (report, seconds) => {
      console.log(
        report.ok
          ? `✓ ${new Date().toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })} 已发布:${report.rendered} 个页面更新,${report.deleted} 个删除(${seconds.toFixed(1)} 秒)`
          : '✖ 内容有错误,网站仍是上一次发布的版本:请按上面的提示修改并保存',
      )
      if (report.held?.length) console.error(`✖ 有 ${report.held.length} 篇文章因错误暂未更新:${report.held.join('、')}(错误见上)`)
    },
  })
} else {
  // Content added or changed while the server was stopped is published before serving: never stale.
  const built = fs.existsSync(path.join(out, 'index.html'))
  console.log(built ? `publishing what changed in the content since the last build…` : `${out}/ has not been built yet: running npm run build first…`)
  const report = await build({ root, out, settings, full: false, quiet: false })
  if (!report.ok && !built) process.exit(1)
  if (!report.ok) console.error(`✖ 网站未更新,仍在提供上一次发布的版本(${out}/)`)
}
// Everything but --watch goes to the server's own command line.
const serveArgs = tokens!.filter((t) => t.kind === 'option' && t.name !== 'watch').flatMap((t) => (t.kind === 'option' ? [t.rawName, ...(t.value !== undefined ? [t.value] : [])] : []))
await main(serveArgs)
