// @vitest-environment node
// npm start under a search attack: one client keeps 32 connections busy with heavy distinct
// queries. Searching and filling the page happen on the search worker's thread, never on the one
// that serves pages (so no reader's page waits for a query), and the attacker gets its share of the
// worker only: another reader's searches are still answered with their results.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildSearchIndex, type SearchDocument } from '../../lib/search'
import { SearchIndex } from '../../lib/search/query'
import { type RunningServer, startServer } from '../../scripts/server/serve'
import { SearchPool } from '../../scripts/server/search-pool'
import { SEARCH_PAGE, siteFiles, writeFiles } from './serve-fixtures'

const COMMON = '工作建设发展管理服务社会经济人民国家政府部门群众问题推进加强'
const topic = (n: number) => ['老旧小区加装电梯', '纪委监委通报', '乡村振兴驻村帮扶', '营商环境优化'][n % 4]

/** 400 articles, all of them full of the same common words: a query of those is heavy. */
const documents: SearchDocument[] = Array.from({ length: 400 }, (_, n) => ({
  slug: `a-${n}`,
  title: `${topic(n)}第${n}期`,
  text: Array.from({ length: 30 }, (_, k) => COMMON.slice((n + k * 3) % 30, ((n + k * 3) % 30) + 8)).join(',') + topic(n),
  date: new Date(Date.UTC(2024, 0, 1 + n)),
  channel: { slug: 'minsheng', name: '关注民生' },
  url: `/articles/a-${n}/`,
}))

let tmp: string
let out: string
let running: RunningServer

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'search-load-'))
  out = path.join(tmp, 'out')
  writeFiles(out, { ...siteFiles(), 'search/index.html': SEARCH_PAGE })
  await buildSearchIndex(documents, out)
  // No time limit on a search: whether a reader gets results must not depend on how busy the machine is.
  running = await startServer({ dir: out, port: 0, host: '127.0.0.1', search: { timeoutMs: 600_000 } })
}, 60_000)
afterAll(async () => {
  await running?.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

/** GET `target` from the address `from`; the status and the search status sentence. */
function search(target: string, from: string, agent?: http.Agent): Promise<{ status: number; sentence: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${running.url}${target.slice(1)}`, { localAddress: from, agent }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode!, sentence: /data-search-status[^>]*>([^<]*)</.exec(body)?.[1] ?? '' }))
    })
    request.on('error', reject)
  })
}

describe('npm start under a search attack', () => {
  it('searches on another thread than the pages, and still answers another reader with results while one client floods it', async () => {
    const onPageThread = vi.spyOn(SearchIndex.prototype, 'search')
    try {
      // Warm: the worker has started and opened the index.
      expect((await search(`/search/?q=${encodeURIComponent('电梯')}`, '127.0.0.2')).sentence).toMatch(/^找到 \d+ 篇/)
      let attacking = true
      let sent = 0
      const statuses = new Set<number>()
      const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })
      const attacker = async (c: number) => {
        for (let n = 0; attacking; n++) {
          // Every query distinct, each word common: every article matches.
          const query = Array.from({ length: 6 }, (_, w) => COMMON.slice((c + n + w * 5) % 28, ((c + n + w * 5) % 28) + 2)).join(' ') + ` ${c}-${n}`
          statuses.add((await search(`/search/?q=${encodeURIComponent(query)}`, '127.0.0.1', agent)).status)
          sent++
        }
      }
      const attack = Promise.all(Array.from({ length: 32 }, (_, c) => attacker(c)))
      while (sent < 64) await new Promise((resolve) => setTimeout(resolve, 10))
      const sentences: string[] = []
      for (const word of ['电梯', '纪委', '驻村', '营商环境', '加装电梯', '乡村振兴', '通报', '优化']) {
        sentences.push((await search(`/search/?q=${encodeURIComponent(word)}`, '127.0.0.2')).sentence)
      }
      attacking = false
      await attack
      agent.destroy()
      expect(statuses).toEqual(new Set([200]))
      expect(sentences.filter((sentence) => !/^找到 \d+ 篇/.test(sentence))).toEqual([])
      expect(onPageThread).not.toHaveBeenCalled()
    } finally {
      onPageThread.mockRestore()
    }
  }, 120_000)

  it('takes the clients in turn: a reader waits for the page the worker is filling, never for the flood queued before it', async () => {
    const pool = new SearchPool({ timeoutMs: 600_000, maxPerClient: 8, maxQueued: 16 })
    try {
      await pool.ready()
      const done: string[] = []
      const fill = (client: string, query: string) =>
        pool.fill(out, SEARCH_PAGE, { query, channel: '', sort: '', page: 1 }, { query, channel: '', sort: 'relevance', page: 1 }, client).then((filled) => {
          done.push(client)
          return filled?.answered
        })
      // Eight heavy pages from one client, then one reader's.
      const flood = Array.from({ length: 8 }, (_, n) => fill('flooder', `${COMMON.slice(n, n + 2)} ${COMMON.slice(n + 6, n + 8)} ${COMMON.slice(n + 12, n + 14)}`))
      const reader = fill('reader', '电梯')
      expect(await Promise.all([...flood, reader])).toEqual(Array(9).fill(true))
      // Filled one at a time: the flooder's first page, then the reader's, then the rest.
      expect(done.indexOf('reader')).toBe(1)
    } finally {
      await pool.close()
    }
  }, 120_000)
})
