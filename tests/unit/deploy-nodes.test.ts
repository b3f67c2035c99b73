// @vitest-environment node
// npm run deploy to nginx nodes: two real nginx servers (deploy/site.conf) whose folders are reached
// through a real sshd on loopback and rsync, under load for the whole deploy.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { Parser } from 'htmlparser2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNginx } from '../../scripts/tools/nginx.mjs'
import type { DeployConfig, NodeTarget } from '../../scripts/deploy/config'
import { deployRelease } from '../../scripts/deploy/index'
import { publishRelease, siteFiles, type Sshd, startSshd } from './deploy-fixtures'

const root = path.resolve(__dirname, '../..')
const base = Number(process.env.E2E_PORT_BASE || 4310)
const SSHD_PORT = base + 90
const NGINX_PORTS = [base + 91, base + 92]
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-nodes-'))
const out = path.join(tmp, 'build/out')
let sshd: Sshd
let nginx: Awaited<ReturnType<typeof startNginx>>[] = []
let articles = ['a-1', 'a-2', 'a-3']
const documents = () => Object.fromEntries(articles.map((a) => [a, `key-${a}`]))

const node = (name: string, extra: Partial<NodeTarget> = {}): NodeTarget => ({
  name,
  host: 'root@127.0.0.1',
  port: SSHD_PORT,
  path: path.join(tmp, name),
  ssh: sshd.ssh,
  rsync: [],
  ...extra,
})
const config = (nodes: NodeTarget[], graceMinutes = 10): DeployConfig => ({ siteUrl: 'https://www.example.cn', nodes, graceMinutes })
const quiet = { log: () => {}, secrets: {} }

/** The release a page or asset body says it belongs to. */
const releaseOf = (text: string) => text.match(/release[" ]+(?:content=")?(R\d+)/)?.[1]

/** What a page names: its release and the assets it loads. */
function readPage(html: string) {
  let release: string | undefined
  const assets: string[] = []
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'meta' && attrs.name === 'release') release = attrs.content
      if (name === 'link' && attrs.rel === 'stylesheet') assets.push(attrs.href)
      if (name === 'script' && attrs.src) assets.push(attrs.src)
    },
  })
  parser.end(html)
  return { release, assets }
}

const PAGES = () => ['/', '/articles/', ...articles.map((a) => `/articles/${a}/`)]

/** Every page of a node with the assets it loads: the releases they come from. */
async function sweep(url: string, pages = PAGES()): Promise<Set<string>> {
  const seen = new Set<string>()
  for (const page of pages) {
    const response = await fetch(url + page)
    expect(response.status, `${url}${page}`).toBe(200)
    const { release, assets } = readPage(await response.text())
    seen.add(release!)
    for (const asset of assets) {
      const body = await fetch(url + asset)
      expect(body.status, `${url}${asset} named by ${page}`).toBe(200)
      seen.add(releaseOf(await body.text())!)
    }
  }
  return seen
}

/** Readers that load a page and then its assets, over and over, noting any new page with an older asset. */
function readers(urls: string[], pages: string[]) {
  let running = true
  const violations: string[] = []
  const seen = new Set<string>()
  const loops = urls.map(async (url) => {
    for (let i = 0; running; i++) {
      const page = pages[i % pages.length]
      try {
        const response = await fetch(url + page)
        if (response.status !== 200) {
          violations.push(`${url}${page}: ${response.status}`)
          continue
        }
        const { release, assets } = readPage(await response.text())
        seen.add(release!)
        for (const asset of assets) {
          const body = await fetch(url + asset)
          const text = await body.text()
          if (body.status !== 200) violations.push(`${url}${asset} after ${page} of ${release}: ${body.status}`)
          else if (Number(releaseOf(text)!.slice(1)) < Number(release!.slice(1))) violations.push(`${url}${page} of ${release} with ${asset} of ${releaseOf(text)}`)
        }
      } catch (error) {
        violations.push(`${url}${page}: ${(error as Error).message}`)
      }
    }
  })
  return {
    seen,
    violations,
    async stop() {
      running = false
      await Promise.all(loops)
    },
  }
}

/** autocannon on a node until stopped: pages, the script, and the previous release's stylesheet. */
function load(url: string, paths: string[]) {
  let stop = () => {}
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: 2, duration: 600, requests: paths.map((p) => ({ method: 'GET', path: p })) }, (error, result) =>
      error ? reject(error) : resolve(result),
    )
    stop = () => instance.stop()
  })
  return {
    async stop() {
      stop()
      return done
    },
  }
}

