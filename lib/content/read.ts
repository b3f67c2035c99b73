import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { imageSize } from 'image-size'
import type { ImageSize } from '../markdown'
import type { Settings } from '../settings'
import { decodeUtf8, NOT_UTF8 } from './front-matter'
import { contentImagesDir, type PhotoPlan, photoFileFor, scanPhotos, type StoredPhoto } from './images'
import { type ImageLookup, type ParsedFile, parseArticle, parseSite, strayEntry, type TimedProblem } from './parse'
import type { ContentProblem } from './problems'
import { readStoreFile, shardDirFor, writeStoreFile } from './store-file'
import { similarTags } from './tags'
import type { Article, ParsedArticle, Site } from './types'

// The only code that reads the content folder. It parses a file again only when it changed since
// the store it is given (name, size and modification time, then a hash of its bytes), when an
// image it uses changed, or when site.md or the settings changed; everything else is reused.

// 4: image stamps cover both folders an image may be in (content/images/, public/); articles
// carry pinned, updated, correction and tags; stored files their timed problems and tags line.
// 5: stored files keep their last good parse (lastGood), published while the file is broken.
// 6: the photos of content/images/, checked, with their published files (lib/content/images.ts).
// 7: a refused file in images/ no longer stops everything (`refused`): it holds back the articles using it.
// 8: saved as a head and shards (lib/content/store-file.ts), not one file.
// 9: stored files keep a digest of their article (articleDigest), so a build hashes no unchanged article.
const STORE_VERSION = 9
// How close to a read a file's modification time must be for its size and time not to be trusted.
export const RACY_MS = 2000

/** A local image an article uses, as it was when the article was parsed. */
interface ImageStamp {
  file: string
  /** `size:mtime`, or `-` when the file was missing. */
  stamp: string
}

/** What the store keeps of one file in articles/. */
export interface StoredFile {
  size: number
  mtimeMs: number
  /** sha1 of the bytes, so a touched but unchanged file is not parsed again. */
  hash: string
  problems: ContentProblem[]
  warnings: ContentProblem[]
  /** Problems that hold until a moment: applied when the folder is read before it. */
  until: TimedProblem[]
  /** The line of the `tags` field, for warnings that compare tags across files. */
  tagsLine?: number
  images: ImageStamp[]
  /** Dates are ISO strings in the saved store. */
  article?: ParsedArticle
  /** sha1 of `article`'s JSON, taken when it was parsed: see articleDigest. */
  digest?: string
  /**
   * While the file has problems: the article as it last parsed without any, which stays published
   * until the file is fixed (one editor's mistake holds back that article alone).
   */
  lastGood?: ParsedArticle
}

/** The content store: every file's parse result, keyed by its name in articles/. */
export interface ContentStore {
  version: number
  /** The settings and folder the results were made with; any difference means parse everything. */
  key: string
  site?: Site
  siteHash: string
  /** Every problem of the folder when it was read. */
  problems: ContentProblem[]
  /** The problems among them that stop the whole build (site.md's); the others hold back their file alone. */
  blocking: ContentProblem[]
  /** The files of images/ refused (after `blocking` in `problems`): never published; the articles using them are held back. */
  refused?: ContentProblem[]
  files: Record<string, StoredFile>
  /** Every file of content/images/, checked: what the build publishes (lib/content/images.ts). */
  photos: Record<string, StoredPhoto>
  /** Entries of articles/ that are not stored articles (stray files, folders, broken links): looked at again on every read. */
  others?: string[]
  /** When the folder was read (ms since 1970): a file changed close to it may keep its size and time. */
  readAt?: number
}

export interface ContentReport {
  /** Valid articles (all of them, drafts and scheduled included), newest first. */
  articles: Article[]
  site?: Site
  /** Every article entry checked (`articles/*.md`), valid or not, relative to the working directory. */
  files: string[]
  /** Every mistake: `npm run check` fails on any. */
  problems: ContentProblem[]
  /**
   * The mistakes that stop the whole build: those outside article files (site.md). A mistake in an
   * article file holds back that file alone (see `held`).
   */
  blocking: ContentProblem[]
  /** Article files held back by their mistakes, each with them; the site keeps their last good version, if any. */
  held: HeldFile[]
  /** Files of images/ the site refuses (a link, an SVG, not a photo…), each with why: never published, and the articles using them are held back. */
  refused: ContentProblem[]
  /** Things an editor should look at that do not stop the build. */
  warnings: ContentProblem[]
}

