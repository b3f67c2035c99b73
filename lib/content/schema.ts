import { z } from 'zod'
import { parseSiteDate, suggestSiteDate } from '../dates'
import { tagKey } from './tags'

// Front matter is YAML parsed with the JSON schema, so every value is a string, number, boolean,
// null, list or map. These schemas turn it into typed data and explain every mismatch in Chinese.

const kindOf = (v: unknown) =>
  Array.isArray(v)
    ? '列表'
    : v === null
      ? '空值'
      : typeof v === 'object'
        ? '键值对'
        : typeof v === 'boolean'
          ? `布尔值 ${v}`
          : typeof v === 'number'
            ? `数字 ${v}`
            : `「${String(v).slice(0, 40)}」`

/**
 * What the editors' desk (scripts/desk/config.ts) shows for a field: its Chinese label (with the front
 * matter's name in brackets, as the check's messages name it), whether it must be filled in, the
 * input it gets and a hint. Kept on the field's own schema (zod metadata), so a new field needs no
 * second list.
 */
export interface FieldInfo {
  label?: string
  required?: boolean
  widget?: 'string' | 'text' | 'datetime' | 'boolean' | 'tags' | 'channel' | 'url'
  hint?: string
}

/** Empty or null optional fields count as absent; numbers are accepted as text (作者: 123). */
const blankToUndefined = (v: unknown) =>
  v === null || (typeof v === 'string' && v.trim() === '')
    ? undefined
    : typeof v === 'number'
      ? String(v)
      : typeof v === 'string'
        ? v.trim()
        : v

// Control characters have no place in a title or a name: pasted in, they are invisible on the page,
// break feeds, and a draft's title full of terminal escapes would take over the editor's terminal
// when the check lists it. One-line fields refuse line breaks and tabs too; the longer texts
// (summary, disclaimer, statements) may keep those.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/

/** Where a text has a character it may not, as an escape an editor can search for (`\x1b`). */
const controlMessage = (label: string, value: string, pattern: RegExp) => {
  const c = pattern.exec(value)![0]
  const shown = c === '\n' || c === '\r' ? '换行' : c === '\t' ? 'Tab(制表符)' : `看不见的控制字符 \\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
  return `${label}里有${shown}:请删掉它,${c === '\n' || c === '\r' ? '写成一行' : '重新输入这段文字'}(多半是从网页或其他软件复制时带进来的)`
}

const withoutControls = <T extends z.ZodType<string | undefined>>(schema: T, label: string, multiline: boolean) => {
  const pattern = multiline ? CONTROL_IN_TEXT : CONTROL
  return schema.superRefine((value, ctx) => {
    if (typeof value === 'string' && pattern.test(value)) ctx.addIssue({ code: 'custom', message: controlMessage(label, value, pattern) })
  })
}

/** Required text: a missing field and an empty one get different messages; `onlyOne` explains a list. */
const requiredText = (label: string, example: string, onlyOne?: string, multiline = false) =>
  z.preprocess(
    (v) => (v === null ? '' : typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v),
    withoutControls(
      z
        .string({
          error: (issue) =>
            issue.input === undefined
              ? `缺少${label}(应写成 ${example})`
              : onlyOne && Array.isArray(issue.input)
                ? `${label}${onlyOne},现在是列表(应写成 ${example})`
                : `${label}应为一段文字,现在是${kindOf(issue.input)}(应写成 ${example})`,
        })
        .min(1, { error: `${label}不能为空(应写成 ${example})` }),
      label,
      multiline,
    ),
  ).meta({ label, required: true, widget: multiline ? 'text' : 'string' } satisfies FieldInfo)

const optionalText = (label: string, example: string, multiline = false) =>
  z.preprocess(
    blankToUndefined,
    withoutControls(
      z
        .string({ error: (issue) => `${label}应为一段文字,现在是${kindOf(issue.input)}(应写成 ${example})` })
        .optional(),
      label,
      multiline,
    ),
  ).meta({ label, widget: multiline ? 'text' : 'string' } satisfies FieldInfo)

const DATE_EXPECTED = '应为 YYYY-MM-DD,如 2023-01-07;也可写 2023-01-07 08:30'

const dateText = (label: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined ? `缺少${label}(${DATE_EXPECTED})` : `${label}应为一个日期,现在是${kindOf(issue.input)}(${DATE_EXPECTED})`,
  })

/** Turns a date field's text into the instant it means in Beijing, or explains what is wrong (with a suggestion for 2023年1月7日). */
const toDate = (label: string) => (value: string, ctx: z.RefinementCtx) => {
  // In the messages below, the field itself is named by where it is; the date is just 日期.
  const parsed = parseSiteDate(value)
  if (parsed instanceof Date) return parsed
  const suggestion = parsed.kind === 'format' ? suggestSiteDate(value) : undefined
  ctx.addIssue({
    code: 'custom',
    message:
      parsed.kind === 'nonexistent'
        ? `${label}不存在:${value}(${DATE_EXPECTED})`
        : suggestion
          ? `${label}格式不对:${value},应写成 ${suggestion}(日期一律写成 YYYY-MM-DD,需要时加上时间 HH:mm)`
          : `无法识别的${label}:${value}(${DATE_EXPECTED})`,
  })
  return z.NEVER
}

const siteDate = z
  .preprocess(blankToUndefined, dateText('发布日期(date)'))
  .transform(toDate('日期'))
  .meta({ label: '发布日期(date)', required: true, widget: 'datetime' } satisfies FieldInfo)

/** An optional date field; blank counts as absent. */
const optionalSiteDate = (label: string) =>
  z
    .preprocess(blankToUndefined, dateText(label).optional())
    .transform((value, ctx) => (value === undefined ? undefined : toDate(label)(value, ctx)))
    .optional() // an absent key stays absent in the inferred type (`updated?: Date`)
    .meta({ label, widget: 'datetime' } satisfies FieldInfo)

/** A true/false switch; blank means false. */
const flag = (label: string, meaning: string) =>
  z.preprocess(
    (v) => (v === null ? undefined : v),
    z.boolean({ error: (issue) => `${label}只能是 true 或 false,现在是${kindOf(issue.input)}(${meaning})` }).default(false),
  ).meta({ label, widget: 'boolean', hint: `打开表示${meaning.replace(/^true 表示/, '')}` } satisfies FieldInfo)

/** At most this many 关键词 (tags) per article, each at most TAG_LENGTH characters. */
export const MAX_TAGS = 10
export const TAG_LENGTH = 20

// A tag is a URL segment (/tags/<tag>/) and a folder name on the server (Windows' too): no
// characters that mean something in a path or an address or that a file name may not hold, no
// markup characters, no leading dot (servers hide dotfiles).
const TAG_FORBIDDEN = /[/\\?#%<>"'`|*:]/

