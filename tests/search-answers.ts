// What a reader's search shows, for comparing an index after updates with a full build's: every
// query's hits (address, tier, channel, minute) best first, newest first, and per channel. Shared
// by the search and publishing tests.
import { fileLoader } from '../lib/search/files'
import { createNormalizer } from '../lib/search/normalize'
import { SearchIndex } from '../lib/search/query'
import { t2sTable } from '../lib/search/t2s'

const normalizer = createNormalizer(t2sTable())

export async function searchAnswers(outDir: string, queries: readonly string[]) {
  const reader = await SearchIndex.open(fileLoader(outDir), normalizer)
  const url = async (doc: number) => (await reader.document(doc)).url
  const urls = (docs: Int32Array) => Promise.all(Array.from(docs, url))
  const seen = []
  for (const query of queries) {
    const answer = await reader.search(query)
    seen.push({
      query,
      hits: await Promise.all(answer.hits.map(async (h) => `${await url(h.doc)} tier ${h.tier} ${h.channel} ${h.minutes}`)),
      newest: await urls(answer.select('newest')),
      // (index.json lists channels in the order it met them: a full build and updates meet them differently)
      channels: await Promise.all(reader.manifest.channels.map((c) => c.slug).sort().map(async (slug) => [slug, await urls(answer.select('relevance', slug))])),
    })
  }
  return seen
}
