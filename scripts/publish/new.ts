// `npm run new -- --title "标题" --category 关注民生 [--slug x] [--source 来源] [--author 作者] [--date 2023-01-07]`
// Creates content/articles/<slug>.md (under CONTENT_DIR if set) from a commented template of every
// field, dated now (to the minute) in Beijing. The file is a draft and passes `npm run check` as written.
// Never overwrites a file. Without --slug the name is the day and a number: 2026-11-27-1.md.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { JSON_SCHEMA, load } from 'js-yaml'
import { contentDir, updateStore } from '../../lib/content'
import { isSlug } from '../../lib/content'
import { formatDay, formatDayTime, parseSiteDate } from '../../lib/dates'
import { formatProblem, printable } from '../../lib/content'
import { settingsFromEnv } from '../../lib/settings'
import { codeHash, PARSER_INPUTS } from './compile'

const USAGE = `用法:npm run new -- --title "标题" --category 栏目 [--slug 文件名] [--source 来源] [--author 作者] [--date 日期]

  --title     标题(必填)
  --category  栏目名称或网址名(必填),见 content/site.md
  --slug      文件名和网址,只能用小写字母、数字和连字符,最多 80 个字符;不写则用日期编号,如 2026-11-27-1
  --source    来源,如 红星网
  --author    作者
  --date      发布日期(北京时间),如 2023-01-07 或 2023-01-07 08:30;不写则为现在(北京时间,精确到分钟)

注意:new 后面的 -- 不能省略,否则参数会被 npm 吞掉。`

function fail(message: string, usage = false): never {
  // The message may quote what the editor typed: printed with control characters escaped.
  console.error(`✖ ${printable(message).replace(/\\x0a/g, '\n')}${usage ? `\n\n${USAGE}` : ''}`)
  process.exit(1)
}

/** A file name long enough for any title's pinyin, short enough for every file system (255 bytes). */
export const MAX_SLUG = 80

const OPTION_NAMES = ['title', 'category', 'slug', 'source', 'author', 'date'] as const

/**
 * `npm run new --title 标题` without the `--`: npm takes `--title` as a setting of its own (it warns,
 * and sets npm_config_title) and passes 标题 on alone. Says what to type instead.
 */
function missingDashes(positionals: string[]): string | undefined {
  const swallowed = OPTION_NAMES.filter((name) => process.env[`npm_config_${name}`] !== undefined)
  if (swallowed.length === 0 && positionals.length === 0) return undefined
  const quote = (value: string) => `"${value.replace(/"/g, '“')}"`
  const example =
    swallowed.length === 0
      ? `npm run new -- --title ${quote(positionals.join(' '))} --category 栏目`
      : `npm run new -- ${[...new Set<string>(['title', 'category', ...swallowed])].map((name) => `--${name} ${name === 'title' ? '"标题"' : name === 'category' ? '栏目' : '…'}`).join(' ')}`
  return (
    `npm run new 后面少了 --,参数被 npm 吞掉了(上面 npm 的 warn 提示就是这个意思)。请这样输入:\n\n  ${example}\n\n` +
    (positionals.length > 0 ? `你输入的内容:${positionals.join(' ')}` : '')
  ).trim()
}

/** A YAML value that reads back as exactly `text`: plain when it can be, double-quoted otherwise. */
function yamlValue(text: string): string {
  try {
    const read = (load(`v: ${text}`, { schema: JSON_SCHEMA }) as { v?: unknown }).v
    if (read === text) return text
  } catch {
    // falls through to quoting
  }
  return JSON.stringify(text)
}

/** The commented template: every field, the required ones filled in. */
function template(fields: { title: string; date: string; channel: string; channels: string[]; source?: string; author?: string }) {
  const optional = (value?: string) => (value ? ` ${yamlValue(value)}` : '')
  return `---
# 标题(必填)
title: ${yamlValue(fields.title)}
# 发布时间(必填,北京时间):2023-01-07,或精确到分钟 2023-01-07 08:30;晚于现在的时间到时才发布(定时发布)
date: ${fields.date}
# 栏目(必填):${fields.channels.join('、')}
category: ${yamlValue(fields.channel)}
# 来源(可选),如 红星网
source:${optional(fields.source)}
# 作者(可选),如 佚名
author:${optional(fields.author)}
# 转载(可选):true 在文末显示免责声明,false 不显示;不写时,来源是别的媒体就算转载,是本网或不写来源就不算
reposted:
# 原文链接(可选):http:// 或 https:// 开头的完整网址
sourceUrl:
# 摘要(可选):一两句话,显示在列表和搜索结果里;不写则取正文开头
summary:
# 原标题(可选):转载时原文的标题
originalTitle:
# 责任编辑(可选)
editor:
# 关键词(可选):几个词语,如 [驻村帮扶, 乡村振兴];每个关键词有自己的页面,列出用它的全部文章
tags: []
# 置顶(可选):true 表示在栏目首页置顶;最新的一篇置顶文章是首页头条
pinned: false
# 更新时间(可选,北京时间):发布后又修改了文章时填写,如 2026-11-21 10:00,显示在发布时间旁边
updated:
# 更正说明(可选):更正了事实错误时写明更正了什么,显示在文末;同时要写 updated
correction:
# 草稿:true 表示不发布,只在 npm run dev 预览里可见;写完后改为 false
draft: true
---

<!--
  正文从下面开始写,段落之间空一行;小标题写成「## 小标题」。
  插图:把照片放进 content/images/,单独一段写成 ![图片说明](/images/文件名.jpg),说明显示在照片下方
  完整说明见 docs/editing.md。这段注释不会显示在网页上,可以删掉。
-->

在这里写正文。
`
}

