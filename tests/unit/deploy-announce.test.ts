// @vitest-environment node
// After a deploy (here a single-machine site: no nodes, the build's own out/ served by npm start),
// the CDN purge list and the search engines: IndexNow and Baidu 普通收录 against local stand-ins that
// check the protocol as the engines document it, quotas and refusals included.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeployConfig } from '../../scripts/deploy/config'
import { purge } from '../../scripts/deploy/cdn'
import { deployRelease } from '../../scripts/deploy/index'
import { startServer } from '../../scripts/server/serve'
import { publishRelease, siteFiles } from './deploy-fixtures'

const KEY = 'f3b9c2d4e5a6478b9c0d1e2f3a4b5c6d'
const TOKEN = 'baidu-test-token'
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-announce-'))
const out = path.join(tmp, 'build/out')
const purgeLog = path.join(tmp, 'purged.txt')
let site: Awaited<ReturnType<typeof startServer>>
let engines: http.Server
let engineUrl = ''

/** What the stand-ins received (each call that passed the protocol checks), and protocol errors. */
const indexnowCalls: string[][] = []
const baiduCalls: string[][] = []
const protocolErrors: string[] = []
/** How the stand-ins answer next. */
const answers = { indexnowStatus: [] as number[], baiduRemain: 1_000_000, baiduSite: '' }

const body = (request: http.IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => (text += chunk))
    request.on('end', () => resolve(text))
  })

/** IndexNow as documented at indexnow.org: POST JSON {host, key, keyLocation, urlList ≤ 10,000}, the key file at keyLocation holding the key. */
async function indexnow(request: http.IncomingMessage, response: http.ServerResponse) {
  const fail = (status: number, why: string) => {
    protocolErrors.push(`indexnow: ${why}`)
    response.writeHead(status).end()
  }
  if (request.method !== 'POST') return fail(405, `method ${request.method}`)
  if (request.headers['content-type'] !== 'application/json; charset=utf-8') return fail(400, `content type ${request.headers['content-type']}`)
  const data = JSON.parse(await body(request)) as Record<string, unknown>
  if (Object.keys(data).sort().join() !== 'host,key,keyLocation,urlList') return fail(400, `fields ${Object.keys(data)}`)
  const { host, key, keyLocation, urlList } = data as { host: string; key: string; keyLocation: string; urlList: string[] }
  if (!Array.isArray(urlList) || urlList.length === 0 || urlList.length > 10_000) return fail(400, `urlList of ${urlList.length}`)
  if (urlList.some((u) => new URL(u).host !== host)) return fail(422, 'a URL of another host')
  const file = await fetch(keyLocation)
  if (file.status !== 200 || (await file.text()).trim() !== key || new URL(keyLocation).host !== host) return fail(403, `key file ${keyLocation}: ${file.status}`)
  const status = answers.indexnowStatus.shift() ?? 200
  if (status === 200) indexnowCalls.push(urlList)
  response.writeHead(status).end()
}

/** Baidu 普通收录 as documented: POST /urls?site=…&token=…, text/plain, one URL a line, ≤ 2,000 a call, a daily quota. */
async function baidu(request: http.IncomingMessage, response: http.ServerResponse, url: URL) {
  const answer = (status: number, value: unknown) => response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value))
  const text = await body(request)
  if (request.method !== 'POST' || request.headers['content-type'] !== 'text/plain') {
    protocolErrors.push(`baidu: ${request.method} ${request.headers['content-type']}`)
    return answer(400, { error: 400, message: 'empty content' })
  }
  if (url.searchParams.get('token') !== TOKEN) return answer(401, { error: 401, message: 'token is not valid' })
  const urls = text.split('\n').filter(Boolean)
  if (urls.length > 2000) {
    protocolErrors.push(`baidu: ${urls.length} URLs in one call`)
    return answer(400, { error: 400, message: 'only 2000 urls are allowed once' })
  }
  if (urls.length > answers.baiduRemain) return answer(400, { error: 400, message: 'over quota' })
  const registered = answers.baiduSite || url.searchParams.get('site')!
  const same = (u: string) => `${new URL(u).protocol === 'https:' ? 'https://' : ''}${new URL(u).host}` === registered
  answers.baiduRemain -= urls.filter(same).length
  baiduCalls.push(urls.filter(same))
  answer(200, { remain: answers.baiduRemain, success: urls.filter(same).length, not_same_site: urls.filter((u) => !same(u)), not_valid: [] })
}

