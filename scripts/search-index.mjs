// Builds the Pagefind search index of the exported site into out/pagefind/.
// Pagefind reads only <article data-pagefind-body> and segments Chinese because <html lang="zh-CN">.
import path from 'node:path'
import * as pagefind from 'pagefind'

/** Indexes `out` and writes out/pagefind; returns the number of pages indexed. */
export async function buildSearchIndex(out) {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'zh-cn' })
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`)
  const added = await index.addDirectory({ path: out })
  if (added.errors.length > 0) throw new Error(`pagefind: ${added.errors.join('; ')}`)
  const written = await index.writeFiles({ outputPath: path.join(out, 'pagefind') })
  if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join('; ')}`)
  await pagefind.close()
  return added.page_count
}