function main() {
  let values: Record<string, string | boolean | undefined>
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({
      options: {
        title: { type: 'string' },
        category: { type: 'string' },
        slug: { type: 'string' },
        source: { type: 'string' },
        author: { type: 'string' },
        date: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    }))
  } catch (error) {
    const { code, message } = error as { code?: string; message: string }
    const option = (/'([^']*)'/.exec(message)?.[1] ?? '').replace(/ <value>$/, '')
    fail(
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? `不认识的参数 ${option}`
        : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
          ? `参数 ${option} 后面缺少内容`
          : code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
            ? `多余的内容:${option}(每个值前面要有参数名,如 --category 关注民生;含空格的标题请加引号)`
            : `参数有误:${message.split('\n')[0]}`,
      true,
    )
  }
  const dashes = missingDashes(positionals)
  if (dashes) fail(dashes)
  if (values.help) {
    console.log(USAGE)
    return
  }
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string).trim() : '')
  const title = text('title')
  if (!title) fail('缺少标题:请用 --title "标题" 给出文章标题', true)
  for (const name of OPTION_NAMES) {
    // The same rule as the check's: no control characters (pasted escapes, tabs, line breaks) in one-line fields.
    const control = /[\u0000-\u001F\u007F-\u009F]/.exec(text(name))
    if (control) fail(`--${name} 里有看不见的控制字符 ${printable(control[0])}:请删掉它,重新输入这段文字`)
  }
  if (!text('category')) fail('缺少栏目:请用 --category 栏目名称 指定栏目', true)

  const dir = contentDir()
  const siteFile = path.join(dir, 'site.md')
  if (!fs.existsSync(siteFile)) fail(`找不到网站信息文件 ${path.relative(process.cwd(), siteFile)}`)
  // The channels come from the content store, as every other stage reads the content.
  const { report } = updateStore(settingsFromEnv(), codeHash(process.cwd(), PARSER_INPUTS))
  const site = report.site
  if (!site) {
    const problems = report.problems.filter((p) => path.basename(p.file) === 'site.md')
    fail(`site.md 有错误,请先修改(npm run check 会列出全部):\n${problems.map(formatProblem).join('\n')}`)
  }

  const category = text('category')
  const channel = site.channels.find((c) => c.name === category || c.slug === category)
  if (!channel) {
    fail(`栏目不存在:${category}。现有栏目:${site.channels.map((c) => `${c.name}(${c.slug})`).join('、')}`)
  }

  const now = new Date()
  // The current minute, not just the day: articles made the same day list in the order they were made.
  let date = formatDayTime(now)
  if (text('date')) {
    const parsed = parseSiteDate(text('date'))
    if (!(parsed instanceof Date)) fail(`日期不对:${text('date')}(应为 YYYY-MM-DD,如 2023-01-07;也可写 2023-01-07 08:30)`)
    date = text('date')
  }

  const articlesDir = path.join(dir, 'articles')
  fs.mkdirSync(articlesDir, { recursive: true })
  let slug = text('slug')
  // lstat, not exists: a link whose target is gone still holds the name, and `wx` would refuse it.
  const taken = (name: string) => {
    try {
      return fs.lstatSync(path.join(articlesDir, `${name}.md`))
    } catch {
      return undefined
    }
  }
  if (slug) {
    if (slug.length > MAX_SLUG) fail(`文件名太长:${slug.length} 个字符,最多 ${MAX_SLUG} 个。请用几个关键词的拼音或英文,如 loudi-zhucun`)
    if (!isSlug(slug)) fail(`文件名 ${slug} 不能用作网址:只能用小写字母、数字和连字符,如 loudi-zhucun`)
    if (taken(slug)?.isSymbolicLink() && !fs.existsSync(path.join(articlesDir, `${slug}.md`))) {
      fail(`已有同名的链接(快捷方式)${slug}.md,它指向的文件不存在:请删除它,或换一个 --slug`)
    }
  } else {
    const day = formatDay(parseSiteDate(date) as Date)
    let n = 1
    while (taken(`${day}-${n}`)) n++
    slug = `${day}-${n}`
  }
  const file = path.join(articlesDir, `${slug}.md`)
  const shown = path.relative(process.cwd(), file) || file
  const body = template({
    title,
    date,
    channel: channel.name,
    channels: site.channels.map((c) => c.name),
    source: text('source') || undefined,
    author: text('author') || undefined,
  })
  try {
    fs.writeFileSync(file, body, { flag: 'wx' }) // wx: fails instead of overwriting
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      fail(`文件已存在,不会覆盖:${shown}。请换一个 --slug,或直接编辑这个文件`)
    }
    throw error
  }
  const port = process.env.PORT || 3000
  console.log(`✓ 已新建文章:${shown}`)
  console.log(`  预览地址:http://localhost:${port}/articles/${slug}/(先运行 npm run dev)`)
  console.log('  这篇文章是草稿(draft: true):写完后把 draft 改为 false,它才会出现在正式网站上。')
  if ((parseSiteDate(date) as Date).getTime() > now.getTime()) {
    console.log(`  发布时间 ${date} 晚于现在:改为 draft: false 后,它会在这个时间之后的构建中发布(定时发布)。`)
  }
}

main()
