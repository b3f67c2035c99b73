// The build's search step, until scripts/build.ts takes it over: the published articles as the
// content loader has them (the check's snapshot during `npm run build`) → out/search-index/ and the
// search page's script, out/js/search.js. Nothing here reads the built HTML.
import path from 'node:path'
import { content } from '../lib/content'
import { buildSearchIndex, bundleSearchScript, searchDocument } from '../lib/search'

export async function writeSearch(out: string) {
  const index = await buildSearchIndex(content().articles.map(searchDocument), out)
  const script = await bundleSearchScript(path.join(out, 'js', 'search.js'))
  return { index, script }
}
