import fs from 'node:fs'
import path from 'node:path'
import { monthOf } from '../dates'
import { type Settings, settingsFromEnv } from '../settings'
import { takeChanges } from './changes'
import { ContentError, type ContentProblem, formatProblem } from './problems'
import { isSlug } from './schema'
import { type ContentReport, type ContentStore, type HeldFile, loadStore, RACY_MS, readContent, storedContent } from './read'
import type { Article, Content, LoadOptions, Neighbours, Site } from './types'

// The content package: the only way into content/. Scripts pass their Settings in; Next's pages,
// which take no arguments, get the site through content(), which reads the environment once.

export type { Article, ArticleImage, ArticleOf, Channel, Content, LoadOptions, Neighbours, ParsedArticle, Site } from './types'
export { ContentError, formatLocation, formatProblem, nearest, printable, type ContentProblem } from './problems'
export { ARTICLE_FIELDS, ArticleFrontMatter, isHttpUrl, isSlug, type FieldInfo } from './schema'
export {
  checkPhotoBytes,
  checkPhotoFile,
  contentImagesDir,
  FALLBACK_WIDTH,
  MAX_PHOTO_BYTES,
  MAX_PHOTO_PIXELS,
  PHOTO_EXTENSIONS,
  PHOTO_WIDTHS,
  photoHash,
  photoPlan,
  planFiles,
  scanPhotos,
  type PhotoPlan,
  type PhotoVariant,
  type StoredPhoto,
} from './images'
export { cachedVariant, encodePhoto, JPEG_QUALITY, PhotoError, photoCacheFor, photoForUrl, processPhoto, pruneCache, readNoFollow, WEBP_OPTIONS, WEBP_QUALITY } from './photos'
export { LONG_TITLE, lineOfField, parseArticle, parseSite, type ImageLookup, type ParsedFile } from './parse'
export { shardDirFor } from './store-file'
export { articleDigest, imageFile, imageLookup, loadStore, readImage, readContent, saveStore, storedArticles, storedContent, storeFileFor, updateStore, type ContentReport, type ContentStore, type HeldFile, type ReadResult, type StoredFile } from './read'

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
  const byTag = new Map<string, Article[]>()
  const byMonth = new Map<string, Article[]>()
  const add = (map: Map<string, Article[]>, key: string, article: Article) => {
    const list = map.get(key)
    if (list) list.push(article)
    else map.set(key, [article])
  }
  for (const article of articles) {
    for (const tag of article.tags) add(byTag, tag, article)
    add(byMonth, monthOf(article.date), article)
  }
  return {
    site,
    articles,
    bySlug: new Map(articles.map((a) => [a.slug, a])),
    byChannel,
    neighbours,
    pinned: articles.filter((a) => a.pinned),
    byTag,
    byMonth,
  }
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

/**
 * The content a store publishes: a broken article file is held back alone (its last good version
 * stays). Throws ContentError only when the whole site cannot be built (a broken or missing site.md).
 */
export function contentFromStore(store: ContentStore, now: Date, includeUnpublished = false): Content {
  const { articles, blocking } = storedContent(store, now)
  if (blocking.length > 0 || !store.site) throw new ContentError(blocking.length > 0 ? blocking : store.problems)
  return indexContent(store.site, visible(articles, includeUnpublished))
}

// Next bundles pages and route handlers into separate module graphs, each with its own copy of
// this module, so the cache lives on globalThis: one read per process, not one per graph.
interface Live {
  content?: Content
  error?: ContentError
  /** What the cached content came from: the store file's mtime and size and the moment it was read at. */
  storeStamp?: string
  /** Development: the folder as last read, so only files that changed are parsed again. */
  folderStore?: ContentStore
  /** Development: the problems last printed to the terminal. */
  reported?: string
  /** Article files held back by their mistakes (development shows them on their own page and in a banner). */
  held?: HeldFile[]
  /** Development: what the terminal is told about the problems. */
  terminal?: string
  /** A build's renderer: the content handed in by provideContent, used instead of any store file. */
  provided?: { content?: Content; error?: ContentError }
  /** Development: entries of articles/ a request found changed before the watcher said so (refreshArticle). */
  seen?: Set<string>
}
const live = ((globalThis as { __lzfzwContent?: Live }).__lzfzwContent ??= {})

/**
 * Hands the pages their content directly (a resident publisher's renderer keeps the store in memory
 * and receives only what changed: scripts/publish/render-worker.ts), so no store file is written or
 * read for a publish. `undefined` goes back to the store file (CONTENT_STORE) or the folder.
 */
export function provideContent(provided: Content | ContentError | undefined): void {
  live.provided = provided === undefined ? undefined : provided instanceof ContentError ? { error: provided } : { content: provided }
  live.storeStamp = undefined
}

const isDevelopment = () => process.env.NODE_ENV === 'development'

/** Stands in for a broken site.md in development, so pages render while the layout lists the problems. */
const PLACEHOLDER_SITE: Site = {
  name: '内容有错误',
  url: 'http://localhost:3000',
  greeting: '',
  language: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  channels: [],
  disclaimer: '',
  statements: [],
  organizer: '',
  copyright: '',
  phones: { contact: [] },
  offices: [],
  qq: {},
}

/** The terminal's and the build's report of article files held back: each problem with file:line. */
export function heldMessage(held: HeldFile[]): string {
  const count = held.reduce((n, h) => n + h.problems.length, 0)
  return (
    `${held.length} 篇文章有 ${count} 处错误,这几篇暂不更新(其他内容照常发布):\n` +
    held
      .map(
        (h) =>
          `  ${h.file}:${h.keptVersion ? '网站上仍是它上一次正确的版本' : '还没有正确的版本,网站上没有它'}\n` +
          h.problems.map((p) => '    ' + formatProblem(p)).join('\n'),
      )
      .join('\n')
  )
}

