import matter from 'gray-matter'
import { JSON_SCHEMA, load } from 'js-yaml'
import { type Document, LineCounter, parseDocument } from 'yaml'
import type { ContentProblem } from './problems'

// A content file is front matter (YAML between two `---` lines) followed by Markdown. YAML's own
// errors are English and often point a line too late, so when parsing fails the front-matter lines
// are scanned for the mistakes editors actually make, and the first one is explained in Chinese.

/** A problem inside one file: the caller adds the file name. */
export type FileProblem = Omit<ContentProblem, 'file'>

export type FrontMatter =
  | {
      data: Record<string, unknown>
      body: string
      /** Lines before the body, so a body line number can be turned into a file line number. */
      bodyOffset: number
    }
  | { problem: FileProblem }

/** Decodes a content file as UTF-8, dropping a BOM; undefined when it is in another encoding (GBK, UTF-16). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return text.includes('\0') ? undefined : text // UTF-16 without a BOM decodes, full of NULs
  } catch {
    return undefined
  }
}

export const NOT_UTF8: FileProblem = {
  field: '文件',
  message:
    '文件不是 UTF-8 编码(多半是 GBK 或 UTF-16),中文会变成乱码:请用编辑器「另存为」,编码选择 UTF-8 后保存(Windows 记事本:另存为 → 编码 → UTF-8)',
}

const SEPARATOR = /^---[ \t]*$/
// Lines that look like a separator but are not three ASCII hyphens: ——, ———, - - -, ＿＿＿ …
const SEPARATOR_LOOKALIKE = /^[ \t]*[-—–─－_=＿][-—–─－_=＿ \t]+$/
const KEY_LINE = /^([A-Za-z_][\w-]*)[ \t]*:(.*)$/
// The full-width colon (U+FF1A) is written as an escape: some editors' tools turn it into ':' unseen.
const FULL_WIDTH_COLON = '\uFF1A'
const FULL_WIDTH_COLON_KEY = /^([A-Za-z_][\w-]*)[ \t]*\uFF1A/
const YAML_SPECIAL_START = /^(?:[[\]{}*&!|>%@`,]|[-?:](?:\s|$))/

// js-yaml's reasons are English; the common ones get a Chinese explanation (the fallback).
const YAML_REASONS: [RegExp, string][] = [
  [/double quoted|single quoted|deficient indentation/, '引号没有成对(缺少结尾的引号)'],
  [/duplicated mapping key/, '同一个字段写了两次'],
  [/bad indentation|can not read a block mapping entry/, '缩进不对,或一行里有多余的冒号'],
  [/end of the stream or a document separator/, '格式不对,多半是某行缺少「字段: 值」中的冒号或空格'],
  [/unexpected end of the stream/, '前言意外结束'],
]

const parsesAlone = (line: string) => {
  try {
    load(line, { schema: JSON_SCHEMA })
    return true
  } catch {
    return false
  }
}

/** Why a single `key: value` line does not parse, in an editor's words. */
function explainValue(key: string, value: string): string {
  const quote = value[0]
  if (quote === '"' || quote === "'") {
    const close = quote === '"' ? /^"(?:[^"\\]|\\.)*"/.exec(value) : /^'(?:[^']|'')*'/.exec(value)
    if (!close) {
      return `引号没有成对:${key} 的值以 ${quote} 开头,却没有结尾的 ${quote}。整个值要放在一对英文引号里,或者去掉引号(标题里的引号请用中文引号“”)`
    }
    return `引号只包住了 ${key} 的值的一部分:要么整个值都放在一对英文引号里,要么去掉引号(标题里的引号请用中文引号“”)`
  }
  if (YAML_SPECIAL_START.test(value)) {
    return `${key} 的值以「${value[0]}」开头,会被当成特殊符号:请给整个值加英文双引号,如 ${key}: "${value.replace(/"/g, '“')}",或改用中文符号(如【】)`
  }
  if (/:\s/.test(value) || value.endsWith(':')) {
    return `${key} 的值里有英文冒号「:」,会被误读:请改用中文冒号「${FULL_WIDTH_COLON}」,或给整个值加英文双引号,如 ${key}: "${value.replace(/"/g, '“')}"`
  }
  return `${key} 这一行无法识别:请检查引号和冒号,必要时给整个值加英文双引号`
}

