import fs from 'node:fs'
import path from 'node:path'
import { run } from './nodes'

// The CDN purge list of a publish: the HTML and XML addresses that changed or left, written to a
// file, and given to the configured purge command in batches (CDN APIs take at most 1,000 URLs a
// call: Aliyun RefreshObjectCaches, Tencent PurgeUrlsCache). The command is the operator's (their
// CDN's CLI and its credentials, from the environment): it gets one URL a line on its standard input.

export interface PurgeResult {
  file: string
  sent: number
  /** URLs the command did not take (failed batches): kept and sent with the next publish. */
  pending: string[]
  errors: string[]
}

/** Writes the purge list to `<dir>/<release>.txt` and runs `command` on it in batches of `batchSize`. */
export async function purge(urls: string[], options: { dir: string; release: string; command?: string[]; batchSize: number }): Promise<PurgeResult> {
  fs.mkdirSync(options.dir, { recursive: true })
  const file = path.join(options.dir, `${options.release}.txt`)
  fs.writeFileSync(file, urls.map((u) => `${u}\n`).join(''))
  // The lists of the last 50 publishes are kept, for an operator purging by hand.
  const lists = fs.readdirSync(options.dir).filter((f) => f.endsWith('.txt')).sort()
  for (const old of lists.slice(0, -50)) fs.rmSync(path.join(options.dir, old), { force: true })
  const result: PurgeResult = { file, sent: 0, pending: [], errors: [] }
  if (!options.command) return result
  const [program, ...args] = options.command
  for (let i = 0; i < urls.length; i += options.batchSize) {
    const batch = urls.slice(i, i + options.batchSize)
    const answer = await run(program, args, batch.join('\n') + '\n')
    if (answer.code === 0) result.sent += batch.length
    else {
      result.pending.push(...batch)
      const reason = answer.stderr.trim().split('\n').slice(-2).join(' | ') || `退出码 ${answer.code}`
      result.errors.push(`CDN 刷新命令 ${program} 处理 ${batch.length} 个网址失败:${reason}`)
    }
  }
  return result
}
