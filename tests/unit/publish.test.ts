// @vitest-environment node
// Publishing: an incremental build equals a full build of the same content after any sequence of
// edits, and a failed or killed build leaves the published site whole. These run the real build
// (Next's compiled app, renderer processes) over generated content in a temporary folder.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import { type ContentStore, updateStore } from '@/lib/content'
import { PlanMemo } from '@/lib/plan-memo'
import { type Settings, settingsFromEnv } from '@/lib/settings'
import { codeHash, PARSER_INPUTS } from '../../scripts/publish/compile'
import { build } from '../../scripts/publish/build'
import { rendererEnv, type Renderers, startRenderers } from '../../scripts/publish/renderers'
import { RENDER_PARENT } from '../../scripts/publish/render-worker'
import { type PublishReport, startPublisher } from '../../scripts/publish/watch'
import { startServer } from '../../scripts/server/serve'
import { PATIENT_SEARCH } from './serve-fixtures'
import { searchAnswers } from '../search-answers'

const root = path.resolve(__dirname, '../..')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-'))
const contentDir = path.join(tmp, 'content')
const settings: Settings = { contentDir, publicDir: path.join(root, 'public'), includeUnpublished: false }
const outA = path.join(tmp, 'incremental/out')
const outB = path.join(tmp, 'full/out')

interface Entry {
  title: string
  date: string
  category: string
  draft?: boolean
  pinned?: boolean
  updated?: string
  correction?: string
  tags?: string[]
  body: string
}

const WORDS = ['乡村振兴', '驻村帮扶', '廉政建设', '法治宣传', '基层治理', '环境保护', '教育公平', '医疗保障', '安全生产', '营商环境']
const CHANNELS = ['关注民生', '关注民生', '关注民生', '廉政建设', '法治动态']
const TAGS = ['驻村帮扶', '乡村振兴', '基层治理', '营商环境']
/** Searched after incremental and full builds alike: words of the corpus, one character, a phrase, two words, a tag, a title's number. */
const QUERIES = [...WORDS, '村', '的', '测试文章', '工作 第二段', '新的关键词', '第 3 期', '补充一段', '定时发布']

/** A small deterministic PRNG (mulberry32), so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const stamp = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
const BASE = Date.parse('2026-01-01T08:00:00+08:00')
let now = new Date('2026-05-01T00:00:00+08:00')
const articles = new Map<string, Entry>()

function write(slug: string) {
  const e = articles.get(slug)!
  const fields = [
    `title: ${e.title}`,
    `date: ${e.date}`,
    `category: ${e.category}`,
    ...(e.draft ? ['draft: true'] : []),
    ...(e.pinned ? ['pinned: true'] : []),
    ...(e.updated ? [`updated: ${e.updated}`] : []),
    ...(e.correction ? [`correction: ${e.correction}`] : []),
    ...(e.tags?.length ? [`tags: [${e.tags.join(', ')}]`] : []),
  ]
  fs.writeFileSync(path.join(contentDir, 'articles', `${slug}.md`), `---\n${fields.join('\n')}\n---\n\n${e.body}\n`)
}

function seedContent() {
  fs.mkdirSync(path.join(contentDir, 'articles'), { recursive: true })
  fs.copyFileSync(path.join(root, 'content/site.md'), path.join(contentDir, 'site.md'))
  const next = random(1)
  for (let i = 0; i < 60; i++) {
    const slug = `a-${String(i).padStart(3, '0')}`
    const words = [WORDS[Math.floor(next() * WORDS.length)], WORDS[Math.floor(next() * WORDS.length)]]
    articles.set(slug, {
      title: `【测试】${words.join('')}工作第 ${i} 期`,
      date: stamp(BASE + i * 7 * 3_600_000),
      category: CHANNELS[i % CHANNELS.length],
      draft: i % 17 === 5,
      pinned: i === 20 || i === 41,
      tags: i % 3 === 0 ? [TAGS[i % TAGS.length]] : [],
      body: `${words[0]}的第 ${i} 篇测试文章。\n\n第二段说明${words[1]}。`,
    })
    write(`a-${String(i).padStart(3, '0')}`)
  }
  // Published once `now` passes its date.
  articles.set('scheduled', { title: '【测试】定时发布的通知', date: '2026-05-01 12:00', category: '法治动态', body: '定时发布。' })
  write('scheduled')
}

/** Each file and folder of a published site (through the out link) with the hash of its bytes; the search index left out. */
function snapshot(out: string): Map<string, string> {
  const files = new Map<string, string>()
  const base = fs.realpathSync(out)
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      const rel = path.relative(base, full)
      // An incremental build writes the search index's delta; a full one writes it afresh (README).
      // The tests compare what it answers instead (searchAnswers).
      if (rel === 'search-index') continue
      // Folders count too: a tag that is gone must not leave an empty one behind.
      if (entry.isDirectory()) {
        files.set(`${rel}/`, 'folder')
        walk(full)
      } else files.set(rel, createHash('sha1').update(fs.readFileSync(full)).digest('hex'))
    }
  }
  walk(base)
  return files
}

/** The pids of live processes that are renderers of build `pid` (Linux: read from /proc). */
function renderersOf(pid: number): number[] {
  return fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((entry) => {
    try {
      const environment = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0')
      return environment.includes(`${RENDER_PARENT}=${pid}`) ? [Number(entry)] : []
    } catch {
      return [] // gone meanwhile, or not ours to read
    }
  })
}

