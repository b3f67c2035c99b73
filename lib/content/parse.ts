import path from 'node:path'
import { isMap, isNode, isPair, isScalar, isSeq } from 'yaml'
import type { z } from 'zod'
import { type ImageReference, type ImageSize, MAX_BODY, MAX_MARKS, MAX_NESTING, renderMarkdown } from '../markdown'
import { formatDayTime } from '../dates'
import { locateFrontMatter, splitFrontMatter } from './front-matter'
import { type ContentProblem, nearest } from './problems'
import { ARTICLE_FIELDS, ArticleFrontMatter, FIELD_ALIASES, isSlug, SITE_FIELDS, SiteFrontMatter, windowsReserved } from './schema'
import type { ArticleImage, ParsedArticle, Site } from './types'

// Pure parsing: text in, typed data or located problems out. Reading files, image sizes and the
// store live in read.ts; nothing here touches the file system or the environment.

/** Titles longer than this are probably a subtitle or body text pasted into the title. */
export const LONG_TITLE = 60

/**
 * 1-based line of a field inside the front matter, for pointing an editor at it: `title`, or a path
 * into lists and maps such as `channels.1.slug`. Falls back to the deepest part it could find.
 */
export function lineOfField(text: string, fieldPath: string | readonly PropertyKey[]): number | undefined {
  const keys = typeof fieldPath === 'string' ? [fieldPath] : fieldPath
  const located = locateFrontMatter(text)
  let node: unknown = located.document.contents
  let found: number | undefined
  for (const key of keys) {
    const item = isMap(node)
      ? node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(key))
      : isSeq(node) && typeof key === 'number'
        ? node.items[key]
        : undefined
    const at = isPair(item) ? item.key : item
    if (!isNode(at) || !at.range) break
    found = located.line(at.range[0])
    node = isPair(item) ? item.value : item
  }
  return found
}

// What editors call the fields that hold lists: an item is named by its number, as an editor counts.
const LIST_NAMES: Record<string, string> = { tags: '关键词', channels: '栏目', statements: '网站声明', offices: '办公地址', contact: '联系电话' }

/** A field as an editor names it: `title`, or an item of a list by its number (`关键词第 1 个`, not `tags.0`). */
export function fieldName(fieldPath: readonly PropertyKey[]): string {
  let name = ''
  fieldPath.forEach((key, i) => {
    if (typeof key === 'number') {
      const list = String(fieldPath[i - 1])
      name = `${LIST_NAMES[list] ?? name}第 ${key + 1} 个`
    } else name += `${name && !/个$/.test(name) ? '.' : name ? '的 ' : ''}${String(key)}`
  })
  return name
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
          field: fieldName([...issue.path, key]),
          message:
            `未知字段 ${key}${guess ? `,是否应为 ${guess}?` : ''}` +
            (known.length > 0 ? `(可用字段:${known.join('、')})` : '(请删掉这一行,或检查拼写)'),
        }
      })
    }
    const field = fieldName(issue.path) || '前言'
    // A missing top-level field has no line of its own: point at the front matter's first line.
    const line = issue.path.length > 0 ? (lineOfField(text, issue.path) ?? (issue.path.length === 1 ? 1 : undefined)) : undefined
    return [{ file, line, field, message: issue.message }]
  })
}

/** Sources that mean this site's own reporting, besides the site's name. */
const OWN_SOURCES = ['本网', '本站', '本网讯', '本站讯']

/** Whether a `source` names another outlet (转载): not empty, not this site's own name. */
export const isReposted = (source: string | undefined, site: Pick<Site, 'name'> | undefined) =>
  source !== undefined && source !== site?.name && !OWN_SOURCES.includes(source)

/** Suggests a valid file name for one that is not a slug. */
function suggestSlug(name: string): string {
  const ascii = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return ascii ? `建议改名为 ${ascii}.md` : '可用拼音、英文或日期命名,如 loudi-zhucun.md 或 2023-01-07-1.md'
}

/** Parses and validates site.md; `siteUrl` (from SITE_URL) overrides its url. */
export function parseSite(file: string, raw: string, siteUrl?: string): Site | ContentProblem[] {
  const split = splitFrontMatter(raw)
  if ('problem' in split) return [{ file, ...split.problem }]
  const result = SiteFrontMatter.safeParse(split.data)
  if (!result.success) return problemsFrom(result.error, file, raw, SITE_FIELDS)
  const url = (siteUrl || result.data.url).replace(/\/+$/, '')
  return { ...result.data, url }
}

/** The summary, else the start of the body's paragraphs (never a subheading or a photo's caption). */
const describe = (summary: string | undefined, text: string) =>
  summary ?? (text.length > 120 ? text.slice(0, 120) + '…' : text)

