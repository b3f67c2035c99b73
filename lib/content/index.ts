import fs from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import { ARTICLE_FIELDS, ArticleFrontMatter, FIELD_ALIASES, isSlug, SITE_FIELDS, SiteFrontMatter } from './schema'
import { readSnapshot } from './snapshot'
import { decodeUtf8, NOT_UTF8, splitFrontMatter } from './front-matter'
import { imageSize } from 'image-size'
import { type ImageSize, renderMarkdown } from '../markdown'
import { ContentError, type ContentProblem, nearest } from './problems'
import type { Article, Content, LoadOptions, Neighbours, Site } from './types'

export type { Article, Channel, Content, LoadOptions, Neighbours, Site } from './types'
export { ContentError, formatLocation, formatProblem, type ContentProblem } from './problems'
export { ARTICLE_FIELDS, isSlug } from './schema'
export { saveSnapshot } from './snapshot'

/** The content folder: `CONTENT_DIR` if set, else `content/` in the working directory. */
export const contentDir = () => path.resolve(process.env.CONTENT_DIR || 'content')

const relative = (file: string) => path.relative(process.cwd(), file) || file

/**
 * Reads a file as UTF-8 text, or undefined when it is in another encoding; logs the read when
 * `CONTENT_READ_LOG` names a file (to prove one read per build).
 */
function readText(file: string): string | undefined {
  const text = decodeUtf8(fs.readFileSync(file))
  if (process.env.CONTENT_READ_LOG) fs.appendFileSync(process.env.CONTENT_READ_LOG, `${process.pid} ${file}\n`)
  return text
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const depthOf = (line: string) => line.search(/\S/)

/**
 * 1-based line of a field inside the front matter, for pointing an editor at it: `title`, or a path
 * into lists and maps such as `channels.1.slug`. Falls back to the deepest part it could find.
 */
function lineOfField(text: string, fieldPath: string | readonly PropertyKey[]): number | undefined {
  const keys = typeof fieldPath === 'string' ? [fieldPath] : fieldPath
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---')
  let [from, to] = [1, close < 0 ? lines.length : close]
  let found: number | undefined
  for (const key of keys) {
    const pattern = typeof key === 'number' ? /^\s*- / : new RegExp(`^\\s*(?:- )?${escapeRegExp(String(key))}\\s*:`)
    const matches: number[] = []
    for (let i = from; i < to; i++) if (pattern.test(lines[i])) matches.push(i)
    // Top-level fields start at column 0; a missing one must not be found inside a list below.
    const depth = found === undefined ? 0 : Math.min(...matches.map((i) => depthOf(lines[i])))
    const shallowest = matches.filter((i) => depthOf(lines[i]) === depth)
    const hit = typeof key === 'number' ? shallowest[key] : shallowest[0]
    if (hit === undefined) break
    found = hit + 1
    let end = hit + 1
    while (end < to && (lines[end].trim() === '' || depthOf(lines[end]) > depth)) end++
    ;[from, to] = [typeof key === 'number' ? hit : hit + 1, end]
  }
  return found
}

/** Turns zod's issues into problems located at their field's line. */
function problemsFrom(error: z.ZodError, file: string, text: string, fields: readonly string[]): ContentProblem[] {
  return error.issues.flatMap((issue): ContentProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.map(String).join('.')
      const known = prefix ? [] : fields
      return issue.keys.map((key) => {
        const alias = FIELD_ALIASES[key]
        const guess = known.length > 0 ? (alias && known.includes(alias) ? alias : nearest(key, known)) : undefined
        return {
          file,
          line: lineOfField(text, [...issue.path, key]),
          field: prefix ? `${prefix}.${key}` : key,
          message:
            `未知字段 ${key}${guess ? `,是否应为 ${guess}?` : ''}` +
            (known.length > 0 ? `(可用字段:${known.join('、')})` : '(请删掉这一行,或检查拼写)'),
        }
      })
    }
    const field = issue.path.map(String).join('.') || '前言'
    return [{ file, line: issue.path.length > 0 ? lineOfField(text, issue.path) : undefined, field, message: issue.message }]
  })
}

/** Suggests a valid file name for one that is not a slug. */
function suggestSlug(name: string): string {
  const ascii = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return ascii ? `建议改名为 ${ascii}.md` : '可用拼音、英文或日期命名,如 loudi-zhucun.md 或 2023-01-07-1.md'
}