/** Every live descendant of `pid`, parents before children (Linux: read from /proc). */
function processesOf(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const parent = Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1])
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)])
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = []
  for (let queue = [pid]; queue.length > 0; ) {
    const next = children.get(queue.shift()!) ?? []
    found.push(...next)
    queue.push(...next)
  }
  return found
}

const commandOf = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
  } catch {
    return ''
  }
}

/** Whether a process still runs (a zombie, dead but not yet reaped, does not). */
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch {
    return false
  }
}

function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const out: string[] = []
  for (const [file, hash] of a) if (b.get(file) !== hash) out.push(`${file}: ${b.has(file) ? 'differs' : 'only in the incremental build'}`)
  for (const file of b.keys()) if (!a.has(file)) out.push(`${file}: only in the full build`)
  return out
}

let renderers: Renderers
const options = { root, settings, quiet: true }

beforeAll(async () => {
  seedContent()
  // The first build compiles the app when the code changed, and starts its own renderers.
  const first = await build({ ...options, out: outA, full: true, now })
  expect(first.ok).toBe(true)
  renderers = await startRenderers(1, rendererEnv(settings))
}, 300_000)

// Deleting every release the tests wrote takes more than the default 10 s on a loaded machine.
afterAll(() => {
  renderers?.close()
  fs.rmSync(tmp, { recursive: true, force: true })
}, 120_000)

/** One random edit to the content, described for the failure message. */
function edit(next: () => number, step: number): string {
  const slugs = [...articles.keys()]
  const pick = () => slugs[Math.floor(next() * slugs.length)]
  const kind = Math.floor(next() * 12)
  const slug = pick()
  const e = articles.get(slug)!
  switch (kind) {
    case 0: {
      const added = `new-${step}-${Math.floor(next() * 1e6)}`
      articles.set(added, { title: `【测试】新增${WORDS[step % WORDS.length]}报道`, date: stamp(now.getTime() - Math.floor(next() * 90) * 86_400_000), category: CHANNELS[step % CHANNELS.length], body: '新增的文章。' })
      write(added)
      return `add ${added}`
    }
    case 1:
      e.title = `【测试】改题${WORDS[Math.floor(next() * WORDS.length)]}${step}`
      write(slug)
      return `retitle ${slug}`
    case 2:
      e.date = stamp(BASE + Math.floor(next() * 120) * 86_400_000)
      // An update may not come before the publication: a redated article loses it.
      e.updated = e.correction = undefined
      write(slug)
      return `redate ${slug}`
    case 3:
      e.category = CHANNELS[Math.floor(next() * CHANNELS.length)] === e.category ? '乡村振兴' : '法治动态'
      write(slug)
      return `move ${slug} to ${e.category}`
    case 4:
      articles.delete(slug)
      fs.rmSync(path.join(contentDir, 'articles', `${slug}.md`))
      return `delete ${slug}`
    case 5: {
      const draft = slugs.find((s) => articles.get(s)!.draft)
      if (!draft) return 'no draft left'
      articles.get(draft)!.draft = false
      write(draft)
      return `publish draft ${draft}`
    }
    case 6:
      now = new Date(now.getTime() + 86_400_000)
      return `a day passes (now ${now.toISOString()})`
    case 8:
      e.pinned = true
      write(slug)
      return `pin ${slug}`
    case 9: {
      const pinned = slugs.find((s) => articles.get(s)!.pinned)
      if (!pinned) return 'nothing pinned'
      articles.get(pinned)!.pinned = false
      write(pinned)
      return `unpin ${pinned}`
    }
    case 10: {
      const at = now.getTime() - 3_600_000
      if (Date.parse(`${e.date.replace(' ', 'T')}:00+08:00`) > at) return `no correction of ${slug} (not yet published)`
      e.updated = stamp(at)
      e.correction = `第 ${step} 次更正。`
      write(slug)
      return `correct ${slug}`
    }
    case 11:
      e.tags = TAGS.filter(() => next() < 0.4)
      write(slug)
      return `retag ${slug} [${e.tags.join(', ')}]`
    default:
      e.body = `${e.body}\n\n补充一段:第 ${step} 次修改。`
      write(slug)
      return `edit body of ${slug}`
  }
}

