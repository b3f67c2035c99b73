// @vitest-environment node
// npm start answering /search/?q= for anyone (scripts/server/search-answer.ts): a client sending query
// after distinct query must not make the server keep something per query without bound. Every
// bigram a query looked up used to be kept, found or not: about 14 KB a query here (20 KB on a
// real index), until the server ran out of memory and went down for every reader. The flood goes
// through the server's own SearchAnswers, in this process, so the heap can be measured exactly
// (after a full garbage collection) and the flood stays short.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import v8 from 'node:v8'
import vm from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSearchIndex, type SearchDocument } from '../../lib/search'
import { SearchAnswers } from '../../scripts/server/search-answer'

const QUERIES = 3_000

/** Common characters: most bigrams of a random run of them are in no article, some are in many. */
const CHARACTERS = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理'

/** Documents in which those characters make some real bigrams. */
const documents: SearchDocument[] = Array.from({ length: 60 }, (_, n) => ({
  slug: `a-${n}`,
  title: `第${n}期 ${CHARACTERS.slice(n * 3, n * 3 + 12)}`,
  text: Array.from({ length: 20 }, (_, k) => CHARACTERS.slice((n * 7 + k * 13) % 300, ((n * 7 + k * 13) % 300) + 20)).join(','),
  date: new Date(Date.UTC(2024, 0, 1 + n)),
  channel: { slug: 'minsheng', name: '关注民生' },
  url: `/articles/a-${n}/`,
}))

/** A query of 32 characters no one asked for before (seeded, so a failure can be replayed). */
function queries(seed: number) {
  let state = seed
  const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) % CHARACTERS.length
  return () => Array.from({ length: 32 }, () => CHARACTERS[next()]).join('')
}

let tmp: string

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'search-flood-'))
  await buildSearchIndex(documents, tmp)
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

v8.setFlagsFromString('--expose-gc')
const collect = vm.runInNewContext('gc') as () => void
/** The heap in use after a full garbage collection, in MB. */
const heapMb = () => {
  collect()
  return process.memoryUsage().heapUsed / 2 ** 20
}

describe('a flood of distinct search queries', () => {
  it(`keeps the server's memory flat over ${QUERIES.toLocaleString('en')} distinct queries, and still answers searches`, async () => {
    const answers = new SearchAnswers({ timeoutMs: 600_000 }) // answered however busy the machine is
    const query = queries(27)
    const ask = async (q: string) => answers.answer(tmp, { query: q, channel: '', sort: 'relevance', page: 1 }, new Map())
    const flood = async (count: number) => {
      for (let i = 0; i < count; i++) expect(await ask(query())).toBeDefined()
    }
    // Warm: the index is open and the first answers are kept.
    await flood(300)
    const before = heapMb()
    await flood(QUERIES)
    const after = heapMb()
    console.log(`search flood: heap ${before.toFixed(1)} MB before, ${after.toFixed(1)} MB after ${QUERIES} distinct queries`)
    // Flat: the answers' LRU filling up to its few MB, not a share per query (14 KB a query would be 40 MB).
    expect(after - before).toBeLessThan(10)
    const real = await ask(CHARACTERS.slice(3, 5))
    expect(real?.status).toMatch(/^找到 \d+ 篇/)
  }, 120_000)
})