/** An article file that has mistakes: it is not published as it is now. */
export interface HeldFile {
  file: string
  slug: string
  problems: ContentProblem[]
  /** Whether an earlier, good version of it stays published meanwhile. */
  keptVersion: boolean
}

export interface ReadResult {
  report: ContentReport
  store: ContentStore
  /** How many article files were parsed this time (the rest came from the store). */
  parsed: number
}

const relative = (file: string) => path.relative(/* turbopackIgnore: true */ process.cwd(), file) || file
const sha1 = (bytes: Uint8Array | string) => createHash('sha1').update(bytes).digest('hex')
const stampOf = (stat: fs.Stats | undefined) => (stat ? `${stat.size}:${stat.mtimeMs}` : '-')

const newestFirst = (a: Article, b: Article) => b.date.getTime() - a.date.getTime() || a.slug.localeCompare(b.slug)

/**
 * The files an image URL may be, in the order that decides: `/images/…` in `<contentDir>/images/`
 * first, then the same path under `publicDir`. Undefined for anything that is not a local path or
 * whose `..` would leave its folder.
 */
function candidates(url: string, publicDir: string, contentDir?: string): string[] | undefined {
  if (!url.startsWith('/') || url.startsWith('//')) return undefined
  let local: string
  try {
    local = decodeURIComponent(url.split(/[?#]/)[0])
  } catch {
    return undefined
  }
  const inside = (folder: string, file: string) => (file.startsWith(folder + path.sep) ? [file] : [])
  // In the content folder no link is followed, at any depth (photoFileFor): nothing from outside it is published.
  const photo = contentDir ? photoFileFor(contentDir, local) : undefined
  const files = [
    ...(photo ? [photo] : []),
    ...inside(publicDir, path.join(/* turbopackIgnore: true */ publicDir, local)),
  ]
  return files.length > 0 ? files : undefined
}

const isFile = (file: string) => fs.statSync(/* turbopackIgnore: true */ file, { throwIfNoEntry: false })?.isFile() ?? false

/**
 * The file a local image URL is served from (`<contentDir>/images/` before `publicDir`), or
 * undefined when there is none: what `npm run dev` answers `/images/…` with.
 */
export function imageFile(url: string, settings: Pick<Settings, 'contentDir' | 'publicDir'>): string | undefined {
  return candidates(url, settings.publicDir, settings.contentDir)?.find(isFile)
}

/** A local image's file and bytes, found as imageFile finds it; undefined when there is none or it cannot be read. */
export function readImage(url: string, settings: Pick<Settings, 'contentDir' | 'publicDir'>): { file: string; bytes: Buffer } | undefined {
  const file = imageFile(url, settings)
  if (!file) return undefined
  try {
    return { file, bytes: fs.readFileSync(/* turbopackIgnore: true */ file) }
  } catch {
    return undefined
  }
}

/**
 * Local image lookups: `/images/…` in `<contentDir>/images/` first, then in `publicDir` (without
 * `contentDir`, public/ alone). Remembers every file it looked at, found or not, so the store
 * parses an article again when one of its images appears, changes or goes, in either folder.
 */
export function imageLookup(
  publicDir: string,
  contentDir?: string,
  photos: Record<string, StoredPhoto> = {},
): ImageLookup & { stamps: (urls: string[]) => ImageStamp[] } {
  const photoRoot = contentDir && contentImagesDir(contentDir) + path.sep
  const sizes = new Map<string, ImageSize | undefined>()
  const used = new Map<string, string>()
  const look = (url: string) => {
    const files = candidates(url, publicDir, contentDir) ?? []
    for (const file of files) {
      if (!used.has(file)) used.set(file, stampOf(fs.statSync(/* turbopackIgnore: true */ file, { throwIfNoEntry: false })))
    }
    return files.filter((file) => used.get(file) !== '-')
  }
  const size = (url: string) => {
    // The first file that exists is the one published, readable or not (the build copies it over public/'s).
    const file = look(url)[0]
    if (!file) return undefined
    if (photoRoot && file.startsWith(photoRoot)) {
      // A photo of content/images/ is published as the check planned it, upright; a refused one is not published.
      const plan: PhotoPlan | undefined = photos[file.slice(photoRoot.length).split(path.sep).join('/')]?.plan
      return plan && { width: plan.width, height: plan.height, photo: plan }
    }
    if (!sizes.has(file)) {
      let found: ImageSize | undefined
      try {
        const { width, height } = imageSize(fs.readFileSync(/* turbopackIgnore: true */ file))
        if (width && height) found = { width, height }
      } catch {
        found = undefined
      }
      sizes.set(file, found)
    }
    return sizes.get(file)
  }
  const shadowed = (url: string) => {
    const found = look(url)
    return found.length > 1 ? relative(found[1]) : undefined
  }
  const stamps = (urls: string[]) =>
    [...new Set(urls.flatMap((url) => candidates(url, publicDir, contentDir) ?? []))].map((file) => ({ file, stamp: used.get(file) ?? '-' }))
  const refused = (url: string) => {
    const file = look(url)[0]
    if (!photoRoot || !file?.startsWith(photoRoot)) return undefined
    const problem = photos[file.slice(photoRoot.length).split(path.sep).join('/')]?.problem
    return problem ? { file: relative(file), message: problem } : undefined
  }
  return { size, shadowed, refused, folder: relative(contentDir ? contentImagesDir(contentDir) : path.join(/* turbopackIgnore: true */ publicDir, 'images')), stamps }
}

const imagesUnchanged = (images: ImageStamp[]) =>
  images.every(({ file, stamp }) => stampOf(fs.statSync(/* turbopackIgnore: true */ file, { throwIfNoEntry: false })) === stamp)

/** A stored article with its date back as a Date (the saved store holds ISO strings). */
const revive = (article: ParsedArticle): ParsedArticle =>
  article.date instanceof Date
    ? article
    : {
        ...article,
        date: new Date(article.date as unknown as string),
        ...(article.updated && { updated: new Date(article.updated as unknown as string) }),
      }

/** The part of the settings that parse results depend on, and the version of the code that parsed them. */
const storeKey = (settings: Settings, parser: string) =>
  JSON.stringify([STORE_VERSION, parser, settings.contentDir, /* turbopackIgnore: true */ process.cwd(), settings.siteUrl ?? '', settings.publicDir])

/**
 * Reads and validates the content folder, reusing `previous` results for files that did not
 * change and were parsed by the same `parser` (a hash of the parsing code, so a fix to a message
 * reaches every file). Never throws for content: every problem is collected in the report.
 */
export function readContent(settings: Settings, previous?: ContentStore, now = settings.now ?? new Date(), parser = '', changed?: ReadonlySet<string>): ReadResult {
  const { contentDir: dir } = settings
  // Taken before any file is looked at: a file saved during the read counts as saved after it.
  const readAt = Date.now()
  const key = storeKey(settings, parser)
  const reusable = previous && previous.version === STORE_VERSION && previous.key === key ? previous : undefined
  const problems: ContentProblem[] = []
  const warnings: ContentProblem[] = []

  const siteFile = path.join(/* turbopackIgnore: true */ dir, 'site.md')
  let site: Site | undefined
  let siteHash = '-'
  if (!fs.existsSync(/* turbopackIgnore: true */ siteFile)) {
    problems.push({ file: relative(siteFile), field: '文件', message: `找不到网站信息文件 site.md(内容目录:${relative(dir) || '.'})` })
  } else {
    const bytes = fs.readFileSync(/* turbopackIgnore: true */ siteFile)
    siteHash = sha1(bytes)
    const raw = decodeUtf8(bytes)
    const parsed = raw === undefined ? [{ file: relative(siteFile), ...NOT_UTF8 }] : parseSite(relative(siteFile), raw, settings.siteUrl)
    if (Array.isArray(parsed)) problems.push(...parsed)
    else site = parsed
  }
  // Problems so far are site.md's: they stop everything. Those of article files hold back their file.
  const siteProblems = problems.length
  // Photos first: an article's images are looked up in what the check accepted. A refused file in
  // images/ (a link, a script, a file that is no photo) is never published nor read through a link;
  // it holds back only the articles that use it (their lookup names it and says why), as one
  // editor's mistake must never block another editor's article.
  const scanned = scanPhotos(dir, reusable?.photos)
  problems.push(...scanned.problems)
  // Every article's channel and messages depend on site.md: a new site.md means parse everything.
  const reuse = reusable && reusable.siteHash === siteHash ? reusable.files : {}
  // Last good versions outlive any change of code, settings or site.md (a broken file must not
  // drop off the site because something else changed meanwhile); their channel is checked below.
  const carried = previous?.version === STORE_VERSION ? previous.files : {}
  const goodBefore = (name: string) => {
    const before = carried[name]
    return before && (goodNow(before, now) ?? before.lastGood)
  }

  const articlesDir = path.join(/* turbopackIgnore: true */ dir, 'articles')
  // A caller that learns of changes from a file watcher names the entries of articles/ that changed
  // (`changed`): every other entry is taken from the store as it is, without a stat, so a save costs
  // the same at 20,000 articles as at one. Only with a store of the same site.md and parser.
  const known = changed && reusable && reusable.siteHash === siteHash ? reusable.files : undefined
  // Dotfiles (.gitkeep, .DS_Store) and `_` names (an editor's notes) are not articles, by design.
  const names = (
    known
      ? [...new Set([...Object.keys(known), ...(reusable!.others ?? []), ...changed!])].filter(
          // An entry the watcher named, or one that was no article, may be gone (lstat: a broken link is an entry).
          (name) => (name in known && !changed!.has(name)) || fs.lstatSync(/* turbopackIgnore: true */ path.join(articlesDir, name), { throwIfNoEntry: false }) !== undefined,
        )
      : fs.existsSync(/* turbopackIgnore: true */ articlesDir)
        ? fs.readdirSync(/* turbopackIgnore: true */ articlesDir)
        : []
  )
    .filter((name) => !name.startsWith('.') && !name.startsWith('_'))
    .sort()
  const files: string[] = []
  const stored: Record<string, StoredFile> = {}
  let parsedCount = 0
  const images = imageLookup(settings.publicDir, dir, scanned.photos)
  /** A file that cannot be read at all: held back, with its last good version kept. */
  const unreadable = (name: string, problem: ContentProblem) => {
    problems.push(problem)
    const lastGood = goodBefore(name)
    stored[name] = { size: -1, mtimeMs: -1, hash: '', problems: [problem], warnings: [], until: [], images: [], ...(lastGood && { lastGood }) }
  }
  for (const name of names) {
    const full = path.join(/* turbopackIgnore: true */ articlesDir, name)
    const file = relative(full)
    // An entry that could not be read (size -1) is looked at again.
    const kept = known && !changed!.has(name) && known[name]?.size >= 0 ? known[name] : undefined
    if (kept) {
      files.push(file)
      stored[name] = kept
      problems.push(...kept.problems)
      for (const timed of kept.until) if (now.getTime() < Date.parse(timed.until)) problems.push(timed.problem)
      warnings.push(...kept.warnings)
      continue
    }
    let stat: fs.Stats
    try {
      stat = fs.statSync(/* turbopackIgnore: true */ full)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      files.push(file)
      unreadable(name, {
        file,
        field: '文件',
        message:
          code === 'ENOENT'
            ? '这是一个指向不存在文件的链接(快捷方式):请删除它,或换成真正的文章文件'
            : `无法读取这个文件(${code ?? error}):请检查文件的读取权限`,
      })
      continue
    }
    if (!stat.isDirectory() || name.endsWith('.md')) files.push(file)
    if (!name.endsWith('.md')) {
      // A file that is not `.md` would silently never appear on the site: an error, so it is noticed.
      ;(stat.isDirectory() ? warnings : problems).push({ file, field: '文件名', message: strayEntry(name, stat.isDirectory(), images.folder) })
      continue
    }
    if (stat.isDirectory()) {
      problems.push({ file, field: '文件', message: '这是一个文件夹,不是文章文件:请删除它或改名(名字以 .md 结尾的只能是文章文件)' })
      continue
    }
    let entry = reuse[name]
    // Size and time alone are trusted only for a file last changed well before the store was read:
    // a save within the same tick of a coarse file-system clock keeps both (git's "racy clean"), and
    // a file the watcher named is compared by its bytes too. Either costs one read and one hash.
    const trusted = entry && reusable?.readAt !== undefined && entry.mtimeMs < reusable.readAt - RACY_MS && !changed?.has(name)
    const same = trusted && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs && imagesUnchanged(entry.images)
    if (!same) {
      let bytes: Buffer
      try {
        bytes = fs.readFileSync(/* turbopackIgnore: true */ full)
      } catch (error) {
        unreadable(name, { file, field: '文件', message: `无法读取这个文件(${(error as NodeJS.ErrnoException).code ?? error}):请检查文件的读取权限` })
        continue
      }
      const hash = sha1(bytes)
      if (entry && entry.hash === hash && imagesUnchanged(entry.images)) {
        entry = { ...entry, size: stat.size, mtimeMs: stat.mtimeMs }
      } else {
        const raw = decodeUtf8(bytes)
        const result: ParsedFile =
          raw === undefined ? { problems: [{ file, ...NOT_UTF8 }], warnings: [], images: [] } : parseArticle(file, raw, site, images)
        parsedCount++
        entry = {
          size: stat.size,
          mtimeMs: stat.mtimeMs,
          hash,
          problems: result.problems,
          warnings: result.warnings,
          until: result.until ?? [],
          tagsLine: result.tagsLine,
          images: images.stamps(result.images.map(({ url }) => url)),
          article: result.article,
          ...(result.article && { digest: sha1(JSON.stringify(result.article)) }),
        }
      }
    }
    // Whatever this parse says, the version before it that was good stays on hand. An entry that
    // did not change stays the very object it was (the store's file keeps its shard: store-file.ts).
    const lastGood = goodNow(entry, now) ? undefined : (goodBefore(name) ?? entry.lastGood)
    if (lastGood !== entry.lastGood) {
      entry = { ...entry, lastGood }
      if (!lastGood) delete entry.lastGood
    }
    stored[name] = entry
    problems.push(...entry.problems)
    for (const timed of entry.until) if (now.getTime() < Date.parse(timed.until)) problems.push(timed.problem)
    warnings.push(...entry.warnings)
  }
  warnings.push(...similarTags(Object.values(stored).flatMap((e) => (e.article ? [{ file: e.article.file, tags: e.article.tags, line: e.tagsLine }] : []))))
  const others = names.filter((name) => !(name in stored))
  const store: ContentStore = {
    version: STORE_VERSION,
    key,
    site,
    siteHash,
    problems,
    blocking: problems.slice(0, siteProblems),
    refused: scanned.problems,
    files: stored,
    photos: scanned.photos,
    others,
    readAt,
  }
  const { articles, held, blocking } = published(store, now)
  return { report: { site, articles, files, problems, blocking, held, refused: scanned.problems, warnings }, store, parsed: parsedCount }
}

/** The parse of a file that may be published at `now`: it has no problems, and no timed one still holds. */
function goodNow(entry: StoredFile, now: Date): ParsedArticle | undefined {
  if (!entry.article || entry.problems.length > 0) return undefined
  return entry.until.every((timed) => now.getTime() >= Date.parse(timed.until)) ? entry.article : undefined
}

/**
 * What a store publishes at `now`: each file's good parse, or, while it has problems, its last good
 * one (in a channel that still exists); the files held back; and the problems that stop everything
 * (those of files that are not article entries: site.md).
 */
function published(store: ContentStore, now: Date): { articles: Article[]; held: HeldFile[]; blocking: ContentProblem[] } {
  const articles: Article[] = []
  const blocking = store.blocking ?? []
  const byFile = new Map<string, ContentProblem[]>()
  // The blocking problems come first in the list, then the refused files of images/ (not articles).
  for (const problem of store.problems.slice(blocking.length + (store.refused?.length ?? 0))) byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem])
  const kept = new Set<string>()
  for (const entry of Object.values(store.files)) {
    const good = goodNow(entry, now)
    let article = good
    if (!good && entry.lastGood && store.site) {
      // A kept version goes on in its channel only while that channel exists (by its web name).
      const channel = store.site.channels.find((c) => c.slug === entry.lastGood!.channel.slug)
      if (channel) article = { ...entry.lastGood, channel }
    }
    if (!article) continue
    if (!good) kept.add(article.file)
    articles.push(publishedArticle(good ?? entry.lastGood!, article.channel, now, good && entry.digest))
  }
  const held = [...byFile].map(([file, problems]) => ({
    file,
    slug: path.basename(file).replace(/\.md$/, ''),
    problems,
    keptVersion: kept.has(file),
  }))
  return { articles: articles.sort(newestFirst), held, blocking }
}

/**
 * The same Article object for the same stored parse, channel and schedule, publish after publish:
 * a resident publisher keeps its store, and what it works out per article (a page's key, the
 * search document's) is remembered by the object, so an unchanged article costs nothing to plan.
 */
const publishedMemo = new WeakMap<ParsedArticle, Article[]>()
function publishedArticle(parsed: ParsedArticle, channel: Article['channel'], now: Date, stored?: string): Article {
  const scheduled = new Date(parsed.date).getTime() > now.getTime()
  const known = publishedMemo.get(parsed) ?? []
  let article = known.find((a) => a.channel === channel && a.scheduled === scheduled)
  if (!article) {
    article = { ...revive(parsed), channel, scheduled }
    if (stored && !parsedDigests.has(parsed)) parsedDigests.set(parsed, stored)
    // The article's JSON is its parse's with `channel` set and `scheduled` added: all three decide it.
    articleDigests.set(article, sha1(`${parsedDigest(parsed)}:${channelJson(channel)}:${scheduled}`))
    // A scheduled and a published version, and a kept version's channel after a site.md change or two.
    publishedMemo.set(parsed, [article, ...known.slice(0, 3)])
  }
  return article
}

// Digests of articles, so that hashing a view that holds an article (its page's: body and all)
// does not hash the article's text again in every build: an article's digest is taken once, when
// its file is parsed, and kept in the store (StoredFile.digest), so a cold build at 20,000 articles
// hashes none of the unchanged ones. Kept by object: only Articles made here have one.
const parsedDigests = new WeakMap<ParsedArticle, string>()
const articleDigests = new WeakMap<object, string>()
const channelJsons = new WeakMap<Article['channel'], string>()
const channelJson = (channel: Article['channel']) => {
  let json = channelJsons.get(channel)
  if (json === undefined) channelJsons.set(channel, (json = JSON.stringify(channel)))
  return json
}
const parsedDigest = (parsed: ParsedArticle) => {
  let digest = parsedDigests.get(parsed)
  if (digest === undefined) parsedDigests.set(parsed, (digest = sha1(JSON.stringify(parsed))))
  return digest
}

/**
 * A digest of an article made by the content package: two articles with the same digest have the
 * same JSON (every field, body included). Undefined for any other value (an article built by hand
 * in a test, a copy): hash its JSON instead.
 */
export const articleDigest = (value: object): string | undefined => articleDigests.get(value)

/** Reads a saved store; undefined when there is none or it cannot be read. */
export function loadStore(file: string): ContentStore | undefined {
  const store = readStoreFile(file)
  return store?.version === STORE_VERSION ? store : undefined
}

/**
 * Saves the store: only the shards whose entries changed since it was loaded, then its head, renamed
 * into place, so a reader never sees half a store (lib/content/store-file.ts). `shardDir` is where
 * the shards of the store's shared file live (a build's snapshot names the shared shards). Not
 * synced to disk: the store is a cache that the next check rebuilds.
 */
export function saveStore(file: string, store: ContentStore, shardDir = shardDirFor(file)): void {
  writeStoreFile(file, store, shardDir)
}

/**
 * What a store publishes at `now`, newest first (a broken file's last good version in its place),
 * with the files held back and the problems that stop the whole build.
 */
export function storedContent(store: ContentStore, now: Date): { articles: Article[]; held: HeldFile[]; blocking: ContentProblem[] } {
  return published(store, now)
}

/** The articles a store publishes at `now`, with `scheduled` decided at `now`, newest first. */
export function storedArticles(store: ContentStore, now: Date): Article[] {
  return published(store, now).articles
}

/** Where the store of a content folder is kept between runs (check, build, watch). */
export const storeFileFor = (settings: Settings) =>
  path.resolve(/* turbopackIgnore: true */ 'node_modules/.cache/lzfzw', `store-${sha1(settings.contentDir).slice(0, 12)}.json`)

/** Reads the folder against its saved store and saves the result: what `npm run check` and the build do. */
export function updateStore(
  settings: Settings,
  parser: string,
  file = storeFileFor(settings),
  now?: Date,
  /** A resident publisher's store in memory and the entries of articles/ its watcher saw change (see readContent). */
  resident?: { store?: ContentStore; changed?: ReadonlySet<string> },
  /** Where the shards go: a build's snapshot of the store names the shared store's (see saveStore). */
  shardDir = shardDirFor(file),
): ReadResult & { file: string } {
  const result = readContent(settings, resident?.store ?? loadStore(file), now, parser, resident?.store ? resident.changed : undefined)
  saveStore(file, result.store, shardDir)
  return { ...result, file }
}
