import fs from 'node:fs'
import path from 'node:path'
import matter from 'gray-matter'
import { JSON_SCHEMA, load } from 'js-yaml'
import type { z } from 'zod'
import { ARTICLE_FIELDS, ArticleFrontMatter, isSlug, SiteFrontMatter } from './content-schema'
import { imageSize } from 'image-size'
import { type ImageSize, renderMarkdown } from './markdown'
import { ContentError, type ContentProblem, nearest } from './problems'

export interface Channel {
  slug: string
  name: string
}

export interface Site extends Omit<SiteFrontMatter, 'channels'> {
  /** Base URL without a trailing slash; `SITE_URL` overrides site.md. */
  url: string
  channels: Channel[]
}

export interface Article {
  slug: string
  /** Path of the source file relative to the working directory, for messages. */
  file: string
  title: string
  date: Date
  channel: Channel
  source?: string
  author?: string
  sourceUrl?: string
  summary?: string
  originalTitle?: string
  editor?: string
  draft: boolean
  /** Dated after the build: shown only in development and previews. */
  scheduled: boolean
  /** Sanitized body HTML. */
  html: string
  /** Meta description: the summary, or the first 120 characters of the body. */
  description: string
}

export interface Neighbours {
  /** 上一篇: the article published just before this one in its channel. */
  older?: Article
  /** 下一篇: the article published just after this one in its channel. */
  newer?: Article
}

export interface Content {
  site: Site
  /** Published articles, newest first (drafts and scheduled ones too in development). */
  articles: Article[]
  bySlug: Map<string, Article>
  /** Each channel's articles, newest first; every channel of site.md has an entry. */
  byChannel: Map<string, Article[]>
  /** Each article's neighbours within its channel, precomputed so no page scans the archive. */
  neighbours: Map<string, Neighbours>
}

export interface LoadOptions {
  /** Keep drafts and scheduled articles (development, preview builds). */
  includeUnpublished?: boolean
  /** The moment that decides what is scheduled; defaults to now. */
  now?: Date
}

/** The content folder: `CONTENT_DIR` if set, else `content/` in the working directory. */
export const contentDir = () => path.resolve(process.env.CONTENT_DIR || 'content')

const relative = (file: string) => path.relative(process.cwd(), file) || file

/** Reads a file, logging the read when `CONTENT_READ_LOG` names a file (to prove one read per build). */
function readText(file: string): string {
  const text = fs.readFileSync(file, 'utf8')
  if (process.env.CONTENT_READ_LOG) fs.appendFileSync(process.env.CONTENT_READ_LOG, `${process.pid} ${file}\n`)
  return text
}

/** 1-based line of `field:` inside the front matter, for pointing an editor at it. */
function lineOfField(text: string, field: string): number | undefined {
  const lines = text.split(/\r?\n/)
  for (let i = 1; i < lines.length && lines[i].trim() !== '---'; i++) {
    if (new RegExp(`^${field}\\s*:`).test(lines[i])) return i + 1
  }
  return undefined
}

// js-yaml's reasons are English; the common ones get a Chinese explanation.
const YAML_REASONS: [RegExp, string][] = [
  [/double quoted|single quoted|deficient indentation/, '引号没有成对(缺少结尾的引号)'],
  [/duplicated mapping key/, '同一个字段写了两次'],
  [/bad indentation|can not read a block mapping entry/, '缩进不对,或一行里有多余的冒号'],
  [/end of the stream or a document separator/, '格式不对,多半是某行缺少「字段: 值」中的冒号或空格'],
  [/unexpected end of the stream/, '前言意外结束'],
]

type Parsed = { data: Record<string, unknown>; body: string } | { problem: Omit<ContentProblem, 'file'> }

/** Splits front matter from body, keeping YAML values as strings (a bare date must not become UTC midnight). */
function splitFrontMatter(raw: string): Parsed {
  const text = raw.replace(/^\uFEFF/, '')
  if (text.trim() === '') return { problem: { field: '文件', message: '文件是空的(应以 --- 开头写前言,再写正文)' } }
  if (!/^---[ \t]*\r?\n/.test(text)) {
    return {
      problem: {
        line: 1,
        field: '前言',
        message: '缺少前言:文件第一行应为 ---,随后写 title、date、category 等字段,再以 --- 结束',
      },
    }
  }
  try {
    // Passing options also bypasses gray-matter's process-wide cache, whose shared objects leak mutations.
    const file = matter(text, { engines: { yaml: (s: string) => load(s, { schema: JSON_SCHEMA }) as object } })
    const data = file.data ?? {}
    if (typeof data !== 'object' || Array.isArray(data)) {
      return { problem: { line: 2, field: '前言', message: '前言应为「字段: 值」的形式,每行一个字段' } }
    }
    return { data, body: file.content }
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark
    const reason = (error as { reason?: string }).reason ?? String(error)
    const hint = YAML_REASONS.find(([pattern]) => pattern.test(reason))?.[1] ?? reason
    return {
      problem: {
        line: mark?.line !== undefined ? mark.line + 2 : undefined,
        field: '前言',
        message: `前言(YAML)无法解析:${hint}(问题在这一行或之前几行)。常见原因:引号不成对、冒号后缺空格、缩进不齐;值里有冒号时请给整个值加引号`,
      },
    }
  }
}

