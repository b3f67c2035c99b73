// @vitest-environment node
// A correction reaches the search engines and the CDN: the real build publishes a few articles, then
// a 更正说明 and a new 更新时间 (the article's text unchanged), and npm run deploy must push that
// article's URL to IndexNow and Baidu and list it for the CDN; an article that only gained a
// 下一篇 link is not pushed. The engines here only record what they receive (deploy-announce.test.ts
// checks the protocols).
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Settings } from '@/lib/settings'
import type { DeployConfig } from '../../scripts/deploy/config'
import { deployRelease } from '../../scripts/deploy/index'
import { build } from '../../scripts/publish/build'

const root = path.resolve(__dirname, '../..')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-corrections-'))
const contentDir = path.join(tmp, 'content')
const out = path.join(tmp, 'build/out')
const settings: Settings = { contentDir, publicDir: path.join(root, 'public'), includeUnpublished: false }
const now = new Date('2026-05-01T00:00:00+08:00')
const SITE = 'https://www.example.cn'

/** What each engine received: one list of URLs per call. */
const calls = { indexnow: [] as string[][], baidu: [] as string[][] }
let engines: http.Server
let config: DeployConfig

function write(slug: string, date: string, extra: string[] = []) {
  const fields = [`title: 【测试】${slug} 的通知`, `date: ${date}`, 'category: 关注民生', ...extra]
  fs.writeFileSync(path.join(contentDir, 'articles', `${slug}.md`), `---\n${fields.join('\n')}\n---\n\n${slug} 的正文,更正前后一字不改。\n`)
}

/** Publishes the content folder as it is now (incrementally after the first), then deploys it; the URLs each engine was sent and the purge list. */
async function publishAndDeploy(full = false) {
  const built = await build({ root, settings, out, full, quiet: true, now })
  expect(built.ok, built.problems.map((p) => p.message).join('\n')).toBe(true)
  calls.indexnow.length = calls.baidu.length = 0
  const report = await deployRelease({ config, secrets: { indexnowKey: 'f3b9c2d4e5a6478b9c0d1e2f3a4b5c6d', baiduToken: 'token' }, out, log: () => {} })
  expect(report.ok, report.failures.join('\n')).toBe(true)
  const purged = report.purged ? fs.readFileSync(report.purged.file, 'utf8').split('\n').filter(Boolean) : []
  return { indexnow: calls.indexnow.flat().sort(), baidu: calls.baidu.flat().sort(), purged }
}

beforeAll(async () => {
  engines = http.createServer((request, response) => {
    let text = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => (text += chunk))
    request.on('end', () => {
      if (request.url!.startsWith('/indexnow')) {
        calls.indexnow.push((JSON.parse(text) as { urlList: string[] }).urlList)
        response.writeHead(200).end()
      } else {
        const urls = text.split('\n').filter(Boolean)
        calls.baidu.push(urls)
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ success: urls.length, remain: 1000 }))
      }
    })
  })
  await new Promise<void>((resolve) => engines.listen(0, '127.0.0.1', resolve))
  const engine = `http://127.0.0.1:${(engines.address() as AddressInfo).port}`
  config = {
    siteUrl: SITE,
    nodes: [],
    graceMinutes: 10,
    searchEngines: { indexnow: { endpoint: `${engine}/indexnow`, batchSize: 10_000 }, baidu: { endpoint: `${engine}/urls`, batchSize: 2000 } },
  }
  fs.mkdirSync(path.join(contentDir, 'articles'), { recursive: true })
  fs.copyFileSync(path.join(root, 'content/site.md'), path.join(contentDir, 'site.md'))
  write('first', '2026-03-01 09:00')
  write('second', '2026-03-02 09:00')
  const first = await publishAndDeploy(true)
  expect([first.indexnow, first.baidu]).toEqual([[], []])
}, 300_000)

afterAll(async () => {
  engines?.closeAllConnections()
  await new Promise((resolve) => engines?.close(resolve))
  fs.rmSync(tmp, { recursive: true, force: true })
}, 60_000)

describe('a correction reaches the search engines', () => {
  it('pushes an article whose 更正说明 and 更新时间 changed, its text unchanged, and lists it for the CDN', async () => {
    write('first', '2026-03-01 09:00', ['updated: 2026-04-01 10:00', 'correction: 原文第二段中的“2022年”应为“2023年”,已更正。'])
    const sent = await publishAndDeploy()
    expect(sent.indexnow).toEqual([`${SITE}/articles/first/`])
    expect(sent.baidu).toEqual([`${SITE}/articles/first/`])
    expect(sent.purged).toContain(`${SITE}/articles/first/`)
  }, 120_000)

  it('pushes an article whose 更新时间 alone changed', async () => {
    write('first', '2026-03-01 09:00', ['updated: 2026-04-02 08:30', 'correction: 原文第二段中的“2022年”应为“2023年”,已更正。'])
    const sent = await publishAndDeploy()
    expect([sent.indexnow, sent.baidu]).toEqual([[`${SITE}/articles/first/`], [`${SITE}/articles/first/`]])
    expect(sent.purged).toContain(`${SITE}/articles/first/`)
  }, 120_000)

  it('pushes a new article, not the one that only gained a 下一篇 link to it', async () => {
    write('third', '2026-03-03 09:00')
    const sent = await publishAndDeploy()
    expect([sent.indexnow, sent.baidu]).toEqual([[`${SITE}/articles/third/`], [`${SITE}/articles/third/`]])
    // Its page did change: the CDN must drop the old copy.
    expect(sent.purged).toContain(`${SITE}/articles/second/`)
  }, 120_000)
})
