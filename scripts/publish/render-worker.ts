// One renderer of the build: a child process that loads Next's compiled app (`next build`'s
// .next/), serves it on a loopback port inside this process, and renders the pages it is sent
// into a release folder: fetch, strip Next's runtime, write the file and its gzip copy.
// Started by scripts/publish/renderers.ts with IPC; each job names the build's own snapshot of the
// content store (CONTENT_STORE, read again whenever it is another file) and the moment (BUILD_NOW)
// that decides what is published.

// Constants only (no imports): loaded at start, unlike Next and the pages' code (in main()).
import { UNMATCHED_URL } from './next-internals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ContentStore, StoredFile } from '../../lib/content'

/**
 * Where a job's content comes from: the build's own snapshot of the store on disk (CONTENT_STORE),
 * or the number of a store this renderer holds in memory (sent as a StoreJob).
 */
export type StoreRef = string | number

/** A batch of pages to render into `dir`, as the content stood at `now` (ISO 8601). */
export interface RenderJob {
  type: 'render'
  id: number
  paths: string[]
  dir: string
  now: string
  store: StoreRef
}

/**
 * A resident publisher's store, kept in this renderer's memory: whole (no `base`), or as the
 * entries of articles/ that changed since store `base` (by the publisher's identity of each entry)
 * and those that went, with everything else of the store (site, problems, photos) whole.
 */
export interface StoreJob {
  type: 'store'
  id: number
  base?: number
  files: Record<string, StoredFile>
  removed: string[]
  rest: Omit<ContentStore, 'files'>
}

/**
 * Load the content as it stands at `now` ahead of the first page: the home page is rendered and
 * dropped, which reads the store and builds its views. Nothing is said back; a failure here is
 * the first real page's to report.
 */
export interface WarmJob {
  type: 'warm'
  now: string
  store: StoreRef
}

/** What a renderer says back: ready, a finished batch, or a failure that stops the build. */
export type RenderMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; bytes: number }
  | { type: 'failed'; id: number; path: string; error: string }

/** The environment variable naming the build process a renderer belongs to. */
export const RENDER_PARENT = 'LZFZW_RENDER_PARENT'
/** A store file the renderer loads (with BUILD_NOW as the moment) as soon as it is up, before any job. */
export const WARM_STORE = 'LZFZW_WARM_STORE'

async function main() {
  // A renderer never outlives its build: gone when the channel closes, or when it is orphaned (its
  // parent killed outright). The parent's pid comes from the parent itself: a build killed while
  // this process was still loading has already made it an orphan, whose ppid (1 or a subreaper)
  // would look like a live parent, and whose channel closed before any listener was attached.
  // This runs before Next and the pages' code are loaded (imported below, not at the top): on a
  // busy machine loading them takes seconds, and a renderer whose build died meanwhile must not
  // wait for that to notice.
  const parent = Number(process.env[RENDER_PARENT]) || process.ppid
  const orphaned = () => !process.connected || process.ppid !== parent
  if (orphaned()) process.exit(0)
  process.on('disconnect', () => process.exit(0))
  setInterval(() => orphaned() && process.exit(0), 250).unref()
  const [{ default: next }, { NOT_FOUND, outputFile }, { writeWithGzip }, { stripFramework }, { content }, { renderContent }, { articlePath }] = await Promise.all([
    import('next'),
    import('../../lib/site-pages'),
    import('./files'),
    import('./strip'),
    import('../../lib/content'),
    import('./render-content'),
    import('../../lib/routes'),
  ])
  if (orphaned()) process.exit(0)
  const app = next({ dev: false, dir: process.cwd(), quiet: true })
  await app.prepare()
  const handle = app.getRequestHandler()
  const server = http.createServer((req, res) => void handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  /** Renders one path into `dir`; returns the bytes written. */
  async function render(pagePath: string, dir: string): Promise<number> {
    const notFound = pagePath === NOT_FOUND.path
    const response = await fetch(origin + (notFound ? UNMATCHED_URL : pagePath), { headers: { 'accept-encoding': 'identity' } })
    const expected = notFound ? 404 : 200
    if (response.status !== expected) throw new Error(`answered ${response.status}, expected ${expected}: ${(await response.text()).slice(0, 300)}`)
    let bytes: Uint8Array = new Uint8Array(await response.arrayBuffer())
    if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
      bytes = Buffer.from(stripFramework(Buffer.from(bytes).toString('utf8')))
    }
    writeWithGzip(path.join(dir, outputFile(pagePath)), bytes)
    return bytes.length
  }

  // What the pages read: the job's store file, or a store kept in memory, at the job's moment.
  const { hold, pointAt } = renderContent()

  process.on('message', async (job: RenderJob | WarmJob | StoreJob) => {
    if (job?.type === 'store') return hold(job)
    if (job?.type === 'warm') {
      try {
        pointAt(job.store, job.now)
      } catch {
        return // the first real page reports it
      }
      const drop = (pagePath: string) =>
        fetch(origin + pagePath, { headers: { 'accept-encoding': 'identity' } })
          .then((response) => response.arrayBuffer())
          .catch(() => {})
      await drop('/')
      // An article page and the sitemap's index build what the content derives for every article
      // (the related articles' index, the sitemap's parts): at 20,000 articles about half a second,
      // spent here while the build plans rather than on the first page of its kind.
      let newest: string | undefined
      try {
        newest = content().articles[0]?.slug
      } catch {
        // the first real page reports it
      }
      if (newest) await drop(articlePath(newest))
      await drop('/sitemap.xml')
      return
    }
    if (job?.type !== 'render') return // other IPC traffic (a test runner's, Next's own) is not ours
    // A warm renderer serves build after build (watch mode); each build fixes its own moment.
    try {
      pointAt(job.store, job.now)
    } catch (error) {
      process.send!({ type: 'failed', id: job.id, path: job.paths[0], error: String((error as Error).stack ?? error) } satisfies RenderMessage)
      return
    }
    let bytes = 0
    for (const pagePath of job.paths) {
      try {
        bytes += await render(pagePath, job.dir)
      } catch (error) {
        process.send!({ type: 'failed', id: job.id, path: pagePath, error: String((error as Error).stack ?? error) } satisfies RenderMessage)
        return
      }
    }
    process.send!({ type: 'done', id: job.id, bytes } satisfies RenderMessage)
  })
  process.send!({ type: 'ready' } satisfies RenderMessage)
  // Started before its build's check (scripts/publish/ahead.ts): the store as it stood before the
  // check is read now, so that after it only the shards that changed are (lib/content/store-file.ts).
  const early = process.env[WARM_STORE]
  if (early && process.env.BUILD_NOW) {
    try {
      pointAt(early, process.env.BUILD_NOW)
      await fetch(`${origin}/`, { headers: { 'accept-encoding': 'identity' } }).then((response) => response.arrayBuffer())
    } catch {
      // The build's own warm and jobs come next, and report what fails.
    }
  }
}

// Only as a forked renderer: imported by anything else (a test runner has IPC too), it does nothing.
if (process.send && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