/** Parses and validates site.md; `SITE_URL` overrides its url. */
export function parseSite(file: string, raw: string): Site | ContentProblem[] {
  const split = splitFrontMatter(raw)
  if ('problem' in split) return [{ file, ...split.problem }]
  const result = SiteFrontMatter.safeParse(split.data)
  if (!result.success) return problemsFrom(result.error, file, raw, SITE_FIELDS)
  const url = (process.env.SITE_URL || result.data.url).replace(/\/+$/, '')
  return { ...result.data, url }
}

/**
 * Where local images live: `/images/x.jpg` in Markdown is `public/images/x.jpg`. `PUBLIC_DIR` is for
 * tests of the check only: Next always serves the project's own `public/`.
 */
const publicDir = () => path.resolve(process.env.PUBLIC_DIR || 'public')
const imageSizes = new Map<string, ImageSize | undefined>()

/** The size of a local image (`/images/x.jpg`), or undefined when it is missing or unreadable. */
function localImageSize(url: string): ImageSize | undefined {
  if (!url.startsWith('/') || url.startsWith('//')) return undefined
  let pathname: string
  try {
    pathname = decodeURIComponent(url.split(/[?#]/)[0])
  } catch {
    return undefined
  }
  const file = path.join(publicDir(), pathname)
  if (!file.startsWith(publicDir() + path.sep)) return undefined // `..` may not leave public/
  if (!imageSizes.has(file)) {
    let size: ImageSize | undefined
    try {
      const { width, height } = imageSize(fs.readFileSync(file))
      if (width && height) size = { width, height }
    } catch {
      size = undefined
    }
    imageSizes.set(file, size)
  }
  return imageSizes.get(file)
}

const describe = (summary: string | undefined, text: string) =>
  summary ?? (text.length > 120 ? text.slice(0, 120) + '…' : text)

/**
 * Parses and validates one article file; pure apart from reading image sizes. Without a site (its
 * site.md is broken) the category is not checked and only problems are returned.
 */
export function parseArticle(
  file: string,
  raw: string,
  site: Site | undefined,
  now: Date,
): Article | ContentProblem[] {
  const problems: ContentProblem[] = []
  const slug = path.basename(file, '.md')
  if (!isSlug(slug)) {
    problems.push({
      file,
      field: '文件名',
      message: `文件名「${slug}.md」不能用作网址:只能用小写字母、数字和连字符(不能有中文、大写字母、空格或下划线)。${suggestSlug(slug)}`,
    })
  }
  const split = splitFrontMatter(raw)
  if ('problem' in split) return [...problems, { file, ...split.problem }]

  const result = ArticleFrontMatter.safeParse(split.data)
  if (!result.success) problems.push(...problemsFrom(result.error, file, raw, ARTICLE_FIELDS))

  const category = result.success ? result.data.category : undefined
  const channel = category && site?.channels.find((c) => c.slug === category || c.name === category)
  if (category && site && !channel) {
    const guess = nearest(category, site.channels.map((c) => c.name))
    problems.push({
      file,
      line: lineOfField(raw, 'category'),
      field: 'category',
      message:
        `栏目不存在:${category}${guess ? `,是否应为 ${guess}?` : ''}` +
        `(现有栏目:${site.channels.map((c) => `${c.name}(${c.slug})`).join('、')};写栏目名称或括号里的网址名均可)`,
    })
  }

  // Body lines are counted from the file's first line, so messages point at the right place.
  const { html, text, images } = renderMarkdown(split.body, { imageSize: localImageSize })
  for (const image of images) {
    const line = image.line && image.line + split.bodyOffset
    if (!image.alt.trim()) {
      problems.push({ file, line, field: '图片', message: `图片 ${image.url} 缺少说明文字:应写成 ![图片说明](${image.url})` })
    }
    if (!image.url.startsWith('/') || image.url.startsWith('//')) {
      problems.push({
        file,
        line,
        field: '图片',
        message: `图片 ${image.url} 不是本站图片:请把图片放进 public/images/ 文件夹,再写成 ![图片说明](/images/文件名.jpg)`,
      })
    } else if (!localImageSize(image.url)) {
      problems.push({
        file,
        line,
        field: '图片',
        message: `图片文件不存在或无法读取:${image.url}(应放在 ${relative(publicDir())}${image.url.split(/[?#]/)[0]},文件名的大小写也要一致)`,
      })
    }
  }
  if (!result.success || !channel || problems.length > 0) return problems
  const { draft, summary, date, ...fields } = result.data
  return {
    ...fields,
    slug,
    file,
    date,
    summary,
    channel,
    draft,
    scheduled: date.getTime() > now.getTime(),
    html,
    description: describe(summary, text),
  }
}

const newestFirst = (a: Article, b: Article) => b.date.getTime() - a.date.getTime() || a.slug.localeCompare(b.slug)

export interface ContentReport {
  /** Valid articles (all of them, drafts and scheduled included), newest first. */
  articles: Article[]
  site?: Site
  /** Every article entry checked (`articles/*.md`), valid or not, relative to the working directory. */
  files: string[]
  /** Mistakes that stop the build. */
  problems: ContentProblem[]
  /** Things an editor should look at that do not stop the build. */
  warnings: ContentProblem[]
}

/** Why a file in articles/ that is not `*.md` will not be published, and what to do. */
function strayEntry(name: string, isDirectory: boolean): string {
  if (isDirectory) return '文章目录里的文件夹不会被读取:图片请放在 public/images/ 里'
  if (/\.docx?$/i.test(name)) return 'Word 文件不会发布:请把内容复制到一个 .md 文件里(可用 npm run new 新建)'
  const renamed = /\.md\.\w+$|\.(markdown|mdown|txt|md)$/i.test(name) ? `,请改名为 ${name.replace(/(\.md)?\.\w+$/i, '.md')}` : ''
  return `不是 .md 文件,不会发布:文章文件名要以小写的 .md 结尾${renamed}`
}

/** Titles longer than this are probably a subtitle or body text pasted into the title. */
export const LONG_TITLE = 60

/** Reads and validates every file of the content folder, collecting all problems instead of throwing. */
export function inspectContent(dir = contentDir(), now = new Date()): ContentReport {
  const problems: ContentProblem[] = []
  const warnings: ContentProblem[] = []
  const siteFile = path.join(dir, 'site.md')
  let site: Site | undefined
  if (!fs.existsSync(siteFile)) {
    problems.push({ file: relative(siteFile), field: '文件', message: `找不到网站信息文件 site.md(内容目录:${relative(dir) || '.'})` })
  } else {
    const raw = readText(siteFile)
    const parsed = raw === undefined ? [{ file: relative(siteFile), ...NOT_UTF8 }] : parseSite(relative(siteFile), raw)
    if (Array.isArray(parsed)) problems.push(...parsed)
    else site = parsed
  }

  const articlesDir = path.join(dir, 'articles')
  const entries = fs.existsSync(articlesDir)
    ? fs.readdirSync(articlesDir).filter((name) => !name.startsWith('.')).sort()
    : []
  const files: string[] = []
  const articles: Article[] = []
  for (const name of entries) {
    const full = path.join(articlesDir, name)
    const file = relative(full)
    if (name.endsWith('.md')) files.push(file)
    let isDirectory: boolean
    let raw: string | undefined
    try {
      isDirectory = fs.statSync(full).isDirectory()
      raw = isDirectory || !name.endsWith('.md') ? undefined : readText(full)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      problems.push({
        file,
        field: '文件',
        message:
          code === 'ENOENT'
            ? '这是一个指向不存在文件的链接(快捷方式):请删除它,或换成真正的文章文件'
            : `无法读取这个文件(${code ?? error}):请检查文件的读取权限`,
      })
      continue
    }
    if (!name.endsWith('.md')) {
      warnings.push({ file, field: '文件名', message: strayEntry(name, isDirectory) })
      continue
    }
    if (isDirectory) {
      problems.push({ file, field: '文件', message: '这是一个文件夹,不是文章文件:请删除它或改名(名字以 .md 结尾的只能是文章文件)' })
      continue
    }
    const parsed = raw === undefined ? [{ file, ...NOT_UTF8 }] : parseArticle(file, raw, site, now)
    if (Array.isArray(parsed)) {
      problems.push(...parsed)
      continue
    }
    articles.push(parsed)
    const length = [...parsed.title].length
    if (length > LONG_TITLE) {
      warnings.push({
        file,
        line: lineOfField(raw!, 'title'),
        field: 'title',
        message: `标题有 ${length} 个字,超过 ${LONG_TITLE} 字,列表和搜索结果里会显示不全:请确认没有把副标题或正文粘进标题(原标题可写在 originalTitle)`,
      })
    }
  }
  return { site, articles: articles.sort(newestFirst), files, problems, warnings }
}

/**
 * Reads and validates the whole content folder once: `site.md` and `articles/*.md`, or, during
 * `npm run build`, the snapshot the content check saved of it (`CONTENT_SNAPSHOT`) while it
 * still matches. Throws one ContentError listing every problem in every file.
 */
export function loadContent(dir = contentDir(), options: LoadOptions = {}): Content {
  const snapshot = process.env.CONTENT_SNAPSHOT && readSnapshot(process.env.CONTENT_SNAPSHOT, dir, options.now ?? new Date())
  const { site, articles, problems } = snapshot ? { ...snapshot, problems: [] } : inspectContent(dir, options.now)
  if (problems.length > 0 || !site) throw new ContentError(problems)
  const visible = options.includeUnpublished ? articles : articles.filter((a) => !a.draft && !a.scheduled)
  return index(site, visible)
}

function index(site: Site, articles: Article[]): Content {
  const byChannel = new Map<string, Article[]>(site.channels.map((c) => [c.slug, []]))
  for (const article of articles) byChannel.get(article.channel.slug)!.push(article)
  const neighbours = new Map<string, Neighbours>()
  for (const list of byChannel.values()) {
    list.forEach((article, i) => neighbours.set(article.slug, { newer: list[i - 1], older: list[i + 1] }))
  }
  return { site, articles, bySlug: new Map(articles.map((a) => [a.slug, a])), byChannel, neighbours }
}

const isDevelopment = process.env.NODE_ENV === 'development'
const includeUnpublished = isDevelopment || process.env.CONTENT_PREVIEW === '1'

// Next bundles pages and route handlers (feeds, sitemaps) into separate module graphs, each with
// its own copy of this module; a module-level memo would read the folder once per graph. The memo
// lives on globalThis so each build process reads every file exactly once.
const memo = globalThis as { __siteContent?: Content; __reportedProblems?: string }

/** The site's content, read once per process; re-read on every call in development so edits show on refresh. */
export function content(): Content {
  if (isDevelopment) return developmentContent().content
  return (memo.__siteContent ??= loadContent(contentDir(), { includeUnpublished }))
}

/** Stands in for a broken site.md in development, so pages render while the layout lists the problems. */
const PLACEHOLDER_SITE: Site = {
  name: '内容有错误',
  url: 'http://localhost:3000',
  greeting: '',
  language: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  channels: [],
  disclaimer: '',
  statements: [],
  organizer: '',
  copyright: '',
  phones: { contact: [] },
  offices: [],
  qq: {},
}

/**
 * `npm run dev`: the folder as it is now, drafts and scheduled articles included. A mistake in it
 * does not throw, which would put Next's English overlay and a stack trace in front of the editor
 * and print the error once per page, layout and metadata function: pages get whatever did parse,
 * and the root layout shows the problems instead of the page (see contentError).
 */
function developmentContent(): { content: Content; error?: ContentError } {
  const { site, articles, problems } = inspectContent(contentDir())
  return {
    content: index(site ?? PLACEHOLDER_SITE, articles),
    error: problems.length > 0 || !site ? new ContentError(problems) : undefined,
  }
}

/**
 * In development, what is wrong in the content folder (undefined when nothing is): the root layout
 * renders it as the page. Printed to the terminal once, and again only once it has changed. Outside
 * development it is always undefined: the build stops on these problems before rendering anything.
 */
export function contentError(): ContentError | undefined {
  if (!isDevelopment) return undefined
  const { error } = developmentContent()
  // Straight to the terminal: Next would also forward a console.error to the browser, as an "issue".
  if (error && error.message !== memo.__reportedProblems) process.stderr.write(`\n${error.message}\n\n`)
  memo.__reportedProblems = error?.message
  return error
}

/** The article with this slug, if it is published. */
export const findArticle = (slug: string) => content().bySlug.get(slug)

/** The channel with this slug. */
export const findChannel = (slug: string) => content().site.channels.find((c) => c.slug === slug)
