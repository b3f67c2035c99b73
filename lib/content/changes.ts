import fs from 'node:fs'
import path from 'node:path'

// Development (`npm run dev`): which files of the content folder changed since the last read, told
// by @parcel/watcher, so that a request reads those alone instead of a stat of every file (at 5,000
// articles that stat and the views rebuilt after it cost more than the page). Until the watch is
// set up, and after anything it cannot name (an image, site.md, the articles/ folder itself, a
// watcher error, the content folder replaced), the next read looks at every file, as before.

/** What changed since the last `takeChanges()`: names of entries in articles/, or everything. */
export interface Changes {
  names: Set<string>
  everything: boolean
}

interface Watch {
  /** The content folder's device and inode: another folder of the same name needs a new watch. */
  id: string
  ready: boolean
  /**
   * A folder appeared inside the content folder: the watch is made again. @parcel/watcher adds a
   * watch for a new folder but not for the folders already inside it when it gets there (`mkdir -p
   * images/2024`, parcel-bundler/watcher#97), so a photo replaced in images/2024/ was never heard of
   * and `npm run dev` kept showing the old one.
   * A new watch covers the whole tree, and the read after it looks at every file.
   */
  stale: boolean
  names: Set<string>
  /** Entries of articles/ reported created since the last call (see takeChanges). */
  created: Set<string>
  everything: boolean
  close(): Promise<void>
}

const watches = ((globalThis as { __lzfzwWatches?: Map<string, Watch> }).__lzfzwWatches ??= new Map())

const identity = (dir: string) => {
  const stat = fs.statSync(/* turbopackIgnore: true */ dir, { throwIfNoEntry: false })
  return stat ? `${stat.dev}:${stat.ino}` : '-'
}

/** Watches `contentDir` once `after` (the previous watch's close) has settled. */
function startWatch(contentDir: string, publicDir: string, id: string, after: Promise<void>): Watch {
  const subscriptions: { unsubscribe(): Promise<void> }[] = []
  let closed = false
  const onEvents = (error: Error | null, events: { path: string; type: string }[]) => {
    if (error) return void (watch.everything = true)
    for (const { path: file, type } of events) {
      const [top, name] = path.relative(contentDir, file).split(path.sep)
      if (top === 'articles' && name) {
        watch.names.add(name)
        if (type === 'create') watch.created.add(name)
      } else watch.everything = true
      if (type === 'create' && file !== contentDir && fs.lstatSync(/* turbopackIgnore: true */ file, { throwIfNoEntry: false })?.isDirectory()) watch.stale = true
    }
  }
  // Loaded here alone, and only in development (next.config.mjs keeps it out of the bundle). A new
  // watch waits for the old one to be gone: inotify may give a folder made again the old one's
  // watch descriptor, and a late removal of the old watch would then silence the new one.
  const setup = after
    .then(() => import('@parcel/watcher'))
    .then(async (watcher) => {
      if (closed) return
      subscriptions.push(await watcher.subscribe(contentDir, onEvents, { ignore: ['.git', 'node_modules'] }))
      const images = path.join(/* turbopackIgnore: true */ publicDir, 'images')
      if (fs.existsSync(/* turbopackIgnore: true */ images)) subscriptions.push(await watcher.subscribe(images, onEvents))
      // Whatever changed before the watch began: the next read looks at every file once more.
      watch.everything = true
      watch.ready = !closed
    })
    .catch(() => {}) // no watch: every read looks at every file
  const watch: Watch = {
    id,
    ready: false,
    stale: false,
    names: new Set(),
    created: new Set(),
    everything: true,
    async close() {
      closed = true
      watch.ready = false
      await setup
      await Promise.all(subscriptions.map((s) => s.unsubscribe().catch(() => {})))
    },
  }
  return watch
}

/**
 * The changes in `contentDir` (and `publicDir`/images/) since the last call for that folder; the
 * first call starts watching it and answers `everything`, as does any call before the watch is set up.
 */
export function takeChanges(contentDir: string, publicDir: string): Changes {
  const id = identity(contentDir)
  let watch = watches.get(contentDir)
  let closing = Promise.resolve()
  if (watch && (watch.id !== id || watch.stale)) {
    closing = watch.close()
    watch = undefined
  }
  if (!watch) {
    watch = startWatch(contentDir, publicDir, id, closing)
    watches.set(contentDir, watch)
  }
  // A file reported created and gone again was renamed away: an editor's safe write (a temporary
  // file, renamed over the article). The rename's target is not always reported: @parcel/watcher's
  // inotify backend reported `create good.md.tmp` and nothing for good.md in a loaded test run, and
  // the page kept the old version. Such a save looks at every file, as before the watch.
  const articles = path.join(/* turbopackIgnore: true */ contentDir, 'articles')
  const renamedAway = [...watch.created].some((name) => !fs.existsSync(/* turbopackIgnore: true */ path.join(/* turbopackIgnore: true */ articles, name)))
  const changes = { names: watch.names, everything: watch.everything || !watch.ready || id === '-' || renamedAway }
  watch.created = new Set()
  watch.names = new Set()
  watch.everything = false
  return changes
}