let siteUrl = ''
const config = (): DeployConfig => ({
  siteUrl,
  nodes: [],
  graceMinutes: 10,
  cdn: { purgeCommand: ['sh', '-c', 'cat >> "$0" && echo -- >> "$0"', purgeLog], batchSize: 1000 },
  searchEngines: { indexnow: { endpoint: `${engineUrl}/indexnow`, batchSize: 10_000 }, baidu: { endpoint: `${engineUrl}/urls`, batchSize: 2000 } },
})
const lines: string[] = []
const deploy = () => deployRelease({ config: config(), secrets: { indexnowKey: KEY, baiduToken: TOKEN }, out, log: (l) => lines.push(l) })
const articleUrls = (slugs: string[]) => slugs.map((s) => `${siteUrl}/articles/${s}/`)
const purgeBatches = () =>
  fs.existsSync(purgeLog)
    ? fs
        .readFileSync(purgeLog, 'utf8')
        .split('--\n')
        .filter(Boolean)
        .map((b) => b.split('\n').filter(Boolean))
    : []

beforeAll(async () => {
  publishRelease(out, 'R1', siteFiles({ release: 'R1', articles: ['a-1', 'a-2', 'a-3'] }), { 'a-1': 'k1', 'a-2': 'k2', 'a-3': 'k3' })
  site = await startServer({ dir: out, port: 0, host: '127.0.0.1' })
  siteUrl = site.url.replace(/\/$/, '')
  engines = http.createServer((request, response) => {
    const url = new URL(request.url!, 'http://stand-in')
    if (url.pathname === '/indexnow') void indexnow(request, response)
    else if (url.pathname === '/urls') void baidu(request, response, url)
    else response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => engines.listen(0, '127.0.0.1', resolve))
  engineUrl = `http://127.0.0.1:${(engines.address() as AddressInfo).port}`
})

afterAll(async () => {
  engines?.closeAllConnections()
  await Promise.all([site?.close(), new Promise((resolve) => engines?.close(resolve))])
  fs.rmSync(tmp, { recursive: true, force: true })
}, 30_000)

describe('after a deploy: the CDN purge list and the search engines', () => {
  it('ships the IndexNow key file, and pushes nothing on a first deploy', async () => {
    const report = await deploy()
    expect(report.ok).toBe(true)
    const file = await fetch(`${siteUrl}/${KEY}.txt`)
    expect([file.status, await file.text()]).toEqual([200, KEY])
    expect([indexnowCalls, baiduCalls, purgeBatches()]).toEqual([[], [], []])
    expect(fs.existsSync(path.join(tmp, 'build/out'))).toBe(true)
  })

  it('sends new and changed articles to both engines, takedowns to IndexNow, and changed and removed pages to the CDN', async () => {
    publishRelease(out, 'R2', siteFiles({ release: 'R2', articles: ['a-1', 'a-3', 'a-4'] }), { 'a-1': 'k1-edited', 'a-3': 'k3', 'a-4': 'k4' })
    lines.length = 0
    const report = await deploy()
    expect(report.ok).toBe(true)
    expect(protocolErrors).toEqual([])
    expect(indexnowCalls).toEqual([articleUrls(['a-1', 'a-4', 'a-2'])])
    expect(baiduCalls).toEqual([articleUrls(['a-1', 'a-4'])])
    expect(lines).toContain(`  百度普通收录:成功推送 2 条,今日剩余配额 ${1_000_000 - 2} 条`)
    // Every page of this fixture names its release, so every page but robots.txt changed; a-2 left.
    const purged = purgeBatches()
    expect(purged).toHaveLength(1)
    expect(purged[0]).toContain(`${siteUrl}/articles/a-2/`)
    expect(purged[0]).toContain(`${siteUrl}/articles/a-4/`)
    expect(purged[0]).not.toContain(`${siteUrl}/robots.txt`)
    expect(fs.readFileSync(report.purged!.file, 'utf8').split('\n').filter(Boolean).sort()).toEqual([...purged[0]].sort())
  })

  it('gives the purge command at most 1,000 URLs a call, and hands a failed batch back for the next publish', async () => {
    fs.rmSync(purgeLog, { force: true })
    const urls = Array.from({ length: 2_500 }, (_, i) => `${siteUrl}/articles/p-${i}/`)
    const dir = path.join(tmp, 'purge-lists')
    const result = await purge(urls, { dir, release: 'R9', command: config().cdn!.purgeCommand, batchSize: 1000 })
    expect(purgeBatches().map((b) => b.length)).toEqual([1000, 1000, 500])
    expect(purgeBatches().flat()).toEqual(urls)
    expect(fs.readFileSync(result.file, 'utf8')).toBe(urls.map((u) => `${u}\n`).join(''))
    const failed = await purge(urls.slice(0, 1_500), { dir, release: 'R10', command: ['sh', '-c', 'cat > /dev/null; echo "quota exceeded" >&2; exit 3'], batchSize: 1000 })
    expect(failed.pending).toHaveLength(1_500)
    expect(failed.errors).toEqual([expect.stringMatching(/^CDN 刷新命令 sh 处理 1000 个网址失败:quota exceeded/), expect.stringMatching(/处理 500 个网址失败/)])
  })

  it('keeps the protocol limits: 10,000 URLs per IndexNow call, 2,000 per Baidu call; over quota waits for the next publish', async () => {
    indexnowCalls.length = 0
    baiduCalls.length = 0
    fs.rmSync(purgeLog, { force: true })
    const many = Array.from({ length: 10_050 }, (_, i) => `n-${i}`)
    const withPages = many.slice(0, 5)
    answers.baiduRemain = 2_100
    lines.length = 0
    publishRelease(out, 'R3', siteFiles({ release: 'R3', articles: ['a-1', 'a-3', 'a-4', ...withPages] }), {
      ...Object.fromEntries(many.map((s) => [s, 'new'])),
      'a-1': 'k1-edited',
      'a-3': 'k3',
      'a-4': 'k4',
    })
    const report = await deploy()
    expect(report.ok).toBe(true)
    expect(protocolErrors).toEqual([])
    expect(indexnowCalls.map((c) => c.length)).toEqual([10_000, 50])
    expect(baiduCalls.map((c) => c.length)).toEqual([2000])
    expect(report.warnings).toContain('  百度普通收录推送 2000 条失败:今日推送配额已用完(over quota);这些网址留待下次发布时重试')

    // The next publish (nothing new) sends what the quota held back, once the quota allows it.
    answers.baiduRemain = 1_000_000
    baiduCalls.length = 0
    indexnowCalls.length = 0
    publishRelease(out, 'R4', siteFiles({ release: 'R3', articles: ['a-1', 'a-3', 'a-4', ...withPages] }), {
      ...Object.fromEntries(many.map((s) => [s, 'new'])),
      'a-1': 'k1-edited',
      'a-3': 'k3',
      'a-4': 'k4',
    })
    expect((await deploy()).ok).toBe(true)
    expect(baiduCalls.map((c) => c.length)).toEqual([2000, 2000, 2000, 2000, 50])
    expect(indexnowCalls).toEqual([])
  }, 60_000)

  it('reports IndexNow refusals and Baidu not_same_site in Chinese without failing the deploy, and retries IndexNow next time', async () => {
    answers.indexnowStatus = [429]
    answers.baiduSite = 'https://www.other.cn'
    indexnowCalls.length = 0
    publishRelease(out, 'R5', siteFiles({ release: 'R3', articles: ['a-1', 'a-3', 'a-4'] }), { 'a-1': 'k1-third', 'a-3': 'k3', 'a-4': 'k4' })
    const report = await deploy()
    expect(report.ok).toBe(true)
    expect(report.warnings).toContain('  IndexNow 推送 10000 个网址失败:提交太频繁(429 Too Many Requests);下次发布时重试')
    expect(report.warnings.some((w) => w.includes('百度普通收录:1 个网址与站点不符(not_same_site),未收录'))).toBe(true)

    answers.baiduSite = ''
    publishRelease(out, 'R6', siteFiles({ release: 'R3', articles: ['a-1', 'a-3', 'a-4'] }), { 'a-1': 'k1-third', 'a-3': 'k3', 'a-4': 'k4' })
    expect((await deploy()).ok).toBe(true)
    expect(indexnowCalls.flat()).toContain(`${siteUrl}/articles/a-1/`)
  }, 30_000)
})
