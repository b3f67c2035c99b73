import { type ContentProblem, inspectContent } from '../lib/content'
import type { Settings } from '../lib/settings'
import { watchContent } from '../scripts/build/watch'

// The desk's one contact with the watch publisher. Today that is watchContent (scripts/build/watch.ts):
// it publishes every saved change of the content folder and reports each build. The resident
// publisher will offer "await this change's publish and its problems" directly; switching to it
// means rewriting this file only.

export interface PublishOutcome {
  /** The site now shows the content folder as it is; false: it still shows the previous version. */
  ok: boolean
  /** The check's problems when not ok (file, line, field, message in Chinese). */
  problems: ContentProblem[]
  /** How long the last build took, in seconds. */
  seconds: number
}

export interface Publisher {
  /** Resolves once every change made before the call is published (or refused), with the outcome. */
  settled(): Promise<PublishOutcome>
  close(): void
}

export interface PublisherOptions {
  root: string
  out: string
  settings: Settings
  /** Told of every build (the CLI prints a line). */
  onPublish?: (outcome: PublishOutcome) => void
}

/** Starts publishing the content folder into `out` (a first build now, then on every change). */
export async function startPublisher(options: PublisherOptions): Promise<Publisher> {
  let last: PublishOutcome = { ok: false, problems: [], seconds: 0 }
  const watcher = await watchContent({
    root: options.root,
    out: options.out,
    settings: options.settings,
    onBuild: (report, seconds) => {
      // The build prints its problems; the desk needs them as data, so a refused build is checked
      // once more here (only then: a publish that succeeded has none).
      const problems = report.ok ? [] : inspectContent(options.settings.contentDir).problems
      last = { ok: report.ok, problems, seconds }
      options.onPublish?.(last)
    },
  })
  return {
    async settled() {
      await watcher.idle()
      return last
    },
    close: () => watcher.close(),
  }
}
