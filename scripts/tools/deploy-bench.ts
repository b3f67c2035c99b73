// The deploy figures of `npm run bench`: a built output folder deployed to two nodes on this machine,
// reached through a real sshd on loopback (scripts/tools/sshd.ts) with rsync, as npm run deploy reaches
// production nodes; then, after the bench publishes one new article, that deploy timed, with the
// bytes rsync sent beside the bytes of the files that changed, and where its time went. Needs root
// (sshd) and OpenSSH.
//
// Run alone, it measures a deploy at 20,000 articles without building them (the deploy's cost is its
// tree of files, not what the pages say): a release-sized tree laid out as the build lays it out —
// 20,000 article pages, 24,000 list pages (tags and channels by month), the search index's files,
// hashed assets, about 50,000 files as a built 20,000-article site has — published as the build
// publishes (hard links to the previous release, the changed pages written anew, the change file,
// the manifest, `out` switched), one new article at a time:
//
//   flock /tmp/bench.lock node --import tsx scripts/tools/deploy-bench.ts [--articles 20000] [--runs 5]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { DeployConfig } from '../deploy/config'
import { deployRelease, type DeployReport } from '../deploy/index'
import { writeChanges } from '../publish/changes'
import { linkTreeAside, type Manifest, publishPaths, readManifest, switchTo } from '../publish/release'
import { startSshd, type Sshd } from './sshd'

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`

/** Where a deploy's time went: its stages, and each node's steps (the slower node's). */
export function stageTimes(report: DeployReport): string {
  const ms = (n: number) => `${Math.round(n)}`
  const steps: Record<string, number> = {}
  for (const node of Object.values(report.nodes)) for (const [step, t] of Object.entries(node.steps)) steps[step] = Math.max(steps[step] ?? 0, t)
  const stage = Object.entries(report.timings).map(([name, t]) =>
    name === 'stage' && Object.keys(steps).length > 0 ? `stage ${ms(t)} (${Object.entries(steps).map(([s, v]) => `${s} ${ms(v)}`).join(', ')})` : `${name} ${ms(t)}`,
  )
  return `ms: ${stage.join(', ')}`
}

export interface DeployBench {
  /** Deploys the current release (after a publish) and returns one printable line; `keep`: as the resident publisher, its ssh connections kept open. */
  measure(label: string, keep?: boolean): Promise<string>
  close(): Promise<void>
}

/** Starts sshd and makes the first (whole) deploy of `outDir` to two node folders; null when sshd cannot run here. */
export async function startDeployBench(outDir: string, port: number): Promise<{ bench: DeployBench; first: string } | null> {
  if (process.getuid?.() !== 0 || !fs.existsSync('/usr/sbin/sshd')) return null
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lzfzw-deploy-bench-'))
  let sshd: Sshd
  try {
    sshd = await startSshd(path.join(tmp, 'sshd'), port)
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true })
    return null
  }
  const config: DeployConfig = {
    siteUrl: 'https://www.example.cn',
    graceMinutes: 10,
    nodes: ['node-1', 'node-2'].map((name) => ({ name, host: 'root@127.0.0.1', port, path: path.join(tmp, name), ssh: sshd.ssh, rsync: [] })),
  }
  const line = (label: string, report: DeployReport) => {
    const changed = report.changes?.files.changed ?? []
    const release = fs.realpathSync(outDir)
    const changedBytes = changed.reduce((sum, file) => sum + fs.statSync(path.join(release, file)).size, 0)
    const sent = Object.values(report.nodes).map((n) => kb(n.bytesSent))
    return (
      `   deploy ${label}: ${report.seconds.toFixed(1)} s to 2 nodes${report.ok ? '' : ' ✖ ' + report.failures.join('; ')}; ` +
      `${changed.length} files changed (${kb(changedBytes)}), rsync sent ${sent.join(' + ')}` +
      `${Object.values(report.nodes).every((n) => n.mode === 'delta') ? ' (changed files only)' : ''}\n     ${stageTimes(report)}`
    )
  }
  const deploy = (keep = false) => deployRelease({ config, secrets: {}, out: outDir, log: () => {}, keepConnections: keep ? 60 : 0 })
  const first = line('whole release (first deploy)', await deploy())
  return {
    first,
    bench: {
      measure: async (label, keep) => line(label, await deploy(keep)),
      async close() {
        // Connections a `keep` run left open end with the server.
        await sshd.stop()
        fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 20 })
      },
    },
  }
}

// ——— Run alone: a release-sized tree ———

const filler = (bytes: number, seed: string) => {
  const line = `<p>${seed} 廉政法制网测试正文,用于衡量部署的开销。</p>\n`
  return line.repeat(Math.ceil(bytes / Buffer.byteLength(line)))
}
const page = (title: string, bytes: number) =>
  `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/_next/static/css/site.css"></head><body><h1>${title}</h1>\n${filler(bytes, title)}</body></html>\n`

/** Writes a file as the build does: a new file renamed into place, never over a linked one. */
function writeNew(dir: string, file: string, text: string) {
  const target = path.join(dir, file)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.writeFileSync(`${target}.tmp`, text)
  fs.renameSync(`${target}.tmp`, target)
}

const TAGS = 800
const MONTHS = 30
const CHANNELS = 8
const month = (i: number) => `20${24 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`