describe('incremental publishing', () => {
  // Seed 2026 publishes as the resident publisher does: the store kept in memory, only the files
  // that changed looked at, and the renderer sent only the entries that changed (no store file).
  for (const [seed, resident] of [[7, false], [2026, true]] as const) {
    it(`gives the same site as a full build after every step of random edits (seed ${seed}${resident ? ', store in memory' : ''})`, async () => {
      const next = random(seed)
      const done: string[] = []
      const articlesDir = path.join(contentDir, 'articles')
      const files = () => new Map(fs.readdirSync(articlesDir).map((name) => [name, fs.readFileSync(path.join(articlesDir, name), 'utf8')]))
      let store: ContentStore | undefined
      // The resident way also plans from its memo of the last plan (lib/plan-memo.ts).
      const memo = new PlanMemo()
      for (let step = 0; step < 6; step++) {
        const before = files()
        done.push(edit(next, step))
        const after = files()
        const changed = new Set([...before.keys(), ...after.keys()].filter((name) => before.get(name) !== after.get(name)))
        const incremental = await build({ ...options, out: outA, full: false, now, renderers, ...(resident && { store, changed, memo }) })
        store = incremental.store
        expect(incremental.ok, done.join(' → ')).toBe(true)
        expect(incremental.full, 'a content change is never a full build').toBe(false)
        if (step % 3 === 2) {
          const full = await build({ ...options, out: outB, full: true, now, renderers })
          expect(full.ok).toBe(true)
          expect(differences(snapshot(outA), snapshot(outB)), `after ${done.join(' → ')}`).toEqual([])
          expect(await searchAnswers(outA, QUERIES), `after ${done.join(' → ')}`).toEqual(await searchAnswers(outB, QUERIES))
        }
      }
    }, 300_000)
  }

  it('gives the same site as a full build after pinning, retagging, correcting and unpinning (store and plan in memory)', async () => {
    const done: string[] = []
    let store: ContentStore | undefined
    const memo = new PlanMemo()
    const change = (slug: string, what: string, patch: Partial<Entry>) => {
      Object.assign(articles.get(slug)!, patch)
      write(slug)
      done.push(`${what} ${slug}`)
    }
    const [a, b, c] = [...articles.keys()].filter((slug) => slug.startsWith('a-') && !articles.get(slug)!.draft).slice(10, 13)
    // The home page's lead: unpinning it hands the lead to an older pinned article.
    const lead = [...articles.keys()].filter((slug) => articles.get(slug)!.pinned).sort((x, y) => articles.get(y)!.date.localeCompare(articles.get(x)!.date))[0]
    const edits = [
      () => change(a, 'pin', { pinned: true }),
      () => change(b, 'retag', { tags: ['驻村帮扶', '新的关键词'] }),
      () => change(c, 'correct', { updated: stamp(now.getTime() - 3_600_000), correction: '第二段的数字有误,已更正。' }),
      () => change(lead, 'unpin', { pinned: false }),
      () => change(b, 'untag', { tags: [] }),
    ]
    for (const edit of edits) {
      edit()
      const incremental = await build({ ...options, out: outA, full: false, now, renderers, store, memo })
      store = incremental.store
      expect(incremental.ok, done.join(' → ')).toBe(true)
    }
    const full = await build({ ...options, out: outB, full: true, now, renderers })
    expect(full.ok).toBe(true)
    expect(differences(snapshot(outA), snapshot(outB)), `after ${done.join(' → ')}`).toEqual([])
    // The search index is not the same files (an update writes a delta), but answers the same.
    expect(await searchAnswers(outA, QUERIES), `after ${done.join(' → ')}`).toEqual(await searchAnswers(outB, QUERIES))
  }, 300_000)

  // Once as `npm run build` does, once as the resident publisher does (store and last plan in memory).
  it.each([false, true])('gives the same site as a full build after deleting, re-dating and drafting old articles, and names the URLs that went away (resident: %s)', async (resident) => {
    const done: string[] = []
    let store: ContentStore | undefined
    const memo = resident ? new PlanMemo() : undefined
    const byAge = () => [...articles.keys()].filter((slug) => !articles.get(slug)!.draft).sort((x, y) => articles.get(x)!.date.localeCompare(articles.get(y)!.date))
    const state = path.join(path.dirname(outA), `.${path.basename(outA)}-publish`)
    const publish = async () => {
      const report = await build({ ...options, out: outA, full: false, now, renderers, ...(resident && { store, memo }) })
      store = report.store
      expect(report.ok, done.join(' → ')).toBe(true)
      // The deploy step reads what each publish changed from the release area (scripts/publish/changes.ts).
      const changes = JSON.parse(fs.readFileSync(path.join(state, 'changes', `${path.basename(fs.readlinkSync(outA))}.json`), 'utf8'))
      expect(changes).toMatchObject({ format: 1, full: false, removed: [...report.removed].sort(), changed: [...report.changed].sort() })
      return report
    }
    const [oldest, second, third] = byAge()
    articles.delete(oldest)
    fs.rmSync(path.join(contentDir, 'articles', `${oldest}.md`))
    done.push(`delete ${oldest}`)
    expect((await publish()).removed).toContain(`/articles/${oldest}/`)
    expect(fs.existsSync(path.join(outA, 'articles', oldest))).toBe(false)

    articles.get(second)!.date = stamp(now.getTime() - 3_600_000)
    write(second)
    done.push(`redate ${second} to now`)
    await publish()
    const newest = byAge().at(-1)!
    articles.get(newest)!.date = stamp(BASE - 86_400_000)
    write(newest)
    done.push(`redate ${newest} before all others`)
    await publish()

    articles.get(third)!.draft = true
    write(third)
    done.push(`draft ${third}`)
    const drafted = await publish()
    expect(drafted.removed).toContain(`/articles/${third}/`)
    expect(drafted.rendered, drafted.changed.join(' ')).toBeLessThanOrEqual(25)

    const full = await build({ ...options, out: outB, full: true, now, renderers })
    expect(full.ok).toBe(true)
    expect(differences(snapshot(outA), snapshot(outB)), `after ${done.join(' → ')}`).toEqual([])
    // The search index is not the same files (an update writes a delta), but answers the same.
    expect(await searchAnswers(outA, QUERIES), `after ${done.join(' → ')}`).toEqual(await searchAnswers(outB, QUERIES))
  }, 300_000)

  it('publishes photos through the pipeline: added, replaced and deleted ones reach the site with the next incremental build, each processed once, as a full build has them', async () => {
    const folder = path.join(contentDir, 'images/2026')
    const published = (out: string) => (fs.existsSync(path.join(out, 'images/2026')) ? fs.readdirSync(path.join(out, 'images/2026')).sort() : [])
    const page = () => fs.readFileSync(path.join(outA, 'articles/with-photo/index.html'), 'utf8')
    const photo = (colour: string) => sharp({ create: { width: 900, height: 600, channels: 3, background: colour } }).jpeg().toBuffer()
    const publish = async (processed: number) => {
      const report = await build({ ...options, out: outA, full: false, now, renderers })
      expect(report.ok).toBe(true)
      expect(report.full, 'a photo is content: never a full build').toBe(false)
      // Only the new photo's own work: every other photo comes from the cache.
      expect(report.photos.processed).toBe(processed)
    }
    const sameAsFull = async () => {
      const full = await build({ ...options, out: outB, full: true, now, renderers })
      expect(full.ok).toBe(true)
      expect(full.photos.processed, 'processed once, keyed by its bytes').toBe(0)
      expect(differences(snapshot(outA), snapshot(outB))).toEqual([])
    }

    fs.mkdirSync(folder, { recursive: true })
    fs.writeFileSync(path.join(folder, 'meeting.jpg'), await photo('#a33'))
    articles.set('with-photo', { title: '【测试】带照片的报道', date: stamp(now.getTime() - 7_200_000), category: '关注民生', body: '正文。\n\n![会场](/images/2026/meeting.jpg)' })
    write('with-photo')
    await publish(1)
    const first = published(outA)
    // 828 is left out: within 15% of the photo's own 900.
    expect(first).toEqual(['480.webp', '900.jpg', '900.webp'].map((end) => expect.stringMatching(new RegExp(`^meeting\\.[0-9a-f]{12}\\.${end.replace('.', '\\.')}$`))))
    expect(page()).toContain(`/images/2026/${first[1]}`)
    await sameAsFull()

    // Replaced: new names (a cache never serves the old photo), and the release before keeps its own files.
    const inPreviousRelease = fs.realpathSync(path.join(outA, 'images/2026', first[0]))
    fs.writeFileSync(path.join(folder, 'meeting.jpg'), await photo('#3a3'))
    await publish(1)
    const second = published(outA)
    expect(second).toHaveLength(3)
    expect(second.filter((name) => first.includes(name))).toEqual([])
    expect(page()).toContain(`/images/2026/${second[1]}`)
    expect(fs.existsSync(inPreviousRelease)).toBe(true)
    await sameAsFull()

    // Another photo costs its own work only; a deleted one's files leave the site.
    fs.writeFileSync(path.join(folder, 'other.png'), await sharp(await photo('#33a')).png().toBuffer())
    await publish(1)
    fs.rmSync(path.join(folder, 'meeting.jpg'))
    articles.get('with-photo')!.body = '正文。'
    write('with-photo')
    await publish(0)
    expect(published(outA).filter((name) => name.startsWith('meeting.'))).toEqual([])
    fs.rmSync(path.join(folder, 'other.png'))
    await publish(0)
    expect(fs.existsSync(path.join(outA, 'images/2026'))).toBe(false)
    await sameAsFull()
  }, 240_000)

  it('renders only the pages that show a new article', async () => {
    articles.set('one-more', { title: '【测试】又一篇乡村振兴报道', date: stamp(now.getTime() - 3_600_000), category: '关注民生', body: '又一篇。' })
    write('one-more')
    const report = await build({ ...options, out: outA, full: false, now, renderers })
    expect(report.ok).toBe(true)
    // The article, its older neighbour, home, /articles/, its channel's front page and month, its
    // month and /archive/, two feeds, the sitemap index, two of its parts, the news sitemap; the
    // first article of a month adds the pagers of the months beside it.
    expect(report.rendered).toBeGreaterThanOrEqual(5)
    expect(report.rendered).toBeLessThanOrEqual(17) // a month that starts adds its older neighbour's pager
    expect(report.pages).toBeGreaterThan(60)
  }, 120_000)

  it('leaves none of the renderers it started running, whether it had pages to render or not', async () => {
    const shared = renderersOf(process.pid).sort()
    const settled = async () => {
      for (let tries = 0; tries < 50 && renderersOf(process.pid).length > shared.length; tries++) await new Promise((resolve) => setTimeout(resolve, 100))
      return renderersOf(process.pid).sort()
    }
    const nothing = await build({ ...options, out: outA, full: false, now })
    expect(nothing.ok).toBe(true)
    expect(nothing.rendered).toBe(0)
    expect(await settled()).toEqual(shared)
    articles.set('and-one-more', { title: '【测试】再一篇法治报道', date: stamp(now.getTime() - 7_200_000), category: '关注民生', body: '再一篇。' })
    write('and-one-more')
    const some = await build({ ...options, out: outA, full: false, now })
    expect(some.ok).toBe(true)
    expect(some.rendered).toBeGreaterThan(0)
    expect(await settled()).toEqual(shared)
  }, 120_000)
})