/** How parseArticle learns about local images: their size, and where an editor should put them. */
export interface ImageLookup {
  /** The size of a local image (`/images/x.jpg`), or undefined when it is missing or unreadable. */
  size: (url: string) => ImageSize | undefined
  /** The folder served at `/images/` that editors put photos in, as shown to them (e.g. `content/images`). */
  folder: string
  /** When another folder has a file of the same name that `size` did not use: that file, as shown to editors. */
  shadowed?: (url: string) => string | undefined
  /** When the file an image names is in the images folder but refused (a link, an SVG, not a photo): that file and why. */
  refused?: (url: string) => { file: string; message: string } | undefined
}

/** An article file's result: the article or its problems, warnings either way, and the images it uses. */
export interface ParsedFile {
  article?: ParsedArticle
  problems: ContentProblem[]
  warnings: ContentProblem[]
  images: ImageReference[]
  /** Problems that hold only until a moment (an `updated` time still in the future): the reader decides at its `now`. */
  until?: TimedProblem[]
  /** The line of the `tags` field, if the file has one. */
  tagsLine?: number
}

/** A problem that stops holding at `until` (ISO 8601). */
export interface TimedProblem {
  until: string
  problem: ContentProblem
}

/**
 * Parses and validates one article file. Without a site (its site.md is broken) the category is
 * not checked and no article is returned.
 */
