import type { ContentProblem } from '../../lib/content'
import type { Settings } from '../../lib/settings'
import { type PublishReport, startPublisher as startResident } from '../publish/watch'

// The desk's one contact with the resident publisher (scripts/publish/watch.ts): it publishes every
// saved change of the content folder, and `publish([file])` awaits the publish of one save with its
// problems, so the desk can say 已发布 or show the check's list.

export interface PublishOutcome {
  /** The site now shows the content folder as it is; false: it still shows the previous version. */
  ok: boolean
  /** The check's problems (file, line, field, message in Chinese); an article with any is held back. */
  problems: ContentProblem[]
  /** How long the publish took, in seconds. */
  seconds: number
}

export interface Publisher {
  /** Publishes every change made before the call (`files`: the ones the desk just wrote) and resolves with the outcome. */
  settled(files?: string[]): Promise<PublishOutcome>
  close(): Promise<void>
}

export interface PublisherOptions {
  root: string
  out: string
  settings: Settings
  /** Told of every publish (the CLI prints a line). */
  onPublish?: (outcome: PublishOutcome) => void
}

const outcomeOf = (report: PublishReport): PublishOutcome => ({ ok: report.ok, problems: report.problems, seconds: report.seconds })

/** Starts publishing the content folder into `out` (a first publish now, then on every change). */
export async function startPublisher(options: PublisherOptions): Promise<Publisher> {
  const resident = await startResident({
    root: options.root,
    out: options.out,
    settings: options.settings,
    onPublish: (report) => options.onPublish?.(outcomeOf(report)),
  })
  await resident.ready
  return {
    settled: async (files) => outcomeOf(await resident.publish(files)),
    close: () => resident.close(),
  }
}
