// `npm start`: publishes what changed in the content folder since the last build (an incremental
// build: a second or two when nothing did), then serves out/ (scripts/server/serve.ts) on port 3000 (PORT, HOST; `npm start -- --port 4000 --host 127.0.0.1 --dir out`).
// `npm start -- --watch` also runs the resident publisher (scripts/publish/watch.ts): every saved
// change of the content folder is published within seconds, and a scheduled article goes live at
// its time. A site built before is served at once while the first publish runs.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { settingsFromEnv } from '../../lib/settings'
import { deployAfterEachPublish } from '../deploy/after-publish'
import { build } from '../publish/build'
import { type PublishReport, startPublisher } from '../publish/watch'
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
// Everything but --watch goes to the server's own command line.
const serveArgs = tokens!.filter((t) => t.kind === 'option' && t.name !== 'watch').flatMap((t) => (t.kind === 'option' ? [t.rawName, ...(t.value !== undefined ? [t.value] : [])] : []))
const built = () => fs.existsSync(path.join(out, 'index.html'))
const clock = () => new Date().toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })

if (values.watch) {
  console.log(`watching ${path.relative(root, settings.contentDir) || '.'}: every saved change is published to ${out}/`)
  // A site built before is served at once; the first publish brings it up to date meanwhile.
  const serving = built() ? await main(serveArgs) : undefined
  if (serving) console.log('serving the last published version while the content is checked and published…')
  let published = () => {}
  // Each good publish then goes to deploy/deploy.yml's targets, if it names any (docs/deploy.md).
  const deploy = deployAfterEachPublish(out)
  const live = new Promise<void>((resolve) => (published = resolve))
  await startPublisher({
    root,
    out,
    settings,
    verbose: true,
    onPublish: (report: PublishReport) => {
      if (report.ok) published()
      const wake = report.next ? `;下一次定时发布:${report.next.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}` : ''
      console.log(
        report.ok
          ? `✓ ${clock()} 已发布:${report.rendered} 个页面更新,${report.deleted} 个删除(${report.seconds.toFixed(1)} 秒)${wake}`
          : '✖ 内容有错误,网站仍是上一次发布的版本:请按上面的提示修改并保存',
      )
      if (report.held?.length) console.error(`✖ 有 ${report.held.length} 篇文章因错误暂未更新:${report.held.join('、')}(错误见上)`)
      deploy.onPublish(report)
    },
  })
  if (!serving) {
    // Nothing was ever published: the port opens with the first good publish.
    await live
    await main(serveArgs)
  }
} else {
  // Content added or changed while the server was stopped is published before serving: never stale.
  const before = built()
  console.log(before ? `publishing what changed in the content since the last build…` : `${out}/ has not been built yet: running npm run build first…`)
  const report = await build({ root, out, settings, full: false, quiet: false })
  if (!report.ok && !before) process.exit(1)
  if (!report.ok) console.error(`✖ 网站未更新,仍在提供上一次发布的版本(${out}/)`)
  await main(serveArgs)
}
