import fs from 'node:fs'
import path from 'node:path'
import watcher from '@parcel/watcher'
import { type ContentStore, saveStore, storeFileFor } from '../../lib/content'
import { PlanMemo } from '../../lib/plan-memo'
import type { Settings } from '../../lib/settings'
import { build, type BuildReport } from './build'
import { currentRelease, publishPaths } from './release'
import { rendererEnv, type Renderers, startRenderers } from './renderers'
import { type Spare, startSpare } from './spare'

// The resident publisher (`npm start -- --watch`, and the desk): builds once, then publishes every
// saved change of the content folder, and wakes by itself when a scheduled article's time comes.
// Between publishes it keeps the content store in memory and a warm renderer, and it learns which
// files changed from @parcel/watcher (inotify on Linux, FSEvents on macOS), so a publish looks at
// the changed files alone: no stat of every file. Node's recursive fs.watch missed every save after
// a file was replaced by a rename (as sed -i, vim and editors' safe write do) and took seconds to
// start at 20,000 files (measured against chokidar and fs.watch: README, How publishing works).
// A content folder that is deleted and made again (a git checkout, a restore) is watched again.

export interface PublisherOptions {
  root: string
  out: string
  settings: Settings
  /** Called after every publish, or failed check, with what it did. */
  onPublish?: (report: PublishReport) => void
  /** Where the publisher's own lines go (default: the console). */
  log?: (line: string) => void
  /** Print the first build's stage lines (the CLI: a long first build shows its progress). */
  verbose?: boolean
}

export interface PublishReport extends BuildReport {
  /** Wall time of the publish, check to switch. */
  seconds: number
  /** What set it off: `start`, the names in articles/ that changed, `site.md`, `images`, `clock`, `reattach`. */
  causes: string[]
}

export interface Publisher {
  /** The first publish, made on start. */
  ready: Promise<PublishReport>
  /**
   * Publishes the content as it is now, and resolves with that publish's report (its problems
   * included). `files` (paths in the content folder) are looked at again even if the watcher has
   * not reported them yet: the desk saves a file, then awaits `publish([file])`.
   */
  publish(files?: string[]): Promise<PublishReport>
  /** Resolves once no publish is running or waiting, and the next release's links (its spare) are made. */
  idle(): Promise<void>
  /** When the publisher will wake next with nothing saved (a scheduled article, the news sitemap's 48 hours). */
  readonly wakeAt: Date | undefined
  close(): Promise<void>
}

// Editors' programs save in bursts (a temporary file, a rename, a second write); @parcel/watcher
// already gathers events of about 50 ms.
const SETTLE_MS = 100
// setTimeout's limit is 24.8 days; a far wake is re-armed hourly (the clock may also be set).
const LONGEST_SLEEP_MS = 3_600_000
// How often the content folder itself is looked at (one lstat), to notice it was replaced.
const FOLDER_CHECK_MS = 1000

const identity = (dir: string) => {
  const stat = fs.statSync(dir, { throwIfNoEntry: false })
  return stat?.isDirectory() ? `${stat.dev}:${stat.ino}` : undefined
}