// Names Windows reserves for devices, with or without an extension (`CON`, `nul.txt`, `COM1`): a
// folder of that name cannot be made there, and copying the site to such a machine fails.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i

/** True for a name Windows cannot give a file or folder: a device name, or one ending in a dot or a space. */
export const windowsReserved = (name: string) => WINDOWS_RESERVED.test(name) || /[. ]$/.test(name)

// Files the site publishes inside /tags/ itself: a tag of that name would need a folder where the
// file is (compared without case: Windows and macOS disks do not tell them apart).
const TAG_FOLDER_FILES = ['index.html', 'index.html.gz']

const TAGS_EXAMPLE = 'tags: [驻村帮扶, 乡村振兴]'

/** One tag as written, whitespace trimmed and collapsed, so 驻村帮扶 and 「驻村帮扶 」 are the same tag. */
const tag = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.normalize('NFC').replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').trim().replace(/\s+/g, ' ') : v),
  withoutControls(
    z
      .string({ error: (issue) => `关键词(tags)的每一项应为一段文字,现在是${kindOf(issue.input)}(应写成 ${TAGS_EXAMPLE})` })
      .min(1, { error: `关键词(tags)里有一项是空的:请删掉多余的逗号(应写成 ${TAGS_EXAMPLE})` })
      .refine((v) => [...v].length <= TAG_LENGTH, {
        error: (issue) => `关键词「${String(issue.input).slice(0, 30)}」太长:最多 ${TAG_LENGTH} 个字。关键词是一个词语,不是一句话`,
      })
      .refine((v) => !TAG_FORBIDDEN.test(v) && !v.startsWith('.'), {
        error: (issue) => `关键词「${String(issue.input).slice(0, 30)}」里有不能用在网址里的符号(/ \\ ? # % < > 引号 | * : 或开头的 .):请删掉或换成中文标点`,
      })
      .refine((v) => TAG_FORBIDDEN.test(v) || v.startsWith('.') || tagKey(v) !== '', {
        error: (issue) => `关键词「${String(issue.input).slice(0, 30)}」只有符号或表情,没有文字:关键词要是一个词语,如 驻村帮扶`,
      })
      .refine((v) => !TAG_FOLDER_FILES.includes(v.toLowerCase()), {
        error: (issue) => `关键词「${String(issue.input).slice(0, 30)}」和网站自己的文件 /tags/${String(issue.input).toLowerCase()} 重名,网站无法生成:请换一个关键词`,
      })
      .refine((v) => !windowsReserved(v), {
        error: (issue) =>
          `关键词「${String(issue.input).slice(0, 30)}」不能用作文件夹名:CON、PRN、AUX、NUL、COM1–COM9、LPT1–LPT9(不分大小写)是 Windows 的保留名,名字也不能以 . 或空格结尾。请换一个写法`,
      }),
    '关键词(tags)',
    false,
  ),
)