describe('atomic publishing', () => {
  const published = () => ({ target: fs.readlinkSync(outA), home: fs.readFileSync(path.join(outA, 'index.html'), 'utf8') })

  it('keeps the published release and the one before it, and deletes older ones after the build', async () => {
    const state = path.join(path.dirname(outA), `.${path.basename(outA)}-publish`)
    const releases = () => fs.readdirSync(path.join(state, 'releases')).filter((name) => !name.endsWith('.json')).sort()
    for (let i = 0; i < 3; i++) expect((await build({ ...options, out: outA, full: false, now: new Date(now.getTime() + i), renderers })).ok).toBe(true)
    const left = releases()
    expect(left).toHaveLength(2)
    expect(left.at(-1)).toBe(path.basename(fs.readlinkSync(outA)))
    // The older ones went to trash/ in one rename each, and a process of their own deletes them.
    for (let tries = 0; tries < 100 && fs.existsSync(path.join(state, 'trash')); tries++) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(fs.existsSync(path.join(state, 'trash'))).toBe(false)
  }, 120_000)

  it('leaves the published site as it was when site.md has an error', async () => {
    const before = published()
    const site = fs.readFileSync(path.join(contentDir, 'site.md'), 'utf8')
    fs.writeFileSync(path.join(contentDir, 'site.md'), site.replace(/^url: .*$/m, 'url: 不是网址'))
    articles.set('after-site-error', { title: '【测试】网站信息有错时写的文章', date: stamp(now.getTime() - 3_600_000), category: '关注民生', body: '等一等。' })
    write('after-site-error')
    try {
      const report = await build({ ...options, out: outA, full: false, now, renderers })
      expect(report.ok).toBe(false)
      expect(published()).toEqual(before)
    } finally {
      fs.writeFileSync(path.join(contentDir, 'site.md'), site)
    }
  }, 120_000)

  it('holds a broken article back alone: the other changes publish, and it keeps its last good page', async () => {
    const [slug] = [...articles.keys()].filter((s) => s.startsWith('a-') && !articles.get(s)!.draft && !articles.get(s)!.pinned)
    const page = path.join(outA, 'articles', slug, 'index.html')
    const good = fs.readFileSync(page, 'utf8')
    expect(good).toContain(articles.get(slug)!.title)
    // One editor's mistake (a draft with an impossible date) and a file that was never right...
    const file = path.join(contentDir, 'articles', `${slug}.md`)
    const original = fs.readFileSync(file, 'utf8')
    fs.writeFileSync(file, original.replace(/^title: .*$/m, 'title: 【测试】改坏了的标题').replace(/^date: .*$/m, 'date: 2026-13-45\ndraft: true'))
    fs.writeFileSync(path.join(contentDir, 'articles/never-good.md'), '---\ntitle: 从没写对\ndate: 2026-02-30\ncategory: 关注民生\n---\n\n正文\n')
    // ...and another editor's new article.
    articles.set('held-neighbour', { title: '【测试】同一时间的另一篇新闻', date: stamp(now.getTime() - 1_800_000), category: '关注民生', body: '照常发布。' })
    write('held-neighbour')
    const errors: string[] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')))
    try {
      const report = await build({ ...options, out: outA, full: false, now, renderers })
      expect(report.ok).toBe(true)
      expect(report.held?.sort()).toEqual([path.relative(process.cwd(), file), path.relative(process.cwd(), path.join(contentDir, 'articles/never-good.md'))].sort())
      expect(fs.readFileSync(path.join(outA, 'articles/held-neighbour/index.html'), 'utf8')).toContain('同一时间的另一篇新闻')
      expect(fs.readFileSync(page, 'utf8')).toContain(articles.get(slug)!.title)
      expect(fs.readFileSync(page, 'utf8')).not.toContain('改坏了的标题')
      expect(fs.existsSync(path.join(outA, 'articles/never-good/index.html'))).toBe(false)
      // Loudly, with file and line.
      expect(errors.join('\n')).toMatch(new RegExp(`${slug}\\.md:3 {2}date {2}日期不存在:2026-13-45`))
      expect(errors.join('\n')).toMatch(/never-good\.md:3 {2}date/)
    } finally {
      spy.mockRestore()
      fs.writeFileSync(file, original)
      fs.rmSync(path.join(contentDir, 'articles/never-good.md'))
    }
  }, 120_000)

  it('refuses a link, an SVG and a non-image in images/ alone: never published, the articles using them held back, the rest published', async () => {
    const images = path.join(contentDir, 'images')
    fs.mkdirSync(images, { recursive: true })
    fs.symlinkSync('/etc/passwd', path.join(images, 'passwd.jpg'))
    fs.writeFileSync(path.join(images, 'chart.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    fs.writeFileSync(path.join(images, 'notes.jpg'), '会议纪要,不是照片')
    fs.writeFileSync(path.join(contentDir, 'articles/uses-svg.md'), `---\ntitle: 【测试】用了 SVG 的文章\ndate: ${stamp(now.getTime() - 3_600_000)}\ncategory: 关注民生\n---\n\n![统计图](/images/chart.svg)\n`)
    articles.set('beside-refused', { title: '【测试】与拒收文件同时发布的文章', date: stamp(now.getTime() - 1_800_000), category: '关注民生', body: '照常发布。' })
    write('beside-refused')
    const errors: string[] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')))
    try {
      const report = await build({ ...options, out: outA, full: false, now, renderers })
      expect(report.ok).toBe(true)
      expect(fs.readFileSync(path.join(outA, 'articles/beside-refused/index.html'), 'utf8')).toContain('与拒收文件同时发布的文章')
      expect(report.held).toEqual([path.relative(process.cwd(), path.join(contentDir, 'articles/uses-svg.md'))])
      expect(fs.existsSync(path.join(outA, 'articles/uses-svg/index.html'))).toBe(false)
      const printed = errors.join('\n')
      expect(printed).toMatch(/images\/passwd\.jpg {2}图片 {2}这是一个链接/)
      expect(printed).toMatch(/images\/chart\.svg {2}图片 {2}SVG 图片不能发布/)
      expect(printed).toMatch(/images\/notes\.jpg {2}图片 {2}不是图片/)
      // The article names the refused file and why, with its line.
      expect(printed).toMatch(/uses-svg\.md:7 {2}图片 {2}图片 \/images\/chart\.svg 不能发布.*chart\.svg SVG 图片不能发布/)
      const names = fs.readdirSync(outA, { recursive: true }).map(String)
      expect(names.filter((name) => /passwd|chart|notes/.test(name))).toEqual([])
    } finally {
      spy.mockRestore()
      for (const name of ['passwd.jpg', 'chart.svg', 'notes.jpg']) fs.rmSync(path.join(images, name))
      fs.rmSync(path.join(contentDir, 'articles/uses-svg.md'))
    }
  }, 120_000)

  it('npm start publishes an article added while the server was stopped before it serves', async () => {
    articles.set('while-stopped', { title: '【测试】服务器停着时写的文章', date: stamp(now.getTime() - 600_000), category: '关注民生', body: '停机时写的。' })
    write('while-stopped')
    expect(fs.existsSync(path.join(outA, 'articles/while-stopped/index.html'))).toBe(false)
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/server/start.ts', '--dir', outA, '--port', '0', '--host', '127.0.0.1'], {
      cwd: root,
      env: { ...process.env, CONTENT_DIR: contentDir, BUILD_NOW: now.toISOString(), NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stderr!.on('data', (chunk) => (output += chunk))
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (chunk) => {
          output += chunk
          const found = / on (http:\/\/\S+?)\/?\s/.exec(output)
          if (found) resolve(found[1])
        })
        child.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)))
      })
      const response = await fetch(`${url}/articles/while-stopped/`)
      expect(response.status, output).toBe(200)
      expect(await response.text()).toContain('服务器停着时写的文章')
    } finally {
      child.kill('SIGTERM')
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve))
    }
  }, 120_000)

  it('renders a release wholly from its own snapshot of the content, whatever npm run check or a second build does meanwhile', async () => {
    const out = path.join(tmp, 'snapshot/out')
    const slug = 'a-030'
    const entry = articles.get(slug)!
    const title = (version: string) => `【测试】版本${version}的文章`
    entry.title = title('甲')
    write(slug)
    let second: Promise<Awaited<ReturnType<typeof build>>> | undefined
    const said = vi.spyOn(console, 'log')
    onTestFinished(() => said.mockRestore())
    // The renderers' first batch is held until an editor has saved version 乙, `npm run check` has
    // rewritten the content store, and a second build has been started.
    const meddling: Renderers = {
      ...renderers,
      get size() {
        return renderers.size
      },
      warm: (moment) => renderers.warm(moment),
      async render(paths, dir, moment, progress) {
        entry.title = title('乙')
        write(slug)
        updateStore(settingsFromEnv({ ...process.env, CONTENT_DIR: contentDir }), codeHash(root, PARSER_INPUTS))
        second = build({ ...options, out, full: false, now, renderers })
        // The second build has checked nothing yet: it says it waits for this one's lock.
        await until('the second build waits for the lock', () => said.mock.calls.some(([line]) => String(line).includes('另一个构建正在写入')))
        return renderers.render(paths, dir, moment, progress)
      },
    }
    const first = await build({ ...options, out, full: true, now, renderers: meddling })
    expect(first.ok).toBe(true)
    const firstRelease = fs.realpathSync(out)
    const versions = (dir: string) => {
      const seen = new Set<string>()
      for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.html') && !file.endsWith('.xml')) continue
        for (const match of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/版本(甲|乙)的文章/g)) seen.add(match[1])
      }
      return [...seen]
    }
    expect(versions(firstRelease)).toEqual(['甲'])
    // The second build waited for the lock, then published version 乙 throughout.
    expect((await second!)?.ok).toBe(true)
    expect(fs.realpathSync(out)).not.toBe(firstRelease)
    expect(versions(fs.realpathSync(out))).toEqual(['乙'])
  }, 300_000)

  it('leaves the published site whole when npm run build is killed midway; the next build keeps the live release and its predecessor and deletes what the dead one left', async () => {
    const before = published()
    const files = snapshot(outA)
    const state = path.join(path.dirname(outA), `.${path.basename(outA)}-publish`)
    const releases = () => fs.readdirSync(path.join(state, 'releases')).filter((name) => !name.endsWith('.json')).sort()
    // As an operator runs it. The process npm starts for the script is the build itself (no
    // wrapper whose death would leave the real build running, to publish later).
    const npm = spawn('npm', ['run', 'build', '--silent', '--', '--full', '--out', outA], {
      cwd: root,
      env: { ...process.env, CONTENT_DIR: contentDir, BUILD_NOW: now.toISOString() },
    })
    let output = ''
    npm.stderr.on('data', (chunk) => (output += chunk))
    const exited = new Promise<void>((resolve) => npm.on('exit', () => resolve()))
    await new Promise<void>((resolve) => {
      npm.stdout.on('data', (chunk) => {
        output += chunk
        // Killed once it has started writing the new release.
        if (/^plan /m.test(output)) resolve()
      })
      void exited.then(() => resolve())
    })
    expect(output).toMatch(/^plan /m)
    // The outermost process running scripts/publish/build.ts under npm: what `kill` of "the build" hits.
    const builds = processesOf(npm.pid!).filter((pid) => commandOf(pid).includes('scripts/publish/build.ts'))
    expect(builds.length).toBeGreaterThan(0)
    process.kill(builds[0], 'SIGKILL')
    await exited
    // Nothing of it is left running: not the build, and none of its renderers, started or still loading
    // (waited for, however busy the machine: a process that never ends fails on the test's timeout).
    while (builds.some(alive) || builds.some((pid) => renderersOf(pid).length > 0)) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(output).not.toMatch(/^publish /m)
    expect(published()).toEqual(before)
    expect(differences(snapshot(outA), files)).toEqual([])
    const left = releases()
    expect(left.length).toBeGreaterThan(2) // the live one, its predecessor, and the dead build's

    const again = await build({ ...options, out: outA, full: false, now, renderers })
    expect(again.ok).toBe(true)
    // The release it published and the one before it (the live one when it started); the dead build's is gone.
    expect(releases()).toEqual([path.basename(before.target), path.basename(fs.readlinkSync(outA))].sort())
  }, 180_000)
})