const linkOf = (name: string) => path.basename(fs.readlinkSync(path.join(tmp, name, 'out')))
const releasesOn = (name: string) => fs.readdirSync(path.join(tmp, name, 'releases')).sort()

beforeAll(async () => {
  sshd = await startSshd(path.join(tmp, 'sshd'), SSHD_PORT)
  publishRelease(out, 'R1', siteFiles({ release: 'R1', articles }), documents())
  const first = await deployRelease({ ...quiet, config: config([node('web-a'), node('web-b')]), out })
  expect(first.failures).toEqual([])
  nginx = await Promise.all(NGINX_PORTS.map((port, i) => startNginx({ site: path.join(tmp, ['web-a', 'web-b'][i], 'out'), port })))
}, 60_000)

afterAll(async () => {
  await Promise.all(nginx.map((n) => n.stop()))
  await sshd?.stop()
  fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 20 }) // a node may still be making its spare
})

describe('npm run deploy to nginx nodes over ssh and rsync', () => {
  it('switches every node under load without an error, and no reader gets a new page with an old asset', async () => {
    const urls = nginx.map((n) => n.url)
    for (const url of urls) expect(await sweep(url)).toEqual(new Set(['R1']))
    const oldCss = readPage(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).assets[0]
    const loads = urls.map((url) => load(url, [...PAGES(), '/js/app.js', oldCss]))
    const reading = readers(urls, PAGES())

    articles = [...articles, 'a-4']
    publishRelease(out, 'R2', siteFiles({ release: 'R2', articles, bulk: 1 << 18 }), documents())
    const report = await deployRelease({ ...quiet, config: config([node('web-a'), node('web-b')]), out })
    expect(report.failures).toEqual([])
    // Readers keep reading until each node has served the new release to them.
    await expect.poll(async () => Promise.all(urls.map(async (url) => releaseOf(await (await fetch(url)).text()))), { timeout: 20_000 }).toEqual(['R2', 'R2'])
    await reading.stop()
    const results = await Promise.all(loads.map((l) => l.stop()))

    expect(reading.violations).toEqual([])
    expect(reading.seen).toEqual(new Set(['R1', 'R2']))
    for (const result of results) {
      expect(result.requests.total).toBeGreaterThan(0)
      expect({ errors: result.errors, non2xx: result.non2xx, timeouts: result.timeouts }).toEqual({ errors: 0, non2xx: 0, timeouts: 0 })
    }
    for (const url of urls) expect(await sweep(url)).toEqual(new Set(['R2']))
    // Only the changed files travelled: the new article, its lists, the new stylesheet, the bulk images.
    // The new folder was the spare the last deploy left (hard links to R1, a rename instead of a copy of the tree),
    // and writing the new release into it changed nothing of R1's.
    for (const name of ['web-a', 'web-b']) expect([report.nodes[name].mode, report.nodes[name].spare]).toEqual(['delta', true])
    for (const name of ['web-a', 'web-b']) {
      for (const page of ['index.html', 'articles/a-1/index.html']) expect(releaseOf(fs.readFileSync(path.join(tmp, name, 'releases/R1', page), 'utf8'))).toBe('R1')
    }
    // The replaced release stays for its grace period; the previous stylesheet stays for cached pages.
    expect(releasesOn('web-a')).toEqual(['R1', 'R2'])
    expect((await fetch(urls[0] + oldCss)).status).toBe(200)
  }, 90_000)

  it('leaves every node serving a whole release when the deploy is killed midway, and the next deploy completes', async () => {
    const slow = [node('web-a', { rsync: ['--bwlimit=200'] }), node('web-b', { rsync: ['--bwlimit=200'] })]
    const file = path.join(tmp, 'deploy.yml')
    fs.writeFileSync(
      file,
      `siteUrl: https://www.example.cn\ngraceMinutes: 10\nnodes:\n${slow
        .map((n) => `  - name: ${n.name}\n    host: ${n.host}\n    port: ${n.port}\n    path: ${n.path}\n    ssh: ${JSON.stringify(n.ssh)}\n    rsync: ${JSON.stringify(n.rsync)}\n`)
        .join('')}`,
    )
    const before = PAGES()
    articles = [...articles, 'a-5']
    publishRelease(out, 'R3', siteFiles({ release: 'R3', articles, bulk: 1 << 20 }), documents())
    const childTmp = path.join(tmp, 'child-tmp')
    fs.mkdirSync(childTmp)
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/deploy/cli.ts', '--config', file, '--out', out], {
      cwd: root,
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, TMPDIR: childTmp },
    })
    const exited = new Promise((resolve) => child.on('exit', resolve))
    // Killed (with its rsync and ssh) once a node has part of the new release.
    const partial = path.join(tmp, 'web-a/releases/R3.partial/images')
    await expect.poll(() => fs.existsSync(partial) && fs.readdirSync(partial).length > 0, { timeout: 30_000, interval: 20 }).toBe(true)
    process.kill(-child.pid!, 'SIGKILL')
    await exited
    // Its shared ssh connection outlives it (ControlPersist): ended here rather than left to time out.
    for (const dir of fs.readdirSync(childTmp).filter((d) => d.startsWith('deploy-ssh-'))) {
      for (const socket of fs.readdirSync(path.join(childTmp, dir))) {
        spawnSync('ssh', ['-o', `ControlPath=${path.join(childTmp, dir, socket)}`, '-O', 'exit', 'root@127.0.0.1'], { stdio: 'ignore' })
      }
    }

    for (const url of nginx.map((n) => n.url)) expect(await sweep(url, before)).toEqual(new Set(['R2']))
    expect([linkOf('web-a'), linkOf('web-b')]).toEqual(['R2', 'R2'])

    const again = await deployRelease({ ...quiet, config: config([node('web-a'), node('web-b')]), out })
    expect(again.failures).toEqual([])
    for (const url of nginx.map((n) => n.url)) expect(await sweep(url)).toEqual(new Set(['R3']))
  }, 90_000)

  it('names the node that failed and why, and keeps or puts every other node back on its release', async () => {
    const before = PAGES()
    // R4 adds a-6 and takes a-2 down.
    articles = [...articles.filter((a) => a !== 'a-2'), 'a-6']
    publishRelease(out, 'R4', siteFiles({ release: 'R4', articles }), documents())
    // A node nobody answers on: nothing switches anywhere.
    const unreachable = await deployRelease({ ...quiet, config: config([node('web-a'), node('web-b'), node('web-down', { port: base + 99 })]), out })
    expect(unreachable.ok).toBe(false)
    expect(unreachable.failures).toEqual([expect.stringMatching(/^节点 web-down 连接失败:.*(refused|拒绝)/)])
    expect([linkOf('web-a'), linkOf('web-b')]).toEqual(['R3', 'R3'])
    expect(releasesOn('web-a')).not.toContain('R4')

    // A node whose switch fails after the others switched: they switch back.
    fs.mkdirSync(path.join(tmp, 'web-c/releases/R0'), { recursive: true })
    fs.symlinkSync('releases/R0', path.join(tmp, 'web-c/out'))
    fs.mkdirSync(path.join(tmp, 'web-c/.out.new/blocked'), { recursive: true })
    const stuck = await deployRelease({ ...quiet, config: config([node('web-a'), node('web-b'), node('web-c')]), out })
    expect(stuck.ok).toBe(false)
    expect(stuck.failures).toEqual([expect.stringMatching(/^节点 web-c 切换失败:/)])
    expect([linkOf('web-a'), linkOf('web-b')]).toEqual(['R3', 'R3'])
    for (const url of nginx.map((n) => n.url)) expect(await sweep(url, before)).toEqual(new Set(['R3']))

    // Without it the deploy goes through, and replaced releases past their grace period go.
    const fine = await deployRelease({ ...quiet, config: config([node('web-a'), node('web-b')], 0), out })
    expect(fine.failures).toEqual([])
    expect(releasesOn('web-a')).toEqual(['R4'])
    for (const url of nginx.map((n) => n.url)) expect(await sweep(url)).toEqual(new Set(['R4']))
    // The taken-down article left every node, its folder too (only the changed files were handled).
    for (const name of ['web-a', 'web-b']) expect(fine.nodes[name].mode).toBe('delta')
    for (const url of nginx.map((n) => n.url)) expect((await fetch(`${url}/articles/a-2/`)).status).toBe(404)
    for (const name of ['web-a', 'web-b']) expect(fs.existsSync(path.join(tmp, name, 'releases/R4/articles/a-2'))).toBe(false)
  }, 90_000)
})