/**
 * 关键词: a YAML list, or one line separated by commas or 、 (what editors type first). Repeats
 * within an article are dropped.
 */
const tags = z
  .preprocess(
    (v) => (v === null || v === undefined ? [] : typeof v === 'string' ? v.split(/[,，、;；]/).filter((t) => t.trim() !== '') : typeof v === 'number' ? [v] : v),
    z
      .array(tag, { error: (issue) => `关键词(tags)应为列表,现在是${kindOf(issue.input)}(应写成 ${TAGS_EXAMPLE})` })
      .max(MAX_TAGS, { error: `关键词(tags)最多 ${MAX_TAGS} 个:只留最能说明文章内容的几个` }),
  )
  .transform((list) => [...new Set(list)])
  .meta({ label: '关键词(tags)', widget: 'tags', hint: `每项一个词语,最多 ${MAX_TAGS} 个` } satisfies FieldInfo)

/** True for absolute http(s) URLs; `javascript:`, `data:` and relative URLs are refused. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

const httpUrl = (label: string) =>
  optionalText(label, 'https://example.com/news/1.html').refine((v) => v === undefined || isHttpUrl(v), {
    error: (issue) =>
      `${label}只能是 http:// 或 https:// 开头的完整网址,现在是「${String(issue.input).slice(0, 80)}」`,
  })

export const ArticleFrontMatter = z.strictObject({
  title: requiredText('标题(title)', 'title: 娄底市娄星区:扣准驻村帮扶旋律').meta({ hint: '写成一行,60 个字以内为宜' }),
  date: siteDate.meta({ hint: '北京时间;定在以后的时间,文章到那时才发布' }),
  category: requiredText('栏目(category)', 'category: 关注民生', '只能写一个栏目').meta({ widget: 'channel', hint: '文章所属的栏目(见 site.md)' }),
  source: optionalText('来源(source)', 'source: 红星网').meta({ hint: '转载时写原发媒体,如 红星网' }),
  author: optionalText('作者(author)', 'author: 佚名'),
  sourceUrl: httpUrl('原文链接(sourceUrl)').meta({ widget: 'url', hint: '转载文章的原文网址,以 https:// 开头' }),
  summary: optionalText('摘要(summary)', 'summary: 一两句话的内容提要', true).meta({ hint: '一两句话的内容提要;不写则取正文开头' }),
  originalTitle: optionalText('原标题(originalTitle)', 'originalTitle: 原文的标题').meta({ hint: '转载时标题改过,在这里写原文的标题' }),
  editor: optionalText('责任编辑(editor)', 'editor: 张三'),
  draft: flag('草稿(draft)', 'true 表示不发布'),
  /** 置顶: first on its channel's front page; the newest pinned article leads the home page (头条). */
  pinned: flag('置顶(pinned)', 'true 表示置顶,最新的一篇置顶文章是首页头条'),
  /** 更新时间: when the article was last changed after publication; never before `date`. */
  updated: optionalSiteDate('更新时间(updated)').meta({ hint: '北京时间;文章发布后修改的时间,不能晚于现在' }),
  /** 更正说明: what was corrected, shown at the end of the article with the `updated` time. */
  correction: optionalText('更正说明(correction)', 'correction: 原文第三段中的“2022年”应为“2023年”,已更正。', true).meta({ hint: '更正了什么;同时要填更新时间' }),
  /** 关键词, as written (trimmed, whitespace collapsed), each with its page at /tags/<tag>/. */
  tags,
  reposted: z.preprocess(
    (v) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v),
    z
      .boolean({ error: (issue) => `转载(reposted)只能是 true 或 false,现在是${kindOf(issue.input)}(true 表示转载自其他媒体,文末显示免责声明)` })
      .optional(),
  ).meta({ label: '转载(reposted)', widget: 'boolean', hint: '不动它:按来源自动判断;打开:转载自其他媒体,文末显示免责声明;关上:本站原创' } satisfies FieldInfo),
})

export type ArticleFrontMatter = z.infer<typeof ArticleFrontMatter>
export const ARTICLE_FIELDS = Object.keys(ArticleFrontMatter.shape)

