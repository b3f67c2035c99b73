import fs from 'node:fs'
import path from 'node:path'
import { discardRelease, linkTreeAside, type PublishPaths } from './release'
import { type Launch, launchRenderers, type Moment } from './renderers'
import { WARM_STORE } from './render-worker'
import { type Spare, takeSpare } from './spare'

// What a build starts before its check when it already knows it is incremental (the code compiled
// and the same as the last release's): the new release's hard links (`cp -al` of some 40,000 files
// at 20,000 articles) and a renderer, whose Next server takes seconds to boot and to read the
// store. Both run in processes of their own, on the second core, while the build's own process
// checks the content; otherwise they started only after it, and one change at 20,000 articles
// waited for them in turn.

export interface Ahead {
  /** Whether the build knew before its check that it is incremental. */
  incremental: boolean
  /** The new release's hard links to the last one (started at once when incremental): how they were made. */
  link(): Promise<string>
  /** Called once the release is published: it is no longer this build's to discard. */
  switched(): void
  /** Moves the release folder into the trash unless it was published (a content error, a failed render). */
  discard(): Promise<void>
}

export function startAhead(options: { incremental: boolean; paths: PublishPaths; previous?: string; dir: string; spare?: Spare }): Ahead {
  const { paths, previous, dir } = options
  let linking: Promise<string> | undefined
  let published = false
  const link = () => {
    if (!linking) {
      if (!previous) throw new Error('an incremental release needs a previous one')
      const linkAside = () => linkTreeAside(path.join(paths.releases, previous), dir).then(() => '')
      // Without a spare, `cp` starts now: the check that follows keeps this process busy, and a
      // start left to a promise's callback would wait for its end.
      linking = options.spare ? takeSpare(options.spare, previous, dir).then((taken) => (taken ? 'the spare made while idle, ' : linkAside())) : linkAside()
      linking.catch(() => {}) // reported where it is awaited
    }
    return linking
  }
  if (options.incremental) void link()
  return {
    incremental: options.incremental,
    link,
    switched: () => void (published = true),
    async discard() {
      if (published) return
      await linking?.catch(() => {})
      if (fs.existsSync(dir)) discardRelease(paths, path.basename(dir))
    },
  }
}

/**
 * One renderer, started before the check. Once up, it reads the build's snapshot of the store as
 * it stands (the store before the check) by itself (WARM_STORE: render-worker.ts), since this
 * process is busy checking; after the check it reads again only the shards that changed.
 */
export function launchAhead(env: NodeJS.ProcessEnv, moment: Moment & { store: string }): Launch {
  return launchRenderers(1, { ...env, [WARM_STORE]: moment.store, BUILD_NOW: moment.now.toISOString() })
}
