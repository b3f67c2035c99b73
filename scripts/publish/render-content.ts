import { type ContentStore, ContentError, contentFromStore, provideContent } from '../../lib/content'
import { settingsFromEnv } from '../../lib/settings'
import type { StoreJob, StoreRef } from './render-worker'

// What a renderer's pages read (lib/content content()): a build's store file, or a resident
// publisher's store kept in the renderer's memory, at the job's moment. Apart from the worker so
// that a test can see which jobs make the content anew.

export interface RenderContent {
  /** Keeps a store sent to the renderer (whole, or the changes since the one it holds). */
  hold(job: StoreJob): void
  /** Points the pages at a job's content: the store file, or the store in memory, at `now` (ISO 8601). */
  pointAt(store: StoreRef, now: string): void
}

export function renderContent(): RenderContent {
  // The store in memory (StoreJob), and the content made from it for the last job's moment.
  let held: { id: number; store: ContentStore } | undefined
  let made: { id: number; now: string } | undefined
  // The store file and moment the pages were last pointed at. Every batch of a build names the same
  // ones, and the content made for the first batch serves them all: making it again per batch
  // (reading the store, indexing every article, the related articles' index) cost about 300 ms at
  // 20,000 articles, 12 ms a page, and its garbage grew each renderer's heap past 1 GB. A file
  // replaced under the same name (the check's new store after an early warm-up) is noticed by
  // content() itself, which compares the file's inode, time and size on every call.
  let pointed: { store: string; now: string } | undefined
  return {
    hold(job) {
      // Changes to a store this renderer does not hold: none is held, and the job naming it fails loudly.
      if (job.base !== undefined && held?.id !== job.base) return void (held = undefined)
      const files = job.base === undefined ? job.files : { ...held!.store.files, ...job.files }
      for (const name of job.removed) delete files[name]
      held = { id: job.id, store: { ...job.rest, files } }
    },
    pointAt(store, now) {
      process.env.BUILD_NOW = now
      if (typeof store === 'string') {
        made = undefined
        if (pointed?.store === store && pointed.now === now) return
        process.env.CONTENT_STORE = store
        pointed = { store, now }
        return provideContent(undefined)
      }
      pointed = undefined
      if (held?.id !== store) throw new Error(`the store ${store} was never sent to this renderer (it holds ${held?.id ?? 'none'})`)
      if (made?.id === store && made.now === now) return
      try {
        provideContent(contentFromStore(held.store, new Date(now), settingsFromEnv().includeUnpublished))
      } catch (error) {
        if (!(error instanceof ContentError)) throw error
        provideContent(error)
      }
      made = { id: store, now }
    },
  }
}