export function parseArticle(file: string, raw: string, site: Site | undefined, images: ImageLookup): ParsedFile {
  const problems: ContentProblem[] = []
  const warnings: ContentProblem[] = []
  const slug = path.basename(file, '.md')
  if (isSlug(slug) && windowsReserved(slug)) {
    problems.push({
      file,
      field: '文件名',
      message: `文件名「${slug}.md」不能用作网址:${slug} 是 Windows 的保留名(CON、PRN、AUX、NUL、COM1–COM9、LPT1–LPT9,不分大小写),网站的文件夹在 Windows 上无法建立。请换一个名字,如 ${slug}-1.md`,
    })
  } else if (!isSlug(slug)) {
    problems.push({
      file,
      field: '文件名',
      message: `文件名「${slug}.md」不能用作网址:只能用小写字母、数字和连字符(不能有中文、大写字母、空格或下划线)。${suggestSlug(slug)}`,
    })
  }
  const split = splitFrontMatter(raw)
  if ('problem' in split) return { problems: [...problems, { file, ...split.problem }], warnings, images: [] }

  const result = ArticleFrontMatter.safeParse(split.data)
  if (!result.success) problems.push(...problemsFrom(result.error, file, raw, ARTICLE_FIELDS))

  // The channel is checked even when other fields are wrong, so one check lists every mistake.
  const rawCategory = (split.data as Record<string, unknown> | undefined)?.category
  const category = result.success
    ? result.data.category
    : typeof rawCategory === 'string' && !result.error.issues.some((issue) => issue.path[0] === 'category')
      ? rawCategory.trim() || undefined
      : undefined
  const channel = category && site?.channels.find((c) => c.slug === category || c.name === category)
  if (category && site && !channel) {
    // Names and slugs both, compared without regard to case: `Minsheng` is a slip for `minsheng`.
    const guess = nearest(category, site.channels.flatMap((c) => [c.name, c.slug]))
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
  const rendered = renderMarkdown(split.body, { imageSize: images.size })
  if (rendered.tooSlow) {
    problems.push(
      rendered.tooSlow.kind === 'size'
        ? {
            file,
            field: '正文',
            message: `正文太长:${rendered.tooSlow.characters} 个字符,最多 ${MAX_BODY} 个,检查和生成网站会非常慢。请把它拆成几篇文章`,
          }
        : {
            file,
            line: rendered.tooSlow.line + split.bodyOffset,
            field: '正文',
            message:
              `从这一行起的一段里有 ${rendered.tooSlow.marks} 个 * _ [ ] \` 符号,最多 ${MAX_MARKS} 个,检查和生成网站会非常慢。` +
              '多半是粘贴时带进来的:请删掉多余的符号,或在这一段里空几行把它分开',
          },
    )
  }
  if (rendered.tooDeep) {
    problems.push({
      file,
      line: rendered.tooDeep.line && rendered.tooDeep.line + split.bodyOffset,
      field: '正文',
      message:
        `嵌套太深:列表、引用(>)或 HTML 标签在这里套了 ${rendered.tooDeep.depth} 层,最多 ${MAX_NESTING} 层,网站无法生成。` +
        '请减少这一行前面的缩进和 - > 符号,或把套在一起的列表、引用、标签拆开',
    })
  }
  for (const image of rendered.images) {
    const line = image.line && image.line + split.bodyOffset
    if (!image.alt.trim()) {
      problems.push({ file, line, field: '图片', message: `图片 ${image.url} 缺少说明文字:应写成 ![图片说明](${image.url})` })
    }
    if (!image.url.startsWith('/') || image.url.startsWith('//')) {
      problems.push({
        file,
        line,
        field: '图片',
        message: `图片 ${image.url} 不是本站图片:请把图片放进 ${images.folder}/ 文件夹,再写成 ![图片说明](/images/文件名.jpg)`,
      })
    } else if (!images.size(image.url)) {
      const local = image.url.split(/[?#]/)[0]
      const refused = images.refused?.(image.url)
      problems.push({
        file,
        line,
        field: '图片',
        message: refused
          ? `图片 ${image.url} 不能发布,这篇文章暂不更新:${refused.file} ${refused.message}`
          : local.startsWith('/images/')
          ? `图片文件不存在或无法读取:${image.url}(应放在 ${images.folder}/${local.slice('/images/'.length)},文件名的大小写也要一致)`
          : `图片文件不存在或无法读取:${image.url}(照片请放进 ${images.folder}/ 文件夹,再写成 /images/文件名.jpg;文件名的大小写也要一致)`,
      })
    } else {
      const hidden = images.shadowed?.(image.url)
      if (hidden) {
        warnings.push({
          file,
          line,
          field: '图片',
          message: `图片 ${image.url} 有两张同名文件:网站用的是 ${images.folder}/ 里的那张,${hidden} 不会显示。请删掉 ${hidden},或给其中一张改名,免得以后换错照片`,
        })
      }
    }
  }
  const until: TimedProblem[] = []
  if (result.success) {
    const { date, updated, correction } = result.data
    if (updated && updated.getTime() < date.getTime()) {
      problems.push({
        file,
        line: lineOfField(raw, 'updated'),
        field: 'updated',
        message: `更新时间(updated)${formatDayTime(updated)} 早于发布时间(date)${formatDayTime(date)}:更新只能在发布之后。如果是发布时间写错了,请改 date`,
      })
    }
    if (updated) {
      until.push({
        until: updated.toISOString(),
        problem: {
          file,
          line: lineOfField(raw, 'updated'),
          field: 'updated',
          message: `更新时间(updated)${formatDayTime(updated)} 还没有到:更新时间是文章实际修改的时间,不能晚于现在(北京时间)。请改成修改的时间`,
        },
      })
    }
    if (correction && !updated) {
      problems.push({
        file,
        line: lineOfField(raw, 'correction'),
        field: 'correction',
        message: '写了更正说明(correction),还要写更正的时间:加一行 updated,如 updated: 2026-11-21 10:00(北京时间),它会显示在更正说明和“更新时间”里',
      })
    }
  }
  if (!result.success || !channel || problems.length > 0) return { problems, warnings, images: rendered.images, until }
  const { draft, summary, date, reposted, ...fields } = result.data
  const firstImage = rendered.images[0] && images.size(rendered.images[0].url)
  const article: ParsedArticle = {
    ...fields,
    slug,
    file,
    date,
    summary,
    channel,
    draft,
    reposted: reposted ?? isReposted(fields.source, site),
    html: rendered.html,
    text: rendered.text,
    description: describe(summary, rendered.lead),
    ...(firstImage && { image: articleImage(rendered.images[0].url, firstImage) }),
  }
  const length = [...fields.title].length
  if (length > LONG_TITLE) {
    warnings.push({
      file,
      line: lineOfField(raw, 'title'),
      field: 'title',
      message: `标题有 ${length} 个字,超过 ${LONG_TITLE} 字,列表和搜索结果里会显示不全:请确认没有把副标题或正文粘进标题(原标题可写在 originalTitle)`,
    })
  }
  return { article, problems, warnings, images: rendered.images, until, tagsLine: lineOfField(raw, 'tags') }
}

/** What shares, feeds and the 头条 show of an article's first image: a content photo's JPEG fallback and WebP files. */
function articleImage(url: string, size: ImageSize): ArticleImage {
  if (!size.photo) return { url, width: size.width, height: size.height }
  const { fallback, webp } = size.photo
  return { url: fallback.url, width: fallback.width, height: fallback.height, webp: webp.map((v) => ({ url: v.url, width: v.width })) }
}

/** Why a file in articles/ that is not `*.md` will not be published, and what to do. */
export function strayEntry(name: string, isDirectory: boolean, imagesFolder = 'content/images'): string {
  if (isDirectory) return `文章目录里的文件夹不会被读取:图片请放在 ${imagesFolder}/ 里`
  const keep = `;不是文章、只想放在这里的笔记,请在文件名前加下划线(如 _${name}),检查会跳过它`
  if (/\.docx?$/i.test(name)) return `Word 文件不会发布:请把内容复制到一个 .md 文件里(可用 npm run new 新建)${keep}`
  const renamed = /\.md\.\w+$|\.(markdown|mdown|txt|md)$/i.test(name) ? `,请改名为 ${name.replace(/(\.md)?\.\w+$/i, '.md')}` : ''
  return `不是 .md 文件,不会发布:文章文件名要以小写的 .md 结尾${renamed}${keep}`
}