/** Turns zod's issues into problems located at their field's line. */
function problemsFrom(error: z.ZodError, file: string, text: string): ContentProblem[] {
  return error.issues.flatMap((issue): ContentProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const guess = nearest(key, ARTICLE_FIELDS)
        return {
          file,
          line: lineOfField(text, key),
          field: key,
          message: `未知字段 ${key}${guess ? `,是否应为 ${guess}?` : ''}(可用字段:${ARTICLE_FIELDS.join('、')})`,
        }
      })
    }
    const field = issue.path.map(String).join('.') || '前言'
    return [{ file, line: lineOfField(text, String(issue.path[0] ?? '')), field, message: issue.message }]
  })
}

/** Suggests a valid slug for a file name that is not one. */
function suggestSlug(name: string): string {
  const ascii = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return ascii || 'article-' + Date.now().toString(36)
}

/** Parses and validates site.md; `SITE_URL` overrides its url. */
export function parseSite(file: string, raw: string): Site | ContentProblem[] {
  const split = splitFrontMatter(raw)
  if ('problem' in split) return [{ file, ...split.problem }]
  const result = SiteFrontMatter.safeParse(split.data)
  if (!result.success) return problemsFrom(result.error, file, raw)
  const url = (process.env.SITE_URL || result.data.url).replace(/\/+$/, '')
  return { ...result.data, url }
}

/** Where local images live: `/images/x.jpg` in Markdown is `public/images/x.jpg`. */
const publicDir = () => path.resolve('public')
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

/** Parses and validates one article file; pure apart from its arguments. */
export function parseArticle(
  file: string,
  raw: string,
  site: Site,
  now: Date,
): Article | ContentProblem[] {
  const problems: ContentProblem[] = []
  const slug = path.basename(file, '.md')
  if (!isSlug(slug)) {
    problems.push({
      file,
      field: '文件名',
      message: `文件名「${slug}.md」不能用作网址:只能用小写字母、数字和连字符。建议改名为 ${suggestSlug(slug)}.md`,
    })
  }
  const split = splitFrontMatter(raw)
  if ('problem' in split) return [...problems, { file, ...split.problem }]

  const result = ArticleFrontMatter.safeParse(split.data)
  if (!result.success) problems.push(...problemsFrom(result.error, file, raw))

  const category = result.success ? result.data.category : undefined
  const channel = category && site.channels.find((c) => c.slug === category || c.name === category)
  if (category && !channel) {
    problems.push({
      file,
      line: lineOfField(raw, 'category'),
      field: 'category',
      message: `栏目不存在:${category}(现有栏目:${site.channels.map((c) => `${c.name}(${c.slug})`).join('、')})`,
    })
  }
  if (!result.success || !channel || problems.length > 0) return problems

  // Body lines are counted from the file's first line, so messages point at the right place.
  const bodyOffset = raw.replace(/^\uFEFF/, '').split(/\r?\n/).length - split.body.split(/\r?\n/).length
  const { html, text, images } = renderMarkdown(split.body, { imageSize: localImageSize })
  for (const image of images) {
    const line = image.line && image.line + bodyOffset
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
        message: `图片不存在或无法读取:${image.url}(应放在 public${image.url.split(/[?#]/)[0]})`,
      })
    }
  }
  if (problems.length > 0) return problems
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
  problems: ContentProblem[]
}

/** Reads and validates every file of the content folder, collecting all problems instead of throwing. */
export function inspectContent(dir = contentDir(), now = new Date()): ContentReport {
  const siteFile = path.join(dir, 'site.md')
  if (!fs.existsSync(siteFile)) {
    const problem = { file: relative(siteFile), field: '文件', message: `找不到网站信息文件 site.md(内容目录:${relative(dir) || '.'})` }
    return { articles: [], problems: [problem] }
  }
  const site = parseSite(relative(siteFile), readText(siteFile))
  if (Array.isArray(site)) return { articles: [], problems: site }

  const articlesDir = path.join(dir, 'articles')
  const names = fs.existsSync(articlesDir)
    ? fs
        .readdirSync(articlesDir, { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort()
    : []

  const problems: ContentProblem[] = []
  const articles: Article[] = []
  for (const name of names) {
    const file = path.join(articlesDir, name)
    const parsed = parseArticle(relative(file), readText(file), site, now)
    if (Array.isArray(parsed)) problems.push(...parsed)
    else articles.push(parsed)
  }
  return { site, articles: articles.sort(newestFirst), problems }
}

/**
 * Reads and validates the whole content folder once: `site.md` and `articles/*.md`.
 * Throws one ContentError listing every problem in every file.
 */
export function loadContent(dir = contentDir(), options: LoadOptions = {}): Content {
  const { site, articles, problems } = inspectContent(dir, options.now)
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
const memo = globalThis as { __siteContent?: Content }

/** The site's content, read once per process; re-read on every call in development so edits show on refresh. */
export function content(): Content {
  if (isDevelopment) return loadContent(contentDir(), { includeUnpublished })
  return (memo.__siteContent ??= loadContent(contentDir(), { includeUnpublished }))
}

/** The article with this slug, if it is published. */
export const findArticle = (slug: string) => content().bySlug.get(slug)

/** The channel with this slug. */
export const findChannel = (slug: string) => content().site.channels.find((c) => c.slug === slug)