/** Waits until `condition` holds (every 100 ms), failing with `what` after `ms`: a bound for a stuck publisher, not a speed target. */
async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 90_000) {
  await vi.waitFor(
    async () => {
      if (!(await condition())) throw new Error(`waited ${ms / 1000} s: ${what}`)
    },
    { timeout: ms, interval: 100 },
  )
}

describe('watch mode under a running server', () => {
  it('publishes a saved article within seconds, and the server answers it fresh to gzip and plain requests alike, search included', async () => {
    const out = path.join(tmp, 'watched/out')
    const builds: boolean[] = []
    const watcher = await startPublisher({ root, out, settings, onPublish: (report) => builds.push(report.ok), log: () => {} })
    await watcher.ready
    const server = await startServer({ dir: out, port: 0, host: '127.0.0.1', search: PATIENT_SEARCH })
    try {
      const get = (url: string, gzip: boolean) => fetch(server.url.replace(/\/$/, '') + url, { headers: { 'accept-encoding': gzip ? 'gzip' : 'identity' } })
      const homeBefore = await (await get('/', true)).text()
      expect((await get('/articles/watched-article/', false)).status).toBe(404)
      // npm start answers /search/?q= from the index of the release it serves: never the one before.
      const searched = async () => /<p class="search-status"[^>]*>([^<]*)</.exec(await (await get(`/search/?q=${encodeURIComponent('几秒内上线')}`, false)).text())?.[1]
      expect(await searched()).toBe('没有找到与“几秒内上线”相关的文章。')

      articles.set('watched-article', { title: '【测试】保存后几秒内上线的文章', date: stamp(Date.now() - 3_600_000), category: '关注民生', body: '监视模式。' })
      write('watched-article')
      const saved = performance.now()
      // The watcher reports the save and the server picks up the new release within its check interval.
      await until('the saved article is served', async () => (await get('/articles/watched-article/', true)).status === 200)
      for (const gzip of [true, false]) {
        const article = await get('/articles/watched-article/', gzip)
        expect(article.status).toBe(200)
        expect(await article.text()).toContain('保存后几秒内上线的文章')
        const home = await (await get('/', gzip)).text()
        expect(home).toContain('保存后几秒内上线的文章')
        expect(home).not.toBe(homeBefore)
      }
      expect(await searched()).toBe('找到 1 篇与“几秒内上线”相关的文章')
      expect(builds.every(Boolean)).toBe(true)
      console.log(`watch: live ${((performance.now() - saved) / 1000).toFixed(1)} s after the save`)

      fs.rmSync(path.join(contentDir, 'articles/watched-article.md'))
      articles.delete('watched-article')
      await until('the deleted article is gone', async () => (await get('/articles/watched-article/', true)).status === 404)
      await until('the home page no longer lists it', async () => !(await (await get('/', false)).text()).includes('保存后几秒内上线的文章'))
      expect(await searched()).toBe('没有找到与“几秒内上线”相关的文章。')
    } finally {
      await server.close()
      await watcher.close()
    }
  }, 180_000)
})