/** The first release: `articles` article pages and the rest of a site of that size; returns its manifest. */
function firstRelease(dir: string, articles: number): Manifest {
  const pages: Record<string, string> = {}
  const documents: Record<string, string> = {}
  const add = (url: string, bytes: number) => {
    writeNew(dir, url.endsWith('/') ? `${url.slice(1)}index.html` : url.slice(1), page(url, bytes))
    pages[url] = `k0-${url}`
  }
  for (let i = 0; i < articles; i++) {
    add(`/articles/a-${i}/`, 6000)
    documents[`a-${i}`] = `d0-${i}`
  }
  for (let t = 0; t < TAGS; t++) for (let m = 0; m < MONTHS; m++) add(`/tags/t${t}/${month(m)}/`, 4000)
  for (let c = 0; c < CHANNELS; c++) for (let m = 0; m < MONTHS * 5; m++) add(`/c${c}/${month(m)}/`, 4000)
  for (const url of ['/', '/articles/', '/feed.xml', '/sitemap.xml', '/sitemap-news.xml']) add(url, 8000)
  for (let i = 0; i < Math.ceil(articles / 5); i++) writeNew(dir, `search-index/terms/${i}.bin.gz`, filler(8000, `terms ${i}`))
  writeNew(dir, 'search-index/index.json', '{"generation":0}')
  for (let i = 0; i < 300; i++) writeNew(dir, `_next/static/chunks/${i}.js`, filler(3000, `chunk ${i}`))
  writeNew(dir, '_next/static/css/site.css', 'body{color:#222}')
  return { code: 'bench', pages, documents }
}

/** One publish of one new article, as the build makes it: about 14 pages, the search index's files, the change file. */
async function publishOneArticle(out: string, n: number): Promise<void> {
  const paths = publishPaths(out)
  const previous = path.basename(fs.realpathSync(out))
  const manifest = readManifest(paths, previous)!
  const release = `bench-${String(n).padStart(4, '0')}-${process.pid}`
  const dir = path.join(paths.releases, release)
  await linkTreeAside(path.join(paths.releases, previous), dir)
  const slug = `new-${n}`
  const changed = [`/articles/${slug}/`, `/articles/a-${n}/`, '/', '/articles/', `/c${n % CHANNELS}/${month(MONTHS * 5 - 1)}/`, `/c${n % CHANNELS}/${month(MONTHS * 5 - 2)}/`]
  for (const t of [n % TAGS, (n + 7) % TAGS, (n + 13) % TAGS]) changed.push(`/tags/t${t}/${month(MONTHS - 1)}/`, `/tags/t${t}/${month(MONTHS - 2)}/`)
  changed.push('/feed.xml', '/sitemap.xml', '/sitemap-news.xml')
  const pages = { ...manifest.pages }
  for (const url of changed) {
    writeNew(dir, url.endsWith('/') ? `${url.slice(1)}index.html` : url.slice(1), page(`${url} ${release}`, url.startsWith('/articles/') ? 6000 : 4000))
    pages[url] = `k${n}-${url}`
  }
  for (const shard of [n % 97, (n * 7) % 97, (n * 13) % 97]) writeNew(dir, `search-index/terms/${shard}.bin.gz`, filler(8000, `terms ${shard} ${release}`))
  writeNew(dir, 'search-index/index.json', `{"generation":${n}}`)
  writeChanges(paths, { format: 1, release, previous, at: new Date().toISOString(), site: 'https://www.example.cn', full: false, changed: changed.sort(), removed: [] })
  switchTo(paths, release, { ...manifest, pages, documents: { ...manifest.documents, [slug]: `d${n}` } })
  // The build keeps its previous release; older ones go (their folders would only fill the disk).
  for (const old of fs.readdirSync(paths.releases)) {
    if (old !== release && old !== previous && old !== `${release}.json` && old !== `${previous}.json`) fs.rmSync(path.join(paths.releases, old), { recursive: true, force: true })
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

async function main() {
  const { values } = parseArgs({ options: { articles: { type: 'string', default: '20000' }, runs: { type: 'string', default: '5' } } })
  const articles = Number(values.articles)
  const runs = Number(values.runs)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lzfzw-deploy-tree-'))
  try {
    const out = path.join(tmp, 'build', 'out')
    const paths = publishPaths(out)
    const first = `bench-0000-${process.pid}`
    let t = performance.now()
    const manifest = firstRelease(path.join(paths.releases, first), articles)
    switchTo(paths, first, manifest)
    const files = Object.keys(manifest.pages).length + Math.ceil(articles / 5) + 302
    console.log(`deploy bench: a release-sized tree of ${articles} articles (${files} files) written in ${((performance.now() - t) / 1000).toFixed(1)} s; load ${os.loadavg()[0].toFixed(1)}`)
    const started = await startDeployBench(out, Number(process.env.E2E_PORT_BASE || 4310) + 95)
    if (!started) throw new Error('sshd cannot run here (needs root and /usr/sbin/sshd)')
    console.log(started.first)
    const seconds: Record<string, number[]> = { fresh: [], kept: [] }
    const loads: number[] = []
    try {
      // As npm run deploy after each publish (a new ssh connection per node), then as the resident
      // publisher deploys (each node's connection kept open from one publish to the next).
      for (let n = 1; n <= 2 * runs; n++) {
        const kind = n <= runs ? 'fresh' : 'kept'
        await publishOneArticle(out, n)
        t = performance.now()
        const line = await started.bench.measure(`one new article #${n}, after its publish${kind === 'kept' ? ' (connections kept)' : ''}`, kind === 'kept')
        seconds[kind].push((performance.now() - t) / 1000)
        loads.push(os.loadavg()[0])
        console.log(line)
      }
    } finally {
      await started.bench.close()
    }
    console.log(
      `   median of ${runs}: ${median(seconds.fresh).toFixed(2)} s as npm run deploy, ${median(seconds.kept.slice(1)).toFixed(2)} s with connections kept ` +
        `(the runs after the first), to 2 nodes at ${articles} articles (load ${median(loads).toFixed(1)})`,
    )
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
