import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { PublishPaths } from './release'

// The build lock of one output folder: one build at a time writes its content store snapshot,
// release and link. proper-lockfile takes it (an atomic mkdir of `<state>/build.lock`, whose time
// the holder refreshes; a lock not refreshed for STALE_MS belongs to a dead build and is taken
// over safely). The holder runs in a worker thread of its own: the build's main thread is blocked
// for seconds at a time (the check of 20,000 files takes half a minute), and a lock refreshed from
// there would look dead to the next build. Killing the build kills the worker too, so the lock of a
// killed build goes stale and the next build takes it.

/** A lock not refreshed for this long is a dead build's (proper-lockfile's `stale`). */
export const STALE_MS = 10_000

export interface LockOptions {
  /** Called once if another build holds the lock and this one waits for it. */
  onWait?: (holder: string) => void
}

// The worker is plain JavaScript (eval'd, CommonJS): it needs proper-lockfile and nothing of ours.
const HOLDER = `
const { parentPort, workerData } = require('node:worker_threads')
const lockfile = require(workerData.library)
const options = { stale: workerData.stale, update: workerData.stale / 5, realpath: false, lockfilePath: workerData.lockPath }
const take = (retries) =>
  lockfile.lock(workerData.file, { ...options, retries, onCompromised: (error) => parentPort.postMessage({ type: 'compromised', message: error.message }) })
take(0)
  .catch((error) => {
    if (error.code !== 'ELOCKED') throw error
    parentPort.postMessage({ type: 'waiting' })
    return take({ forever: true, minTimeout: 100, maxTimeout: 1000, factor: 1.5 })
  })
  .then(
    (release) => {
      parentPort.postMessage({ type: 'locked' })
      parentPort.once('message', () => release().finally(() => parentPort.postMessage({ type: 'released' })))
    },
    (error) => parentPort.postMessage({ type: 'failed', message: error.message }),
  )
`

const library = createRequire(import.meta.url).resolve('proper-lockfile')

/**
 * Takes the build lock of `paths.out`, waiting while another build holds it; resolves to the
 * function that gives it back. Rejects only when the lock cannot be taken at all (no permission).
 */
export function lockOutput(paths: PublishPaths, options: LockOptions = {}): Promise<() => Promise<void>> {
  fs.mkdirSync(paths.state, { recursive: true })
  const file = path.join(paths.state, 'build')
  const worker = new Worker(HOLDER, { eval: true, workerData: { library, file, lockPath: `${file}.lock`, stale: STALE_MS } })
  return new Promise((resolve, reject) => {
    worker.on('error', reject)
    worker.on('message', (message: { type: string; message?: string }) => {
      if (message.type === 'waiting') options.onWait?.(paths.out)
      else if (message.type === 'failed') {
        void worker.terminate()
        reject(new Error(`无法锁定 ${paths.out} 的构建锁:${message.message}`))
      } else if (message.type === 'compromised') console.error(`✖ 构建锁 ${file}.lock 被他人接管(${message.message}):另一个构建可能同时在写入 ${paths.out}`)
      else if (message.type === 'locked') {
        let released: Promise<void> | undefined
        resolve(
          () =>
            (released ??= new Promise<void>((done) => {
              worker.once('message', () => void worker.terminate().then(() => done()))
              worker.postMessage('release')
            })),
        )
      }
    })
  })
}