/**
 * Finds the first line of the front matter (file lines 2…closing-1) that an editor got wrong.
 * `lines` are the file's lines; returns undefined when nothing recognisable is wrong.
 */
function findMistake(lines: string[], closing: number): FileProblem | undefined {
  const seen = new Map<string, number>()
  let blockOpen = false // the previous key had no value on its line: indented or `- ` lines follow
  let multiline = false // inside a `|` or `>` block
  for (let i = 1; i < closing; i++) {
    const line = lines[i].replace(/\r$/, '')
    const at = i + 1
    if (line.trim() === '' || /^\s*#/.test(line)) continue
    if (/^ *\t/.test(line) && !multiline) {
      return { line: at, field: '前言', message: '这一行用了 Tab(制表符)缩进:前言里的字段要顶格写,需要缩进时请用空格' }
    }
    if (/^\s/.test(line) || (blockOpen && /^- /.test(line))) {
      if (!blockOpen) return { line: at, field: '前言', message: '这一行前面多了空格:每个字段都要顶格写,如 source: 红星网' }
      continue
    }
    multiline = false
    const fullWidth = FULL_WIDTH_COLON_KEY.exec(line)
    if (fullWidth) {
      return {
        line: at,
        field: fullWidth[1],
        message: `${fullWidth[1]} 后面用了中文冒号「${FULL_WIDTH_COLON}」:应为英文冒号加一个空格,如 ${fullWidth[1]}: ……`,
      }
    }
    const match = KEY_LINE.exec(line)
    if (!match) {
      return {
        line: at,
        field: '前言',
        message: `这一行不是「字段: 值」的形式:${line.trim().slice(0, 30)}。前言里每行写一个字段(如 title: 标题);正文要写在第二个 --- 之后`,
      }
    }
    const [, key, rest] = match
    const first = seen.get(key)
    if (first) return { line: at, field: key, message: `字段 ${key} 写了两次(第 ${first} 行和第 ${at} 行):请删掉多余的一行` }
    seen.set(key, at)
    if (rest !== '' && !/^[ \t]/.test(rest)) {
      return { line: at, field: key, message: `${key} 的冒号后面缺少空格:应写成 ${key}: ${rest.trim()}` }
    }
    const value = rest.trim()
    blockOpen = value === '' || /^[|>][-+]?\d*$/.test(value)
    multiline = /^[|>]/.test(value)
    if (!parsesAlone(line)) return { line: at, field: key, message: explainValue(key, value) }
  }
  return undefined
}

/** The problem with a front matter that js-yaml refused (or read as something other than fields). */
function explainYaml(lines: string[], closing: number, error?: unknown): FileProblem {
  const mistake = findMistake(lines, closing)
  if (mistake) return mistake
  if (!error) return { line: 2, field: '前言', message: '前言应为「字段: 值」的形式,每行一个字段,如 title: 标题' }
  const mark = (error as { mark?: { line?: number } }).mark
  const reason = (error as { reason?: string }).reason ?? String(error)
  const hint = YAML_REASONS.find(([pattern]) => pattern.test(reason))?.[1] ?? reason
  return {
    // gray-matter hands js-yaml the text from the end of the first `---`, so its line 0 is file line 1.
    line: mark?.line !== undefined ? Math.min(mark.line + 1, closing) : undefined,
    field: '前言',
    message: `前言(YAML)无法解析:${hint}(问题在这一行或之前几行)。常见原因:引号不成对、冒号后缺空格、缩进不齐;值里有冒号时请给整个值加引号`,
  }
}

/**
 * Splits front matter from body, keeping every YAML value as a string, number, boolean, list or map
 * (a bare date must not become UTC midnight). Returns the data and body, or the first problem, located.
 */
export function splitFrontMatter(raw: string): FrontMatter {
  const text = raw.replace(/^\uFEFF/, '')
  if (text.trim() === '') return { problem: { field: '文件', message: '文件是空的(应以 --- 开头写前言,再写正文)' } }
  const lines = text.split('\n')
  const firstLine = lines[0].replace(/\r$/, '')
  if (!SEPARATOR.test(firstLine)) {
    const firstUsed = lines.findIndex((l) => l.trim() !== '')
    if (SEPARATOR.test(lines[firstUsed].trim())) {
      return { problem: { line: firstUsed + 1, field: '前言', message: '--- 必须写在文件的第一行,前面不能有空行或空格' } }
    }
    if (SEPARATOR_LOOKALIKE.test(firstLine)) {
      return {
        problem: {
          line: 1,
          field: '前言',
          message: `第一行应为三个英文减号 ---,现在是「${firstLine.trim()}」(可能是中文输入法打出的破折号)`,
        },
      }
    }
    return {
      problem: {
        line: 1,
        field: '前言',
        message: '缺少前言:文件第一行应为 ---,随后写 title、date、category 等字段,再以 --- 结束',
      },
    }
  }
  const closing = lines.findIndex((line, i) => i > 0 && SEPARATOR.test(line.replace(/\r$/, '')))
  if (closing < 0) {
    const lookalike = lines.findIndex((line, i) => i > 0 && SEPARATOR_LOOKALIKE.test(line.replace(/\r$/, '')))
    return {
      problem:
        lookalike > 0
          ? {
              line: lookalike + 1,
              field: '前言',
              message: `前言的结束线应为三个英文减号 ---,现在是「${lines[lookalike].trim()}」(可能是中文输入法打出的破折号)`,
            }
          : { line: 1, field: '前言', message: '前言没有结束:在最后一个字段的下一行写 ---(三个英文减号),再写正文' },
    }
  }
  let data: unknown
  let body: string
  try {
    // Passing options also bypasses gray-matter's process-wide cache, whose shared objects leak mutations.
    const file = matter(text, { engines: { yaml: (s: string) => load(s, { schema: JSON_SCHEMA }) as object } })
    data = file.data ?? {}
    body = file.content
  } catch (error) {
    return { problem: explainYaml(lines, closing, error) }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { problem: explainYaml(lines, closing) }
  // Counted from the end: gray-matter's body may start on the closing line itself (`---  text`).
  const bodyOffset = lines.length - body.split('\n').length
  return { data: data as Record<string, unknown>, body, bodyOffset }
}

/** A front matter as a YAML document with positions, and how a position in it is a line of the file. */
export interface LocatedFrontMatter {
  document: Document.Parsed
  /** The 1-based file line of an offset into the front matter. */
  line: (offset: number) => number
}

let lastLocated: { text: string; located: LocatedFrontMatter } | undefined

/**
 * The front matter of a file (the lines between its two `---`) parsed by `yaml` with a LineCounter,
 * so a field is found by its place in the document rather than by matching lines. The last file's
 * parse is kept: one file's problems ask for several lines in a row.
 */
export function locateFrontMatter(raw: string): LocatedFrontMatter {
  if (lastLocated?.text === raw) return lastLocated.located
  const text = raw.replace(/^\uFEFF/, '')
  const start = text.indexOf('\n') + 1
  const closing = /^---[ \t]*\r?$/m
  const rest = start > 0 ? text.slice(start) : ''
  const end = rest.search(closing)
  const lineCounter = new LineCounter()
  const document = parseDocument(end < 0 ? rest : rest.slice(0, end), { lineCounter, uniqueKeys: false })
  const located = { document, line: (offset: number) => lineCounter.linePos(offset).line + 1 }
  lastLocated = { text: raw, located }
  return located
}
