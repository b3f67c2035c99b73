import fs from 'node:fs'
import { type Settings, settingsFromEnv } from '../settings'
import { ContentError } from './problems'
import { type ContentReport, type ContentStore, loadStore, readContent, storedArticles } from './read'
import type { Article, Content, LoadOptions, Neighbours, Site } from './types'

// The content package: the only way into content/. Scripts pass their Settings in; Next's pages,
// which take no arguments, get the site through content(), which reads the environment once.

export type { Article, ArticleImage, Channel, Content, LoadOptions, Neighbours, ParsedArticle, Site } from './types'
export { ContentError, formatProblem, nearest, printable, type ContentProblem } from './problems'
export { ARTICLE_FIELDS, isHttpUrl, isSlug } from './schema'
export { LONG_TITLE, parseArticle, parseSite, type ImageLookup, type ParsedFile } from './parse'
export { imageLookup, loadStore, readContent, saveStore, storedArticles, storeFileFor, updateStore, type ContentReport, type ContentStore, type ReadResult } from './read'

/** The content folder: `CONTENT_DIR` if set, else `content/` in the working directory. */
export const contentDir = () => settingsFromEnv().contentDir

const settingsFor = (dir: string | undefined, now?: Date): Settings => {
  const settings = settingsFromEnv()
  return { ...settings, contentDir: dir ?? settings.contentDir, now: now ?? settings.now }
}

/** Reads and validates every file of a content folder, collecting all problems instead of throwing. */
export function inspectContent(dir?: string, now?: Date): ContentReport {
  return readContent(settingsFor(dir, now)).report
}

/** Builds the indexes every page needs (by slug, by channel, neighbours) so no page scans the archive. */
export function indexContent(site: Site, articles: Article[]): Content {
  const byChannel = new Map<string, Article[]>(site.channels.map((c) => [c.slug, []]))
  for (const article of articles) byChannel.get(article.channel.slug)?.push(article)
  const neighbours = new Map<string, Neighbours>()
  for (const list of byChannel.values()) {
    list.forEach((article, i) => neighbours.set(article.slug, { newer: list[i - 1], older: list[i + 1] }))
  }
  return { site, articles, bySlug: new Map(articles.map((a) => [a.slug, a])), byChannel, neighbours }
}

const visible = (articles: Article[], includeUnpublished: boolean | undefined) =>
  includeUnpublished ? articles : articles.filter((a) => !a.draft && !a.scheduled)

/**
 * Reads and validates a whole content folder (`CONTENT_DIR` by default). Throws one ContentError
 * listing every problem in every file.
 */
export function loadContent(dir?: string, options: LoadOptions = {}): Content {
  const { site, articles, problems } = inspectContent(dir, options.now)
  if (problems.length > 0 || !site) throw new ContentError(problems)
  return indexContent(site, visible(articles, options.includeUnpublished))
}

/** The content a store holds; throws ContentError when the folder it was read from had problems. */
export function contentFromStore(store: ContentStore, now: Date, includeUnpublished = false): Content {
  if (store.problems.length > 0 || !store.site) throw new ContentError(store.problems)
  return indexContent(store.site, visible(storedArticles(store, now), includeUnpublished))
}

// Next bundles pages and route handlers into separate module graphs, each with its own copy of
// this module, so the cache lives on globalThis: one read per process, not one per graph.
interface Live {
  content?: Content
  error?: ContentError
  /** What the cached content came from: the store file's mtime and the moment it was read at. */
  storeStamp?: string
  folderStore?: ContentStore
  checkedAt?: number
}
const live = ((globalThis as { __lzfzwContent?: Live }).__lzfzwContent ??= {})

// How long a development server trusts its last look at the folder: one page request asks for the
// content several times (layout, metadata, page), and an editor's next refresh comes later than this.
const RESCAN_MS = 200

/**
 * The site's content for Next's pages. In a build, from the store the check wrote
 * (`CONTENT_STORE`), read again whenever that file is replaced; otherwise (development) from the
 * folder, re-reading only files that changed. Throws ContentError when the content has problems.
 */
export function content(): Content {
  const settings = settingsFromEnv()
  const now = settings.now ?? new Date()
  if (settings.storeFile) {
    const stat = fs.statSync(/* turbopackIgnore: true */ settings.storeFile, { throwIfNoEntry: false })
    const stamp = `${stat?.mtimeMs} ${stat?.size} ${settings.now?.getTime() ?? ''}`
    if (!stat) throw new Error(`content store ${settings.storeFile} does not exist: run the build (npm run build)`)
    if (live.storeStamp !== stamp) {
      const store = loadStore(settings.storeFile)
      if (!store) throw new Error(`content store ${settings.storeFile} cannot be read: run the build again`)
      live.storeStamp = stamp
      try {
        live.content = contentFromStore(store, now, settings.includeUnpublished)
        live.error = undefined
      } catch (error) {
        live.content = undefined
        live.error = error as ContentError
      }
    }
  } else if (!live.checkedAt || Date.now() - live.checkedAt > RESCAN_MS) {
    const { report, store, parsed } = readContent(settings, live.folderStore, now)
    live.checkedAt = Date.now()
    const changed = parsed > 0 || !live.folderStore || JSON.stringify(Object.keys(store.files)) !== JSON.stringify(Object.keys(live.folderStore.files)) || store.siteHash !== live.folderStore.siteHash || report.problems.length !== live.folderStore.problems.length
    live.folderStore = store
    if (changed || !live.content) {
      if (report.problems.length > 0 || !report.site) {
        live.content = undefined
        live.error = new ContentError(report.problems)
      } else {
        live.content = indexContent(report.site, visible(report.articles, settings.includeUnpublished))
        live.error = undefined
      }
    }
  }
  if (live.error) throw live.error
  return live.content!
}

/** The moment that decides what is published: the build's fixed time (`BUILD_NOW`), or now. */
export const contentNow = () => settingsFromEnv().now ?? new Date()

/** The article with this slug, if it is published. */
export const findArticle = (slug: string) => content().bySlug.get(slug)

/** The channel with this slug. */
export const findChannel = (slug: string) => content().site.channels.find((c) => c.slug === slug)
