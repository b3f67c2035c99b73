import fs from 'node:fs'
import type { Settings } from '../../lib/settings'
import { build, type BuildReport, rendererEnv } from '../build'
import { type Renderers, startRenderers } from './renderers'

// Watch mode for editors (`npm start -- --watch`): a saved content file is published in about a
// second. The renderer stays warm between builds, so a build is the content check, the pages the
// change touched and the switch of `out`; nothing is compiled while watching (a code change needs
// `npm run build`).

export interface WatchOptions {
  root: string
  out: string
  settings: Settings
  /** Called after every build, with what it did (the CLI prints it). */
  onBuild?: (report: BuildReport, seconds: number) => void
}

// Editors' programs save in bursts (a temporary file, a rename, a second write).
const SETTLE_MS = 150

/** Builds now, then again whenever the content folder (or an image) changes; returns a handle to stop. */
export async function watchContent(options: WatchOptions): Promise<{ close(): void; idle(): Promise<void> }> {
  const run = async (renderers?: Renderers) => {
    const started = performance.now()
    const report = await build({ root: options.root, out: options.out, settings: options.settings, full: false, quiet: true, renderers })
    options.onBuild?.(report, (performance.now() - started) / 1000)
  }
  await run()
  const renderers = await startRenderers(1, rendererEnv(options.settings))

  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  let again = false
  let busy = false
  const trigger = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      if (busy) {
        again = true
        return
      }
      busy = true
      running = (async () => {
        do {
          again = false
          await run(renderers).catch((error: Error) => console.error(`✖ ${error.message}`))
        } while (again)
        busy = false
      })()
    }, SETTLE_MS)
  }
  const watchers = [options.settings.contentDir, `${options.settings.publicDir}/images`]
    .filter((dir) => fs.existsSync(dir))
    .map((dir) => fs.watch(dir, { recursive: true }, trigger))
  return {
    close() {
      clearTimeout(timer)
      for (const watcher of watchers) watcher.close()
      renderers.close()
    },
    /** Resolves once no build is running or waiting (tests). */
    async idle() {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS * 2))
      while (busy) await running
    },
  }
}