/** Field names editors write in Chinese (or by another common name), mapped to the real one. */
export const FIELD_ALIASES: Record<string, string> = {
  标题: 'title',
  日期: 'date',
  发布日期: 'date',
  时间: 'date',
  发布时间: 'date',
  栏目: 'category',
  分类: 'category',
  来源: 'source',
  作者: 'author',
  原文链接: 'sourceUrl',
  链接: 'sourceUrl',
  url: 'sourceUrl',
  link: 'sourceUrl',
  摘要: 'summary',
  简介: 'summary',
  description: 'summary',
  原标题: 'originalTitle',
  责任编辑: 'editor',
  编辑: 'editor',
  草稿: 'draft',
  置顶: 'pinned',
  头条: 'pinned',
  sticky: 'pinned',
  featured: 'pinned',
  pin: 'pinned',
  更新时间: 'updated',
  更新日期: 'updated',
  更新: 'updated',
  modified: 'updated',
  lastmod: 'updated',
  dateModified: 'updated',
  更正: 'correction',
  更正说明: 'correction',
  关键词: 'tags',
  转载: 'reposted',
  repost: 'reposted',
  标签: 'tags',
  tag: 'tags',
  keywords: 'tags',
}

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** Lowercase a-z, 0-9 and single hyphens: the only characters an article or channel URL may use. */
export const isSlug = (value: string) => slugPattern.test(value)

const Channel = z.strictObject({
  slug: requiredText('栏目网址名(slug)', 'slug: minsheng').refine(isSlug, {
    error: '栏目网址名(slug)只能用小写字母、数字和连字符,如 minsheng',
  })
  .refine((v) => !isSlug(v) || !windowsReserved(v), {
    error: (issue) => `栏目网址名(slug)「${String(issue.input)}」是 Windows 的保留名(CON、PRN、AUX、NUL、COM1–COM9、LPT1–LPT9),不能用作文件夹名:请换一个,如 minsheng`,
  }),
  name: requiredText('栏目名称(name)', 'name: 关注民生'),
})

export const SiteFrontMatter = z.strictObject({
  name: requiredText('网站名称(name)', 'name: 廉政法制网'),
  url: requiredText('网址(url)', 'url: https://www.lzfzwl.org.cn').refine(isHttpUrl, {
    error: '网址(url)应为 http:// 或 https:// 开头的完整网址,如 https://www.lzfzwl.org.cn',
  }),
  greeting: requiredText('问候语(greeting)', 'greeting: 欢迎访问廉政法制网!'),
  description: optionalText('网站简介(description)', 'description: 一句话介绍本站', true),
  language: z.literal('zh-CN', { error: '语言(language)只能是 zh-CN' }).default('zh-CN'),
  timeZone: z.literal('Asia/Shanghai', { error: '时区(timeZone)只能是 Asia/Shanghai' }).default('Asia/Shanghai'),
  channels: z
    .array(Channel, { error: '栏目(channels)应为列表,每项写 slug 和 name' })
    .min(1, { error: '栏目(channels)至少要有一个' })
    .superRefine((channels, ctx) => {
      for (const key of ['slug', 'name'] as const) {
        const seen = new Set<string>()
        channels.forEach((channel, i) => {
          if (seen.has(channel[key])) {
            ctx.addIssue({
              code: 'custom',
              path: [i, key],
              message: `栏目的 ${key} 重复:${channel[key]}(每个栏目的 slug 和 name 都不能与其他栏目相同)`,
            })
          }
          seen.add(channel[key])
        })
      }
    }),
  disclaimer: requiredText('免责声明(disclaimer)', 'disclaimer: "[免责声明] ……"', undefined, true),
  statements: z.array(requiredText('网站声明', '- 一段文字', undefined, true), { error: '网站声明(statements)应为列表,每项以 - 开头' }).default([]),
  organizer: requiredText('主办单位(organizer)', 'organizer: 某某公司'),
  supervisor: optionalText('主管单位(supervisor)', 'supervisor: 某某办公室'),
  copyright: requiredText('版权声明(copyright)', 'copyright: 廉政法制网 lzfzwl.org.cn 版权所有。'),
  phones: z.strictObject({
    contact: z.array(requiredText('联系电话(phones.contact)', 'contact: [010-12345678]')).default([]),
    supervision: optionalText('监督电话(supervision)', 'supervision: "13269738208"'),
    report: optionalText('举报电话(report)', 'report: 010-57028685'),
  }),
  offices: z.array(requiredText('办公地址(offices)', '- 第一办公区:……')).default([]),
  email: optionalText('邮箱(email)', 'email: name@example.com'),
  qq: z
    .strictObject({
      service: optionalText('客服 QQ(qq.service)', 'service: "3610847436"'),
      liaison: optionalText('通联 QQ(qq.liaison)', 'liaison: "3504475633"'),
    })
    .default({}),
  icp: optionalText('ICP 备案号(icp)', 'icp: 京ICP备12345678号'),
  police: optionalText('公网安备号(police)', 'police: 京公网安备11010202000001号'),
})

export type SiteFrontMatter = z.infer<typeof SiteFrontMatter>
export const SITE_FIELDS = Object.keys(SiteFrontMatter.shape)