/** Starts the resident publisher: watches first, then publishes the content as it is, then every change. */
export async function startPublisher(options: PublisherOptions): Promise<Publisher> {
  const { settings } = options
  const log = options.log ?? ((line: string) => console.log(line))
  const contentDir = path.resolve(settings.contentDir)
  const publicImages = path.join(path.resolve(settings.publicDir), 'images')

  let store: ContentStore | undefined
  let renderers: Renderers | undefined
  let closed = false
  // What the next publish must look at: names in articles/, or everything (`rescan`).
  const changed = new Set<string>()
  // Entries of articles/ reported created since the last publish (see once()).
  const created = new Set<string>()
  const causes = new Set<string>()
  let rescan = true
  let waiters: ((report: PublishReport) => void)[] = []
  let busy: Promise<void> | undefined
  let settle: NodeJS.Timeout | undefined
  let wake: NodeJS.Timeout | undefined
  let wakeAt: Date | undefined
  // The next release's links, made while waiting for a save (scripts/publish/spare.ts).
  let spare: Spare | undefined
  // The last plan's views, keys and related lists: a publish hashes only the pages its change alters (lib/plan-memo.ts).
  const memo = new PlanMemo()
  const paths = publishPaths(options.out)

  const once = async (): Promise<PublishReport> => {
    const names = new Set(changed)
    // A file reported created and gone by now was renamed away: an editor's safe write (a temporary
    // file renamed over the article). The rename's target is not always reported: @parcel/watcher's
    // inotify backend reported `create good.md.tmp` and nothing for good.md under load. Such a
    // publish looks at every file (one stat each) rather than miss the save.
    const renamedAway = [...created].some((name) => !fs.existsSync(path.join(contentDir, 'articles', name)))
    created.clear()
    const full = rescan || renamedAway
    const why = [...causes]
    changed.clear()
    causes.clear()
    rescan = false
    const started = performance.now()
    let report: BuildReport
    try {
      report = await build({
        root: options.root,
        out: options.out,
        settings,
        full: false,
        quiet: !(options.verbose && !store),
        renderers,
        store,
        changed: full || !store ? undefined : names,
        spare,
        memo,
      })
    } catch (error) {
      // Another build held the lock, or the release could not be written: nothing was published,
      // and the store in memory may be behind. Everything is looked at again on the next try.
      log(`✖ ${(error as Error).message}`)
      rescan = true
      setTimeout(() => trigger('retry'), 2000).unref()
      report = { ok: false, full: false, rendered: 0, deleted: 0, changed: [], removed: [], pages: 0, photos: { published: 0, processed: 0 }, stages: {}, problems: [] }
    }
    if (report.store) store = report.store
    // Taken by the build (renamed into the release), or not: either way the next one is linked from what is live now.
    await spare?.discard()
    const live = currentRelease(paths)
    spare = live && !closed ? startSpare(paths, live) : undefined
    arm(report.next)
    return { ...report, seconds: (performance.now() - started) / 1000, causes: why }
  }

  const drain = (): Promise<void> => {
    if (busy) return busy
    // Cleared in `finally`, which always runs after this assignment: cleared inside the body, a run
    // with nothing to do would end before `busy` was set, leaving a settled promise that idle() awaits forever.
    const running: Promise<void> = (async () => {
      while (!closed && (rescan || changed.size > 0 || causes.size > 0 || waiters.length > 0)) {
        const waiting = waiters
        waiters = []
        const report = await once()
        if (!renderers && !closed) renderers = await startRenderers(1, rendererEnv(settings))
        options.onPublish?.(report)
        for (const resolve of waiting) resolve(report)
      }
    })().finally(() => {
      if (busy === running) busy = undefined
    })
    busy = running
    return running
  }

  function trigger(cause: string, delay = SETTLE_MS) {
    if (closed) return
    causes.add(cause)
    clearTimeout(settle)
    settle = setTimeout(() => void drain(), delay)
  }

  /** Sleeps until `next` (re-armed hourly), then publishes with nothing changed on disk. */
  function arm(next: Date | undefined) {
    clearTimeout(wake)
    wakeAt = next
    if (!next || closed) return
    const delay = Math.min(Math.max(next.getTime() - Date.now(), 0), LONGEST_SLEEP_MS)
    wake = setTimeout(() => (Date.now() >= next.getTime() ? trigger('clock', 0) : arm(next)), delay)
  }

  /** What one event means for the next publish. */
  const onEvent = (file: string) => {
    const inContent = path.relative(contentDir, file)
    if (file === contentDir) return // the folder itself: see attach()
    if (!inContent.startsWith('..') && !path.isAbsolute(inContent)) {
      const [top, name] = inContent.split(path.sep)
      if (top === 'articles' && name) {
        changed.add(name)
        trigger(name)
      } else if (top === 'articles' || top === 'images') {
        rescan = true
        trigger(top)
      } else if (top === 'site.md') trigger('site.md') // read on every publish anyway
      return
    }
    // public/images/: an article's photo may be there.
    rescan = true
    trigger('images')
  }

  // The content folder's watch, made again when the folder is replaced or comes back.
  let subscription: watcher.AsyncSubscription | undefined
  /** The folder the watch is on (device and inode); undefined when none is. */
  let attached: string | undefined
  let everAttached = false
  let saidMissing = false
  const attach = async () => {
    const id = identity(contentDir)
    if (id && id === attached) return
    // Gone, or replaced by another folder of the same name: the old watch hears nothing more.
    const old = subscription
    subscription = undefined
    attached = undefined
    await old?.unsubscribe().catch(() => {})
    if (!id) {
      if (!saidMissing) log(`✖ 内容目录 ${contentDir} 不存在(被删除或移走了):网站保持上一次发布的版本;目录重新出现后将自动重新监视并发布`)
      saidMissing = true
      return
    }
    subscription = await watcher.subscribe(
      contentDir,
      (error, events) => {
        if (error) {
          log(`✖ 监视 ${contentDir} 出错(${error.message}):将重新监视`)
          attached = undefined
          return
        }
        for (const event of events) {
          // The folder itself deleted: its watch is dead; the next check makes a new one when it is back.
          if (event.path === contentDir) attached = undefined
          else onEvent(event.path)
          const [top, name] = path.relative(contentDir, event.path).split(path.sep)
          if (event.type === 'create' && top === 'articles' && name) created.add(name)
          // A new folder (images/2024/ moved in or made by mkdir -p): @parcel/watcher watches it but
          // not the folders already inside it (parcel-bundler/watcher#97), so the watch is made again
          // by the next check, which publishes from a full read.
          if (event.type === 'create' && fs.lstatSync(event.path, { throwIfNoEntry: false })?.isDirectory()) attached = undefined
        }
      },
      { ignore: ['.git', 'node_modules'] },
    )
    attached = id
    if (saidMissing) log(`✓ 内容目录 ${contentDir} 已重新出现:重新监视,并按其中的全部内容发布一次`)
    if (everAttached || saidMissing) {
      rescan = true
      trigger('reattach')
    }
    everAttached = true
    saidMissing = false
  }
  let checking = false
  const check = () => {
    if (checking || closed) return
    checking = true
    attach()
      .catch((error: Error) => log(`✖ 无法监视 ${contentDir}:${error.message}`))
      .finally(() => (checking = false))
  }
  checking = true
  await attach().finally(() => (checking = false))
  const folderCheck = setInterval(check, FOLDER_CHECK_MS)
  folderCheck.unref()
  // public/images/: an article's photo may be there (the folder is part of the code, not replaced).
  const publicWatch = fs.existsSync(publicImages)
    ? await watcher.subscribe(publicImages, (error, events) => {
        if (!error) for (const event of events) onEvent(event.path)
      })
    : undefined

  causes.add('start')
  const ready = new Promise<PublishReport>((resolve) => waiters.push(resolve))
  void drain()

  return {
    ready,
    publish(files = []) {
      for (const file of files) onEvent(path.resolve(file))
      const report = new Promise<PublishReport>((resolve) => waiters.push(resolve))
      trigger('publish', 0)
      return report
    },
    async idle() {
      const pending = () => !closed && (rescan || changed.size > 0 || causes.size > 0 || waiters.length > 0)
      for (;;) {
        if (busy) await busy
        else if (pending()) await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
        else {
          // The next release's links are the publisher's work too: a save made after them starts
          // its release with one rename (at 20,000 articles the links take 2.6-3.8 s).
          const linking = spare
          await linking?.ready
          if (!busy && spare === linking && !pending()) return
        }
      }
    },
    get wakeAt() {
      return wakeAt
    },
    async close() {
      closed = true
      clearTimeout(settle)
      clearTimeout(wake)
      clearInterval(folderCheck)
      await Promise.all([subscription, publicWatch].map((s) => s?.unsubscribe().catch(() => {})))
      await busy
      await spare?.discard()
      renderers?.close()
      // Publishes kept the store in memory alone: saved for the next start, npm run check and cold builds.
      if (store) {
        try {
          saveStore(storeFileFor(settings), store)
        } catch (error) {
          log(`✖ 内容缓存未能保存(${(error as Error).message}):下次启动时会重新读取改过的文件`)
        }
      }
    },
  }
}
