import { type ChildProcess, fork } from 'node:child_process'
import path from 'node:path'
import { type ContentStore, storeFileFor } from '../../lib/content'
import type { Settings } from '../../lib/settings'
import { RENDER_PARENT, type RenderJob, type RenderMessage, type StoreJob, type StoreRef, type WarmJob } from './render-worker'

// A pool of renderer processes (scripts/publish/render-worker.ts), each a warm Next server of its
// own: rendering is CPU-bound JavaScript, so two processes use both cores. Batches go to whichever
// renderer is free; the first failure stops the whole render with the page that failed.

const WORKER = path.resolve(import.meta.dirname, 'render-worker.ts')
const BATCH = 25

/**
 * A renderer's Node arguments. The heap grows by half its live size between full collections, not
 * by V8's default of up to four times: each renderer holds the whole store (about 230 MB live at
 * 20,000 articles), and its pages' garbage otherwise took it to 680 MB or more, two renderers beside
 * the build's own 550 MB. Measured at 20,000 (500 pages, scripts/tools/render-measure.ts): peak
 * 681 -> 534 MB, CPU per page the same within noise (a factor of 1.2 cost about 15% more CPU for 454 MB).
 */
export const RENDERER_NODE_ARGS = ['--import', 'tsx', '--heap-growing-percent=50']

/** What a build renders from: its moment (what is published) and its own snapshot of the content store. */
export interface Moment {
  now: Date
  /**
   * The store file the build's check wrote for it (CONTENT_STORE: never rewritten while it renders),
   * or a resident publisher's store in memory: each renderer is then sent only the entries that
   * changed since the store it holds, and no file is written or read.
   */
  store: string | ContentStore
}

export interface Renderers {
  /** Renders `paths` into `dir` from the build's store as the content stood at its moment, calling `progress` with the number done so far. */
  render(paths: string[], dir: string, moment: Moment, progress?: (done: number) => void): Promise<{ bytes: number }>
  /** How many renderer processes there are. */
  readonly size: number
  /** Starts `count` more and waits until they are ready. */
  add(count: number): Promise<void>
  /**
   * Has each renderer load the build's store as it stands at its moment (a page rendered and
   * dropped), so the first real page does not wait for it: sent while the build plans, before any
   * page is known.
   */
  warm(moment: Moment): void
  close(): void
}

/** The environment of a content folder's renderers: they read the store the check writes. */
export const rendererEnv = (settings: Settings): NodeJS.ProcessEnv => ({
  ...process.env,
  CONTENT_STORE: storeFileFor(settings),
  CONTENT_PREVIEW: settings.includeUnpublished ? '1' : '',
})

/** Starts `count` renderers with the given environment (CONTENT_STORE, …) and waits until each is ready. */
export const startRenderers = (count: number, env: NodeJS.ProcessEnv): Promise<Renderers> => launchRenderers(count, env).ready

/** Renderers being started: `ready` once they all are; `close()` stops them, ready or not. */
export interface Launch {
  ready: Promise<Renderers>
  close(): void
}

/** Starts `count` renderers; a build that finds nothing to render closes them without waiting for them. */
export function launchRenderers(count: number, env: NodeJS.ProcessEnv): Launch {
  // Every renderer forked, ready or not: close() ends them all.
  const children: ChildProcess[] = []
  const close = () => {
    // Stopped on purpose: a renderer killed before it was ready is no failure. Unhandled, that
    // rejection ended the build before it had discarded its unpublished release (a build whose
    // check failed while its renderer, started ahead, was still booting on a busy machine).
    ready.catch(() => {})
    // Nothing to flush (every file is written to a temporary name first), and Next's server may
    // hold on to SIGTERM: SIGKILL ends a renderer for sure.
    for (const child of children) child.kill('SIGKILL')
  }
  const ready = spawn(children, count, env).then(() => pool(children, env, close))
  return { ready, close }
}

