// Chinese full-text search of the site, with no server: see README, "How search works".
// The builder (Node): documents in, static index files out; and the documents made from articles.
import type { Article } from '../content/types'
import { articlePath } from '../routes'
import type { SearchDocument } from './build'

export { buildSearchIndex, INDEX_DIR, updateSearchIndex, type SearchDocument, type SearchIndexChange, type SearchIndexReport } from './build'
export { bundleSearchScript } from './bundle'

/** What search indexes of an article. */
export function searchDocument(article: Article): SearchDocument {
  return {
    slug: article.slug,
    title: article.title,
    text: article.text,
    date: article.date,
    channel: { slug: article.channel.slug, name: article.channel.name },
    url: articlePath(article.slug),
    tags: article.tags,
  }
}
