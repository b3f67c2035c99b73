// `npm run build`: publishes the content folder as a static site in `out/`, in stages that hand
// their results forward, each printing one line with its time:
//
//   check    read content/ into the store (only files that changed are parsed); stop on any problem
//   compile  `next build`, only when the code changed since the last compile
//   plan     every page's key (a hash of what it shows) against the last build's manifest
//   images   the content folder's photos (content/images/) into /images/, only those that changed
//   render   the changed pages through warm Next servers (one or two processes, started before
//            plan so that they boot and read the store meanwhile), runtime stripped, gzipped
//   search   the search index, from the store's articles (lib/search)
//   publish  switch `out` to the new release in one step; keep the previous release for a while
//
// Only pages whose key changed are rendered into a release that starts as hard links to the last
// one; `--full` renders everything. A content error, a failed render or a killed build leaves the
// published site as it was.
//
//   npm run build [-- --full] [-- --out DIR] [-- --quiet]
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { type ContentProblem, type ContentStore, contentFromStore, contentImagesDir, heldMessage, PhotoError, readContent, refusedMessage, shardDirFor, storeFileFor, updateStore } from '../../lib/content'
import { type Settings, settingsFromEnv } from '../../lib/settings'
import { CODE_FILES, outputFile, sitePages, viewKey } from '../../lib/site-pages'
import type { PlanMemo } from '../../lib/plan-memo'
import { perArticle } from './per-article'
import { copyAssets, publishContentImages } from './assets'
import { writeChanges } from './changes'
import { clientComponentError, findClientComponents } from './client-components'
import { codeHash, compile, compiled, PARSER_INPUTS } from './compile'
import { nextMoment } from './schedule'
import { printProblems } from './problems-report'
import { lockOutput } from './lock'
import { type Manifest, currentRelease, newReleaseId, type PublishPaths, publishPaths, pruneReleases, readManifest, switchTo } from './release'
import { type Launch, launchRenderers, type Moment, rendererEnv, type Renderers } from './renderers'
import { type Ahead, launchAhead, startAhead } from './ahead'
import type { Spare } from './spare'
import { buildSearchIndex, bundleSearchScript, searchDocument, updateSearchIndex } from '../../lib/search'

export interface BuildOptions {
  root: string
  out: string
  /** The content folder and friends (lib/settings.ts); the CLI reads them from the environment. */
  settings: Settings
  full: boolean
  quiet: boolean
  /** The moment that decides what is published (default: now). */
  now?: Date
  /** Warm renderers to use (watch mode, tests); otherwise the build starts and stops its own. */
  renderers?: Renderers
  /** True once whoever started the build has gone: it then stops short of publishing. */
  abandoned?: () => boolean
  /**
   * A resident publisher's content store, kept in memory between builds, and the entries of
   * articles/ its watcher saw change: the check then looks at those alone (lib/content readContent).
   * Without `changed`, every file is looked at (one stat each).
   */
  store?: ContentStore
  changed?: ReadonlySet<string>
  /** A resident publisher's memo of its last plan (lib/plan-memo.ts): the same keys, found without hashing what did not change. */
  memo?: PlanMemo
  /** A resident publisher's spare release (scripts/publish/spare.ts): taken, when it is a copy of the previous release, instead of linking one. */
  spare?: Spare
}

export interface BuildReport {
  ok: boolean
  full: boolean
  rendered: number
  deleted: number
  /** Paths rendered anew (every page on a full build). */
  changed: string[]
  /** Paths the previous release had and this one has not. */
  removed: string[]
  pages: number
  /** Photos of content/images/ published, and how many of them had to be processed (the rest came from the cache). */
  photos: { published: number; processed: number }
  stages: Record<string, number>
  /** Article files held back by their mistakes (their last good version, if any, stays published). */
  held?: string[]
  /** Every problem of the content, those that held a file back included: file, line, field, message. */
  problems: ContentProblem[]
  /** The content store after the check, for the next build of a resident publisher. */
  store?: ContentStore
  /** The next moment at which the site changes with no file saved (a scheduled article, the news sitemap's 48 hours). */
  next?: Date
}