/** The pool of ready renderers in `children`. */
function pool(children: ChildProcess[], env: NodeJS.ProcessEnv, close: () => void): Renderers {
  let nextId = 0
  // Stores in memory: a number for each, and the one each renderer holds.
  const ids = new WeakMap<ContentStore, number>()
  let nextStore = 0
  const holds = new Map<ChildProcess, { id: number; store: ContentStore }>()
  /** The job's reference to its store, sending the renderer what it lacks of an in-memory one first. */
  const refer = (child: ChildProcess, store: string | ContentStore): StoreRef => {
    if (typeof store === 'string') return store
    let id = ids.get(store)
    if (id === undefined) ids.set(store, (id = nextStore++))
    const held = holds.get(child)
    if (held?.id === id) return id
    const { files, ...rest } = store
    let job: StoreJob
    if (held) {
      // Entries the check did not look at again are the very objects of the store before (lib/content readContent).
      const changed = Object.fromEntries(Object.entries(files).filter(([name, entry]) => held.store.files[name] !== entry))
      const removed = Object.keys(held.store.files).filter((name) => !(name in files))
      job = { type: 'store', id, base: held.id, files: changed, removed, rest }
    } else job = { type: 'store', id, files, removed: [], rest }
    child.send(job)
    holds.set(child, { id, store })
    return id
  }
  return {
    close,
    get size() {
      return children.length
    },
    add: (more) => spawn(children, more, env),
    warm({ now, store }) {
      for (const child of children) child.send({ type: 'warm', now: now.toISOString(), store: refer(child, store) } satisfies WarmJob)
    },
    render(paths, dir, { now, store }, progress) {
      const batches: string[][] = []
      for (let i = 0; i < paths.length; i += BATCH) batches.push(paths.slice(i, i + BATCH))
      let done = 0
      let bytes = 0
      return new Promise((resolve, reject) => {
        let failed = false
        let running = 0
        const feed = (child: ChildProcess) => {
          const paths = batches.shift()
          if (!paths || failed) {
            if (running === 0 && !failed) resolve({ bytes })
            return
          }
          running++
          const job: RenderJob = { type: 'render', id: nextId++, paths, dir, now: now.toISOString(), store: refer(child, store) }
          const onExit = (code: number | null) => fail(new Error(`a renderer exited with code ${code} while rendering ${paths[0]}…`))
          const onMessage = (message: RenderMessage) => {
            if (message?.type !== 'done' && message?.type !== 'failed') return child.once('message', onMessage)
            child.off('exit', onExit)
            running--
            if (message.type === 'failed') return fail(new Error(`rendering ${message.path} failed: ${message.error}`))
            if (message.type !== 'done') return
            done += paths.length
            bytes += message.bytes
            progress?.(done)
            feed(child)
          }
          child.once('message', onMessage)
          child.once('exit', onExit)
          child.send(job)
        }
        const fail = (error: Error) => {
          if (failed) return
          failed = true
          reject(error)
        }
        for (const child of children) feed(child)
      })
    },
  }
}

/** Forks `count` renderers into `children` and waits until each is ready; if one fails, these all go. */
async function spawn(children: ChildProcess[], count: number, env: NodeJS.ProcessEnv): Promise<void> {
  const started: ChildProcess[] = []
  const ready = Array.from({ length: count }, () => {
    const child = fork(WORKER, [], {
      execArgv: RENDERER_NODE_ARGS,
      // The worker checks it is still this process's child: see render-worker.ts.
      env: { ...env, NODE_ENV: 'production', [RENDER_PARENT]: String(process.pid) },
      // Next prints its own start-up lines on stdout; errors come back as messages and on stderr.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    })
    started.push(child)
    children.push(child)
    return new Promise<void>((resolve, reject) => {
      child.once('message', (message: RenderMessage) => (message.type === 'ready' ? resolve() : reject(new Error(JSON.stringify(message)))))
      child.once('exit', (code) => reject(new Error(`a renderer exited with code ${code} before it was ready`)))
    })
  })
  try {
    await Promise.all(ready)
  } catch (error) {
    for (const child of started) child.kill('SIGKILL')
    children.splice(0, children.length, ...children.filter((child) => !started.includes(child)))
    throw error
  }
  for (const child of started) child.removeAllListeners('exit')
}