/** The terminal's and the build's report of refused files in images/: each with file and why. */
export function refusedMessage(refused: ContentProblem[]): string {
  return (
    `图片文件夹里有 ${refused.length} 个文件不能发布(不会发布,用到它们的文章暂不更新,其他内容照常发布):\n` +
    refused.map((p) => '  ' + formatProblem(p)).join('\n')
  )
}

/** Brings the cache up to date: from the store when the build names one, else from the folder. */
function refresh() {
  if (live.provided) {
    live.content = live.provided.content
    live.error = live.provided.error
    return
  }
  const settings = settingsFromEnv()
  const now = settings.now ?? new Date()
  if (settings.storeFile) {
    const stat = fs.statSync(/* turbopackIgnore: true */ settings.storeFile, { throwIfNoEntry: false })
    if (!stat) throw new Error(`content store ${settings.storeFile} does not exist: run the build (npm run build)`)
    const stamp = `${settings.storeFile} ${stat.ino} ${stat.mtimeMs} ${stat.size} ${settings.now?.getTime() ?? ''}`
    if (live.storeStamp === stamp) return
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
    return
  }
  // Development: a watcher says which files changed since the last call (lib/content/changes.ts),
  // so a request after no change costs nothing here, and one after a save reads that file alone;
  // until the watch is up, every call looks at every file (one stat each).
  const changes = isDevelopment() ? takeChanges(settings.contentDir, settings.publicDir) : { names: new Set<string>(), everything: true }
  for (const name of live.seen ?? []) changes.names.add(name)
  live.seen = undefined
  const previous = live.folderStore
  if (previous && !changes.everything && changes.names.size === 0 && (live.content || live.error)) return
  const { report, store, parsed } = readContent(settings, previous, now, '', changes.everything ? undefined : changes.names)
  live.folderStore = store
  const same =
    previous && parsed === 0 && store.siteHash === previous.siteHash && JSON.stringify(store.problems) === JSON.stringify(previous.problems) &&
    Object.keys(store.files).join('\n') === Object.keys(previous.files).join('\n')
  if (same && (live.content || live.error)) return
  // A broken article file holds back that article alone, as in a build; a broken site.md stops
  // everything (thrown, except in development, where the layout lists the problems in place of pages).
  live.error = report.blocking.length > 0 || !report.site ? new ContentError(report.blocking.length > 0 ? report.blocking : report.problems) : undefined
  live.held = report.held
  live.terminal = live.error
    ? live.error.message
    : [report.refused.length > 0 && refusedMessage(report.refused), report.held.length > 0 && heldMessage(report.held)].filter(Boolean).join('\n\n') || undefined
  live.content =
    live.error && !isDevelopment() ? undefined : indexContent(report.site ?? PLACEHOLDER_SITE, visible(report.articles, settings.includeUnpublished))
}

/**
 * The site's content for Next's pages. In a build, from the store the check wrote
 * (`CONTENT_STORE`), read again whenever that file is replaced; otherwise from the folder,
 * re-reading only files that changed. Throws ContentError when the content has problems, except
 * in development, where pages get what did parse (see contentError).
 */
export function content(): Content {
  refresh()
  if (!live.content) throw live.error
  return live.content
}

/**
 * In development, what stops the whole site (a broken site.md; undefined when nothing does): the
 * root layout renders it as the page. Every problem, article files' too, is printed to the terminal
 * once, and again only once it has changed. Outside development it is always undefined: the build
 * stops on these problems before rendering anything.
 */
export function contentError(): ContentError | undefined {
  if (!isDevelopment()) return undefined
  refresh()
  const message = live.terminal
  // Straight to the terminal: Next would also forward a console.error to the browser, as an "issue".
  if (message && message !== live.reported) process.stderr.write(`\n${message}\n\n`)
  live.reported = message
  return live.error
}

/**
 * In development, the article files held back by their mistakes: their own page shows the
 * problems, every other page a banner naming them. Empty outside development.
 */
export function heldArticles(): HeldFile[] {
  if (!isDevelopment()) return []
  refresh()
  return live.held ?? []
}

/**
 * In development, looks at the file of article `slug` itself (one stat), so a request for its page
 * shows a save at once: the file watcher reports saves some tens of milliseconds late, and an
 * editor who saves and reloads at once would otherwise get the old page. Does nothing elsewhere.
 */
export function refreshArticle(slug: string): void {
  if (!isDevelopment() || live.provided || !isSlug(slug)) return
  const settings = settingsFromEnv()
  const store = live.folderStore
  if (settings.storeFile || !store) return // the first read looks at every file anyway
  const name = `${slug}.md`
  const stat = fs.statSync(/* turbopackIgnore: true */ path.join(settings.contentDir, 'articles', name), { throwIfNoEntry: false })
  const stored = store.files[name]
  // Size and time are trusted as readContent trusts them: only for a file changed well before the last read.
  const same = stat && stored ? stored.size === stat.size && stored.mtimeMs === stat.mtimeMs && stat.mtimeMs < (store.readAt ?? 0) - RACY_MS : !stat && !stored
  if (!same) (live.seen ??= new Set()).add(name)
}

/** The moment that decides what is published: the build's fixed time (`BUILD_NOW`), or now. */
export const contentNow = () => settingsFromEnv().now ?? new Date()

/** The article with this slug, if it is published. */
export const findArticle = (slug: string) => content().bySlug.get(slug)

/** The channel with this slug. */
export const findChannel = (slug: string) => content().site.channels.find((c) => c.slug === slug)
