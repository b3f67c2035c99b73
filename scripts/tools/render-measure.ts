// How one renderer's cost per page is measured against the archive's size: the content folder is
// checked into a store (as the build's check does), one renderer (scripts/publish/render-worker.ts)
// is started on it, warmed as a build warms it, and renders the same sample of pages, the newest
// articles (the same pages in every generated corpus: related articles come only from earlier
// ones), into a temporary folder. Prints ms per page for each round and the renderer's memory.
// Needs a compiled .next/ (any `npm run build`).
//
// `--lists` takes every page but the articles instead (channels, tags, months, feeds, sitemaps).
//
//   node --import tsx scripts/tools/render-measure.ts --content DIR [--pages 500 | --lists] [--rounds 3] [--node-arg=--cpu-prof …]
import { fork } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { contentFromStore, loadStore, storeFileFor, updateStore } from '../../lib/content'
import { CODE_FILES, sitePages } from '../../lib/site-pages'
import { articlePath } from '../../lib/routes'
import { settingsFromEnv } from '../../lib/settings'
import { codeHash, PARSER_INPUTS } from '../publish/compile'
import { RENDER_PARENT, type RenderMessage } from '../publish/render-worker'
import { RENDERER_NODE_ARGS } from '../publish/renderers'

const { values } = parseArgs({
  options: {
    content: { type: 'string' },
    pages: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '3' },
    'node-arg': { type: 'string', multiple: true, default: [] },
    lists: { type: 'boolean', default: false },
  },
})
if (!values.content) throw new Error('--content DIR is required')
const contentDir = path.resolve(values.content)
const settings = { ...settingsFromEnv({ ...process.env, CONTENT_DIR: contentDir }), now: new Date() }
const t0 = performance.now()
const { report } = updateStore(settings, codeHash(process.cwd(), PARSER_INPUTS))
const store = storeFileFor(settings)
console.log(`check ${((performance.now() - t0) / 1000).toFixed(1)} s: ${report.articles.length} articles`)
const articles = new Set(report.articles.map((a) => articlePath(a.slug)))
const sample = values.lists
  ? sitePages(contentFromStore(loadStore(store)!, settings.now), settings.now)
      .map((page) => page.path)
      .filter((page) => !articles.has(page) && !CODE_FILES.includes(page))
  : [...articles].slice(0, Number(values.pages))

const child = fork(path.resolve(import.meta.dirname, '../publish/render-worker.ts'), [], {
  execArgv: [...RENDERER_NODE_ARGS, ...values['node-arg']!],
  env: { ...process.env, CONTENT_STORE: store, CONTENT_DIR: contentDir, NODE_ENV: 'production', [RENDER_PARENT]: String(process.pid) },
  // stdout kept for --trace-gc and the like.
  stdio: ['ignore', values['node-arg']!.length > 0 ? 'inherit' : 'ignore', 'inherit', 'ipc'],
})
const next = () => new Promise<RenderMessage>((resolve) => child.once('message', resolve))
const memory = () => {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')
  const field = (name: string) => Math.round(Number(/\s(\d+) kB/.exec(status.split('\n').find((l) => l.startsWith(name + ':'))!)![1]) / 1024)
  return `rss ${field('VmRSS')} MB, peak ${field('VmHWM')} MB`
}
/** The renderer's CPU time so far (user + system), in ms: /proc/PID/stat counts clock ticks (100 a second). */
const cpu = () => {
  const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}
if ((await next()).type !== 'ready') throw new Error('the renderer did not start')
const now = settings.now.toISOString()
let id = 0
const render = async (paths: string[], dir: string) => {
  child.send({ type: 'render', id: id++, paths, dir, now, store })
  const message = await next()
  if (message.type !== 'done') throw new Error(JSON.stringify(message))
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'render-measure-'))
try {
  // The warm-up a build does (home page, newest article, sitemap), timed.
  let start = performance.now()
  await render(['/', sample[0], '/sitemap.xml'], tmp)
  console.log(`warm ${(performance.now() - start).toFixed(0)} ms, ${memory()}`)
  for (let round = 0; round < Number(values.rounds); round++) {
    start = performance.now()
    const busy = cpu()
    for (let i = 0; i < sample.length; i += 25) await render(sample.slice(i, i + 25), tmp)
    const ms = performance.now() - start
    console.log(`round ${round + 1}: ${sample.length} pages, ${(ms / sample.length).toFixed(2)} ms/page, CPU ${((cpu() - busy) / sample.length).toFixed(2)} ms/page, ${memory()}`)
  }
} finally {
  // Disconnecting ends it with process.exit, which writes a --cpu-prof profile (a signal would not).
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.disconnect()
  await exited
  fs.rmSync(tmp, { recursive: true, force: true })
}
