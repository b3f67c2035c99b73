import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Article, Site } from './types'

// `npm run build` checks the content first (scripts/check.ts), then Next renders the pages in
// two worker processes. Each of those would parse every Markdown file again: at 20,000 articles
// that is ~18 s of CPU per process. So the check saves what it parsed, and the workers load that
// instead, if and only if no file of the content folder has changed since (same names, sizes and
// modification times). Anything else (no snapshot, another folder, an edit in between, a file
// this version cannot read) falls back to parsing: the snapshot can make a build faster, never
// different.

const VERSION = 2

interface SavedArticle extends Omit<Article, 'date' | 'channel' | 'scheduled'> {
  scheduled?: undefined
  date: string
  channel: string
}

interface Snapshot {
  version: number
  fingerprint: string
  site: Site
  articles: SavedArticle[]
}

/**
 * What identifies the content folder's state: every entry's name, size and modification time,
 * and the settings parsing depends on (site URL, image folder, working directory for file names).
 */
export function fingerprint(dir: string): string {
  const settings = [path.resolve(dir), process.cwd(), process.env.SITE_URL ?? '', process.env.PUBLIC_DIR ?? '']
  const hash = createHash('sha256').update(settings.join('\n'))
  const add = (file: string) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false })
    hash.update(`\n${file}\t${stat ? `${stat.size}\t${stat.mtimeMs}` : '-'}`)
  }
  add(path.join(dir, 'site.md'))
  const articles = path.join(dir, 'articles')
  if (fs.existsSync(articles)) for (const name of fs.readdirSync(articles).sort()) add(path.join(articles, name))
  return hash.digest('hex')
}

/** Saves a checked content folder (no problems) for the build's page workers. */
export function saveSnapshot(file: string, dir: string, site: Site, articles: Article[]): void {
  const snapshot: Snapshot = {
    version: VERSION,
    fingerprint: fingerprint(dir),
    site,
    // `scheduled` depends on when the snapshot is loaded, so it is not saved.
    articles: articles.map((article) => {
      const { date, channel, ...rest } = article
      return { ...rest, scheduled: undefined, date: date.toISOString(), channel: channel.slug }
    }),
  }
  fs.mkdirSync(path.dirname(file), { recursive: true })
  // Written whole, then renamed: a worker never reads half a file.
  const partial = `${file}.${process.pid}.tmp`
  fs.writeFileSync(partial, JSON.stringify(snapshot))
  fs.renameSync(partial, file)
}

/**
 * The site and articles (newest first) saved for `dir`, with `scheduled` decided at `now`;
 * undefined when there is no snapshot or it does not match the folder as it is now.
 */
export function readSnapshot(file: string, dir: string, now: Date): { site: Site; articles: Article[] } | undefined {
  let snapshot: Snapshot
  try {
    snapshot = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
  if (snapshot.version !== VERSION || snapshot.fingerprint !== fingerprint(dir)) return undefined
  const channels = new Map(snapshot.site.channels.map((c) => [c.slug, c]))
  const articles: Article[] = []
  for (const saved of snapshot.articles) {
    const channel = channels.get(saved.channel)
    if (!channel) return undefined
    const date = new Date(saved.date)
    articles.push({ ...saved, date, channel, scheduled: date.getTime() > now.getTime() })
  }
  return { site: snapshot.site, articles }
}
