import { type ChildProcess, execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { PublishPaths } from './release'

// A spare release: the hard links an incremental release starts from, made ahead of time. The
// resident publisher links a copy of the release it has just published while it waits for the next
// save, so that publish starts with one rename instead of tens of thousands of links (`cp -al` of
// the whole release took 2–11 s at 5,000 articles on a busy machine). A spare is good only for a
// build whose previous release is the one it was linked from: release files are never written in
// place (scripts/publish/files.ts writes through a temporary name), so a spare of the current
// release stays equal to it until the next switch.

export interface Spare {
  /** The release it is a copy of. */
  from: string
  dir: string
  /** True once every link is made; false when linking failed (the spare is then gone). */
  ready: Promise<boolean>
  /** Stops the linking (if still running) and moves the spare into the trash that pruneReleases empties. */
  discard(): Promise<void>
}

const sparesOf = (paths: PublishPaths) => path.join(paths.state, 'spares')

/** Starts linking a spare of release `from` in a process of its own (`cp -al`, GNU coreutils). */
export function startSpare(paths: PublishPaths, from: string): Spare {
  const dir = path.join(sparesOf(paths), from)
  fs.mkdirSync(sparesOf(paths), { recursive: true })
  // A spare left by a publisher that was killed, or of another release: never reused, moved away.
  for (const name of fs.readdirSync(sparesOf(paths))) trash(paths, path.join(sparesOf(paths), name))
  let child: ChildProcess | undefined
  const ready = new Promise<boolean>((resolve) => {
    child = execFile('cp', ['-al', path.join(paths.releases, from), dir], (error) => {
      child = undefined
      if (!error) return resolve(true)
      trash(paths, dir)
      resolve(false)
    })
  })
  return {
    from,
    dir,
    ready,
    async discard() {
      child?.kill('SIGKILL')
      await ready
      trash(paths, dir)
    },
  }
}

/**
 * Makes the spare release `to` when it is a whole copy of `previous` (one rename); false when it
 * is not (linked from another release, failed, or taken already), and the caller links its own.
 */
export async function takeSpare(spare: Spare | undefined, previous: string, to: string): Promise<boolean> {
  if (!spare || spare.from !== previous || !(await spare.ready)) return false
  try {
    fs.renameSync(spare.dir, to)
    return true
  } catch {
    return false // moved away meanwhile (another build pruned it)
  }
}

/** Moves a folder into `<state>/trash/`, which pruneReleases deletes in a process of its own. */
function trash(paths: PublishPaths, dir: string) {
  if (!fs.existsSync(dir)) return
  const bin = path.join(paths.state, 'trash')
  fs.mkdirSync(bin, { recursive: true })
  try {
    fs.renameSync(dir, path.join(bin, `spare-${path.basename(dir)}-${process.pid}-${Date.now()}`))
  } catch {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