const started = performance.now()

/** What search knows of an article: when it changes, the article is indexed again. */
const documentKey = perArticle((article) => createHash('sha1').update(JSON.stringify(searchDocument(article))).digest('base64url'))
/**
 * What a reader sees of an article on its page (title, text, dates, 更正说明, tags, photos…), its
 * neighbours and related lists aside: when it changes, npm run deploy tells the search engines.
 */
const readerKey = perArticle((article) => viewKey({ ...article, file: undefined, scheduled: undefined }))
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** Prints a progress bar on a terminal, nothing elsewhere (CI logs stay one line per stage). */
function progressBar(label: string, total: number) {
  if (total < 200) return () => {}
  if (!process.stderr.isTTY) {
    // A log (a service, watch mode's first build): a line at each tenth of a long render.
    let shown = 0
    return (done: number) => {
      const tenth = Math.floor((done / total) * 10)
      if (total < 2000 || tenth <= shown) return
      shown = tenth
      console.log(`  ${label} ${done}/${total}`)
    }
  }
  return (done: number) => {
    const width = 30
    const filled = Math.round((done / total) * width)
    process.stderr.write(`\r  ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`)
  }
}

/** Builds and publishes the site; never throws for content (problems are printed and ok is false). */
export async function build(options: BuildOptions): Promise<BuildReport> {
  const stages: Record<string, number> = {}
  let mark = performance.now()
  const stage = (name: string, line: string) => {
    const now = performance.now()
    stages[name] = now - mark
    mark = now
    if (!options.quiet) console.log(`${name.padEnd(8)} ${seconds(stages[name]).padStart(7)}  ${line}`)
  }
  const report: BuildReport = { ok: false, full: options.full, rendered: 0, deleted: 0, changed: [], removed: [], pages: 0, photos: { published: 0, processed: 0 }, stages, problems: [] }
  // Every process of this build decides what is published at the same moment.
  const now = options.now ?? options.settings.now ?? new Date()
  const settings = { ...options.settings, now }

  // The lock comes first: a second build waits here, before it touches any store.
  const paths = publishPaths(options.out)
  const unlock = await lockOutput(paths, { onWait: (out) => console.log(`另一个构建正在写入 ${out},等它结束后继续…`) })
  let own: Launch | undefined
  let ahead: Ahead | undefined
  try {
    // A resident publisher keeps the store in memory, and so do its renderers, which are sent only
    // the entries that changed: no store file is written or read for its publishes (at 5,000
    // articles the store is 27 MB of JSON). It saves the shared store when it stops.
    const inMemory = options.store !== undefined && options.renderers !== undefined
    // Otherwise this build's own snapshot of the store, which its renderers read: `npm run check` or
    // a build of another output may rewrite the shared store meanwhile, never this file.
    const snapshot = inMemory ? undefined : snapshotStore(paths, storeFileFor(settings))
    // Known in a moment, before the check: the code's hash, whether .next/ holds its compile, and
    // the release `out` points at. When they make this an incremental build, the new release's hard
    // links and a renderer (a Next server, seconds to boot and to read the store) start at once, in
    // processes of their own, while this one checks the content (scripts/publish/ahead.ts).
    const code = codeHash(options.root)
    const previous = currentRelease(paths)
    const manifest = previous ? readManifest(paths, previous) : undefined
    const release = newReleaseId()
    const dir = path.join(paths.releases, release)
    ahead = startAhead({ incremental: !options.full && manifest?.code === code && compiled(options.root, code), paths, previous, dir, spare: options.spare })
    if (ahead.incremental && snapshot && !options.renderers) own = launchAhead(rendererEnv(settings), { now, store: snapshot })
    const parser = codeHash(options.root, PARSER_INPUTS)
    const { report: checked, store, parsed } = snapshot
      ? updateStore(settings, parser, snapshot, now, { store: options.store, changed: options.changed }, shardDirFor(storeFileFor(settings)))
      : readContent(settings, options.store, now, parser, options.changed)
    report.store = store
    report.problems = checked.problems
    report.next = nextMoment(store, now)
    if (snapshot) shareStore(snapshot, storeFileFor(settings))
    if (checked.blocking.length > 0 || !checked.site) {
      // site.md is broken: nothing can be built. Every problem is listed, as the check lists them.
      printProblems(checked.problems)
      console.error(`✖ 内容检查未通过:${checked.problems.length} 处错误(网站信息文件 site.md 有错误时,整个网站都不能更新),网站未更新(仍是上一次发布的版本)。请按上面的提示修改后重试(说明见 docs/editing.md)。`)
      return report
    }
    // A refused file in images/ is never published; only the articles using it are held back (below).
    if (checked.refused.length > 0) console.error(`✖ ${refusedMessage(checked.refused)}\n  请删除这些文件,或按提示换成照片(说明见 docs/editing.md)。\n`)
    // One editor's mistake holds back that article alone: the rest publishes, loudly reported.
    if (checked.held.length > 0) console.error(`✖ ${heldMessage(checked.held)}\n  请按提示修改后重新发布(说明见 docs/editing.md)。\n`)
    report.held = checked.held.map((h) => h.file)
    stage('check', `${checked.files.length} article files, ${parsed} parsed, ${checked.files.length - parsed} unchanged${checked.held.length > 0 ? `, ${checked.held.length} held back by mistakes` : ''}`)

    const clients = findClientComponents(options.root)
    if (clients.length > 0) {
      console.error(clientComponentError(clients))
      return report
    }
    if (!compiled(options.root, code)) {
      const result = compile(options.root, code)
      if (!result.ok) {
        console.error(result.output)
        console.error('✖ next build failed: the site was not updated.')
        return report
      }
      stage('compile', 'next build (the code changed)')
    } else stage('compile', 'skipped: the code is unchanged since the last compile')

    const full = options.full || !manifest || manifest.code !== code
    // The renderers start now unless one did before the check: their Next servers boot and read the
    // store, in processes of their own (the second core), while this one plans the pages and
    // prepares the release. Two for a full build; an incremental one adds a second only when it has
    // many pages to render.
    if (!options.renderers) own ??= launchRenderers(full ? 2 : 1, rendererEnv(settings))
    const booting = own?.ready ?? Promise.resolve(options.renderers!)
    const moment: Moment = { now, store: snapshot ?? store }
    booting.then((renderers) => renderers.warm(moment)).catch(() => {}) // a failure to start is reported where it is awaited
    // An incremental release starts as hard links to the last one, made meanwhile too (started before the check when it could be).
    const linking = full ? undefined : ahead.link()
    // The store as the check left it in memory: what it wrote, without reading and parsing it again.
    const content = contentFromStore(store, now, settings.includeUnpublished)
    const pages = sitePages(content, now, options.memo)
    const keys = Object.fromEntries(pages.map((p) => [p.path, p.key]))
    const changed = pages.filter((p) => full || manifest!.pages[p.path] !== p.key).map((p) => p.path)
    // Pages the last release had and this one has not: taken down (deleted, made a draft) or emptied.
    const removed = manifest ? Object.keys(manifest.pages).filter((p) => !(p in keys)) : []
    report.full = full
    report.pages = pages.length
    stage('plan', `${pages.length} pages: ${full ? 'full build' : `${changed.length} changed, ${removed.length} removed, ${pages.length - changed.length} unchanged`}`)
    report.changed = changed
    report.removed = removed

    if (full) {
      fs.mkdirSync(dir, { recursive: true })
      const assets = await copyAssets(options.root, dir)
      stage('assets', `${assets} files from public/ and Next's stylesheets`)
    } else {
      const how = await linking
      for (const page of removed) {
        for (const file of [outputFile(page), `${outputFile(page)}.gz`]) fs.rmSync(path.join(dir, file), { force: true })
        // A tag or month that is gone leaves no empty folder behind (a full build would have none).
        for (let folder = path.dirname(path.join(dir, outputFile(page))); folder !== dir; folder = path.dirname(folder)) {
          if (fs.readdirSync(folder).length > 0) break
          fs.rmdirSync(folder)
        }
      }
      stage('prepare', `release ${release}: ${how}linked to ${previous}`)
    }
    // Photos are content: published by every build, full or not, only those that changed.
    // Each photo is processed once per bytes (a cache outside the releases); an undecodable one stops the build here.
    let photos: Awaited<ReturnType<typeof publishContentImages>>
    try {
      photos = await publishContentImages(options.root, settings.contentDir, dir, store.photos, full ? {} : manifest!.images)
    } catch (error) {
      if (!(error instanceof PhotoError)) throw error
      console.error(`${error.message}\n✖ 照片无法发布:网站未更新(仍是上一次发布的版本)。请按上面的提示处理这张照片后重试(说明见 docs/editing.md)。`)
      return report
    }
    report.photos = { published: photos.photos, processed: photos.processed }
    stage(
      'images',
      `${photos.photos} photos in ${path.relative(process.cwd(), contentImagesDir(settings.contentDir))}/: ${photos.processed} processed, ${photos.written} files written (${(photos.bytes / 2 ** 20).toFixed(1)} MB), ${photos.removed} removed`,
    )

    // Each article's search key and reader's key (about 2 CPU-s at 20,000 articles) are computed
    // while the renderers render, on the other core: this process would only wait for them meanwhile.
    let documents: Record<string, string> = {}
    let articles: Record<string, string> = {}
    const articleKeys = () => {
      documents = Object.fromEntries(content.articles.map((a) => [a.slug, documentKey(a)]))
      articles = Object.fromEntries(content.articles.map((a) => [a.slug, readerKey(a)]))
    }
    /** Indexes the articles whose searchable text changed, and marks those gone; says what it did. */
    const updateSearch = async () => {
      const upsert = content.articles.filter((a) => manifest!.documents?.[a.slug] !== documents[a.slug]).map(searchDocument)
      const remove = Object.keys(manifest!.documents ?? {}).filter((slug) => !(slug in documents))
      if (upsert.length > 0 || remove.length > 0) await updateSearchIndex(dir, { upsert, remove })
      return `${upsert.length} articles indexed, ${remove.length} removed`
    }
    let searching: Promise<string> | undefined
    if (changed.length > 0) {
      const renderers = await booting
      if (!options.renderers && changed.length > 50 && renderers.size < 2) await renderers.add(1)
      const rendering = renderers.render(
        full ? changed : changed.filter((p) => !CODE_FILES.includes(p)),
        dir,
        moment,
        progressBar('render', changed.length),
      )
      rendering.catch(() => {}) // awaited below
      articleKeys()
      // An incremental build updates the search index meanwhile too: it reads and writes only the
      // new release's search-index/ (its delta: a few small files; a merge, about every 20th article, rewrites about 2,000).
      if (!full) (searching = updateSearch()).catch(() => {}) // awaited below
      const { bytes } = await rendering.catch(async (error) => {
        await searching?.catch(() => {}) // done with the release before it is discarded
        throw error
      })
      report.rendered = changed.length
      const list = changed.length <= 12 ? `: ${changed.join(' ')}` : ''
      stage('render', `${changed.length} pages (${(bytes / 2 ** 20).toFixed(1)} MB of HTML and XML)${list}`)
    } else articleKeys()

    // The search index is built from the store's articles, never from the HTML. An incremental
    // build indexes only the articles whose searchable text changed (lib/search updates its files
    // by writing new ones and renaming them, so the previous release's links stay untouched),
    // started above while the pages rendered.
    if (full) {
      const index = await buildSearchIndex(content.articles.map(searchDocument), dir)
      await bundleSearchScript(path.join(dir, 'js', 'search.js'))
      stage('search', `${index.documents} articles indexed, ${index.terms} terms (${(index.bytes / 2 ** 20).toFixed(1)} MB)`)
    } else stage('search', `${await (searching ?? updateSearch())}${searching ? ' (while the pages rendered)' : ''}`)

    const next: Manifest = { code, pages: keys, documents, articles, images: photos.images }
    if (options.abandoned?.()) throw new Error(ABANDONED)
    // What changed, for CDN purges and search-engine pings (npm run deploy), and the URLs that went away, said aloud.
    writeChanges(paths, { format: 1, release, ...(previous && { previous }), at: new Date().toISOString(), site: content.site.url, full, changed, removed })
    if (removed.length > 0 && !options.quiet) {
      console.log(`removed  ${removed.length} URLs no longer published:`)
      for (const page of removed) console.log(`  ${content.site.url}${page}`)
    }
    switchTo(paths, release, next)
    ahead.switched()
    pruneReleases(paths, release, previous)
    report.deleted = removed.length
    report.ok = true
    stage('publish', `${path.relative(process.cwd(), options.out) || options.out} → ${path.relative(path.dirname(paths.out), dir)}`)
    return report
  } finally {
    // Its own renderers go with the build, used or not, ready or not.
    own?.close()
    // A release begun and not published (a content error, a failed render) goes to the trash.
    await ahead?.discard()
    await unlock()
  }
}

