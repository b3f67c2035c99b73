/** One thing wrong in the content folder, located as precisely as we can. */
export interface ContentProblem {
  /** Path relative to the working directory, e.g. `content/articles/x.md`. */
  file: string
  /** 1-based line in the file, when the problem sits on one line. */
  line?: number
  /** The front-matter field (or `文件名`, `正文`, `前言`) the problem is about. */
  field: string
  /** What is wrong and what is expected, in Chinese, for an editor. */
  message: string
}

// Control characters (C0, DEL, C1) and the bidirectional overrides that reorder what a terminal
// shows. A title or file name holding `ESC ] 0 ; … BEL` would otherwise rename the editor's
// terminal window or clear the screen when the check prints it.
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g

/** Text safe to print on one terminal line: every control character shown as an escape such as `\x1b`. */
export const printable = (text: string) =>
  text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0)
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })

/** `content/articles/x.md:3`, or just the file when the problem is not on one line. */
export const formatLocation = (p: ContentProblem) => `${p.file}${p.line ? `:${p.line}` : ''}`

/** `content/articles/x.md:3  date  日期不存在:2023-02-30(应为 YYYY-MM-DD)`, control characters escaped. */
export const formatProblem = (p: ContentProblem) => printable(`${formatLocation(p)}  ${p.field}  ${p.message}`)

/** Thrown by the loader with every problem in the folder, so an editor can fix them all at once. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(
      `内容有 ${problems.length} 处错误,网站未生成。请按提示修改后重试:\n` +
        problems.map((p) => '  ' + formatProblem(p)).join('\n'),
    )
    this.name = 'ContentError'
  }
}

/** Levenshtein distance, for suggesting the field an editor probably meant. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]
}

/** The candidate nearest to `word` (case-insensitive), if it is near enough to be a typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) [best, bestDistance] = [candidate, d]
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined
}
