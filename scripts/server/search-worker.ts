// The thread that answers /search/?q= for npm start (scripts/server/search-pool.ts starts it): searching
// the index (scripts/server/search-answer.ts) and writing the results into the page (scripts/server/search-page.ts)
// cost milliseconds to hundreds of milliseconds of CPU a query, which on the server's own thread
// would hold every other reader's page meanwhile. Here they cost only this thread's time.
import { parentPort, workerData } from 'node:worker_threads'
import { createNormalizer } from '../../lib/search/normalize'
import { t2sTable } from '../../lib/search/t2s'
import { type ResultsRequest, SearchAnswers, type SearchAnswerOptions } from './search-answer'
import { fillSearchPage, offeredChannels, type SearchArgs } from './search-page'

/** One search page to fill: the page as published in `root`, and what the address asks. */
export interface FillJob {
  id: number
  root: string
  page: string
  args: SearchArgs
  request: ResultsRequest
}

/** The page filled in (`answered` false: with the query only, the index did not answer in time). */
export interface FillDone {
  id: number
  html?: string
  answered?: boolean
  error?: string
}

const answers = new SearchAnswers(workerData as SearchAnswerOptions)
// The channel menus of the few search pages being served (a release each), read once each.
const menus = new Map<string, Map<string, string>>()

parentPort!.on('message', async (job: FillJob) => {
  try {
    let channels = menus.get(job.page)
    if (channels === undefined) {
      if (menus.size >= 4) menus.delete(menus.keys().next().value!)
      menus.set(job.page, (channels = offeredChannels(job.page)))
    }
    const results = await answers.answer(job.root, job.request, channels)
    parentPort!.postMessage({ id: job.id, html: fillSearchPage(job.page, job.args, results), answered: results !== undefined } satisfies FillDone)
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: (error as Error).message } satisfies FillDone)
  }
})
// Ready to search before the first reader asks: the traditional-to-simplified table takes a while.
createNormalizer(t2sTable())
parentPort!.postMessage({ ready: true })