/**
 * Starts this build's snapshot of the store (`<state>/store.json`, written only under the lock)
 * from the shared one, as a hard link: the check then parses only what changed since, and
 * replaces the snapshot by renaming a new file over it, so the shared file is never written here.
 */
function snapshotStore(paths: PublishPaths, shared: string): string {
  const snapshot = path.join(paths.state, 'store.json')
  fs.rmSync(snapshot, { force: true })
  try {
    fs.linkSync(shared, snapshot)
  } catch {
    // No shared store yet (or another file system): the check reads the folder afresh.
  }
  return snapshot
}

/** Hands the checked store on to `npm run check` and later builds: linked to a temporary name, renamed over the shared file. */
function shareStore(snapshot: string, shared: string) {
  const partial = `${shared}.${process.pid}.share`
  try {
    fs.mkdirSync(path.dirname(shared), { recursive: true })
    fs.rmSync(partial, { force: true })
    fs.linkSync(snapshot, partial)
    fs.renameSync(partial, shared)
  } catch {
    fs.rmSync(partial, { force: true }) // another file system: the shared store stays as it was
  }
}

const ABANDONED = '构建已停止:启动它的进程(npm run build)已结束,网站未更新(仍是上一次发布的版本)'

if (import.meta.url === `file://${process.argv[1]}`) {
  // A build whose parent (npm, its shell, a terminal) was killed is an orphan: it stops rather than
  // publish later, unseen, and hold the lock meanwhile. Its renderers and lock go with it.
  const parent = process.ppid
  const abandoned = () => process.ppid !== parent
  setInterval(() => {
    if (!abandoned()) return
    console.error(`✖ ${ABANDONED}`)
    process.exit(1)
  }, 250).unref()
  const { values } = parseArgs({
    options: {
      full: { type: 'boolean', default: false },
      out: { type: 'string', default: process.env.OUT_DIR || 'out' },
      quiet: { type: 'boolean', default: false },
    },
  })
  process.env.NEXT_TELEMETRY_DISABLED = '1'
  try {
    const settings = settingsFromEnv()
    const report = await build({ root: process.cwd(), out: values.out!, settings, full: values.full!, quiet: values.quiet!, abandoned })
    if (!report.ok) process.exit(1)
    console.log(`✓ published ${report.pages} pages (${report.full ? 'full build' : `${report.rendered} rendered, ${report.deleted} removed`}) in ${seconds(performance.now() - started)}`)
    if (report.held?.length) console.error(`✖ 网站已更新,但有 ${report.held.length} 篇文章因错误暂未更新:${report.held.join('、')}(错误见上)`)
  } catch (error) {
    console.error(`✖ ${(error as Error).message}`)
    console.error((error as Error).stack)
    process.exit(1)
  }
}