describe('the resident publisher', () => {
  // A content folder of its own: these tests delete and restore it whole.
  const dir = path.join(tmp, 'resident/content')
  const backup = path.join(tmp, 'resident/backup')
  const out = path.join(tmp, 'resident/out')
  const own: Settings = { ...settings, contentDir: dir }
  const lines: string[] = []
  const reports: PublishReport[] = []
  let publisher: Awaited<ReturnType<typeof startPublisher>>
  const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
  const article = (title: string, date = beijing(Date.now() - 3_600_000)) => `---\ntitle: ${title}\ndate: ${date}\ncategory: 关注民生\n---\n\n${title}的正文。\n`
  const file = (slug: string) => path.join(dir, 'articles', `${slug}.md`)
  const page = (slug: string) => {
    try {
      return fs.readFileSync(path.join(out, 'articles', slug, 'index.html'), 'utf8')
    } catch {
      return undefined
    }
  }
  const shows = (slug: string, text: string) => until(`/articles/${slug}/ shows ${text}`, () => page(slug)?.includes(text) ?? false)

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, 'articles'), { recursive: true })
    fs.copyFileSync(path.join(root, 'content/site.md'), path.join(dir, 'site.md'))
    fs.writeFileSync(file('first'), article('【测试】第一篇'))
    publisher = await startPublisher({ root, out, settings: own, log: (line) => lines.push(line), onPublish: (report) => reports.push(report) })
    expect((await publisher.ready).ok).toBe(true)
  }, 180_000)

  afterAll(async () => {
    await publisher?.close()
  })

  it('publishes a file created, edited in place, saved by renaming over it (sed -i, vim, editors) and deleted, each by itself', async () => {
    fs.writeFileSync(file('saved'), article('【测试】新建'))
    await shows('saved', '【测试】新建')
    fs.writeFileSync(file('saved'), article('【测试】原地修改'))
    await shows('saved', '【测试】原地修改')
    // An editor's safe write: a temporary file renamed over the article.
    fs.writeFileSync(path.join(dir, 'articles', '.saved.md.tmp'), article('【测试】改名保存'))
    fs.renameSync(path.join(dir, 'articles', '.saved.md.tmp'), file('saved'))
    await shows('saved', '【测试】改名保存')
    // Node's fs.watch heard nothing of the file after such a save: the next edits were never published.
    fs.writeFileSync(file('saved'), article('【测试】改名后原地修改'))
    await shows('saved', '【测试】改名后原地修改')
    spawnSyncOk('sed', ['-i', 's/改名后原地修改/sed 修改/', file('saved')])
    await shows('saved', '【测试】sed 修改')
    // vim's default: the original renamed to a backup, a new file written, the backup deleted.
    fs.renameSync(file('saved'), `${file('saved')}~`)
    fs.writeFileSync(file('saved'), article('【测试】vim 保存'))
    fs.rmSync(`${file('saved')}~`)
    await shows('saved', '【测试】vim 保存')
    fs.rmSync(file('saved'))
    await until('/articles/saved/ is gone', () => page('saved') === undefined)
    expect(page('first')).toContain('【测试】第一篇')
  }, 180_000)

  it('awaits the publish of a given save and gives its report with the problems', async () => {
    fs.writeFileSync(file('broken'), '---\ntitle: 【测试】坏文件\ndate: 2026-13-45\ncategory: 关注民生\n---\n\n正文。\n')
    const report = await publisher.publish([file('broken')])
    expect(report.problems.map((p) => p.file)).toContain(path.relative(process.cwd(), file('broken')))
    fs.rmSync(file('broken'))
    fs.writeFileSync(file('given'), article('【测试】等待发布'))
    const fixed = await publisher.publish([file('broken'), file('given')])
    expect(fixed.ok).toBe(true)
    expect(page('given')).toContain('【测试】等待发布')
  }, 120_000)

  it('publishes a scheduled article at its time, and drops an article from the news sitemap when its 48 hours end, with nothing saved', async () => {
    // The moment must still be ahead once the save's publish, and the watcher's echo of the same
    // writes, are done: on a busy machine they take longer, so the moment is set further out and the
    // files written again, until nothing but the clock is left to publish them.
    let at = 0
    for (let margin = 6000; ; margin *= 2) {
      at = Date.now() + margin
      fs.writeFileSync(file('scheduled'), article('【测试】定时上线', beijing(at)))
      // Leaves the news sitemap 48 hours after its date, a few seconds from now.
      fs.writeFileSync(file('ageing'), article('【测试】即将过期的新闻', beijing(at - 48 * 3_600_000)))
      const saved = await publisher.publish([file('scheduled'), file('ageing')])
      expect(saved.ok).toBe(true)
      await publisher.idle()
      if (at - Date.now() > margin / 2) break
      expect(margin, 'the publishes of one save took longer than a minute').toBeLessThan(60_000)
    }
    expect(page('scheduled')).toBeUndefined()
    const news = () => fs.readFileSync(path.join(out, 'news-sitemap.xml'), 'utf8')
    expect(news()).toContain('/articles/ageing/')
    expect(publisher.wakeAt?.getTime()).toBe(Math.floor(at / 1000) * 1000)
    const before = reports.length
    await shows('scheduled', '【测试】定时上线')
    await until('the news sitemap drops the article 48 hours after its date', () => !news().includes('/articles/ageing/'))
    // Its report comes once the publish has ended, a moment after the release is switched.
    await until('a publish reported as woken by the clock', () => reports.slice(before).some((r) => r.causes.includes('clock')))
  }, 300_000)

  it('publishes a photo replaced in a folder of photos moved in while it runs', async () => {
    // A folder moved in (or made by mkdir -p): the watcher hears of images/ but not of 2024/ inside it.
    const outside = path.join(tmp, 'resident/dragged')
    fs.mkdirSync(path.join(outside, 'images/2024'), { recursive: true })
    fs.copyFileSync(path.join(root, 'public/logo.png'), path.join(outside, 'images/2024/huiyi.png'))
    fs.renameSync(path.join(outside, 'images'), path.join(dir, 'images'))
    fs.writeFileSync(file('photo'), `${article('【测试】带照片')}\n![会议现场](/images/2024/huiyi.png)\n`)
    const hashOf = () => /\/images\/2024\/huiyi\.([0-9a-f]{12})\.\d+\.webp/.exec(page('photo') ?? '')?.[1]
    await until('the photo article is published', () => hashOf() !== undefined)
    const before = hashOf()
    await publisher.idle()
    fs.copyFileSync(path.join(root, 'public/share.png'), path.join(dir, 'images/2024/huiyi.png'))
    await until('the replaced photo is published', () => hashOf() !== undefined && hashOf() !== before)
    fs.rmSync(file('photo'))
    fs.rmSync(path.join(dir, 'images'), { recursive: true })
    await until('the photo article is gone', () => page('photo') === undefined)
  }, 120_000)

  it('watches the content folder again after it is deleted and made anew (a checkout, a restore), and says so', async () => {
    fs.cpSync(dir, backup, { recursive: true })
    fs.rmSync(dir, { recursive: true, force: true })
    await until('the publisher says the folder is gone', () => lines.some((line) => line.includes('不存在')))
    expect(page('first')).toContain('【测试】第一篇') // the site stays as it was
    fs.cpSync(backup, dir, { recursive: true })
    await until('the publisher says it watches again', () => lines.some((line) => line.includes('已重新出现')))
    await publisher.idle()
    fs.writeFileSync(file('after'), article('【测试】目录重建之后'))
    await shows('after', '【测试】目录重建之后')
    fs.rmSync(backup, { recursive: true, force: true })
  }, 120_000)
})

function spawnSyncOk(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`)
}
