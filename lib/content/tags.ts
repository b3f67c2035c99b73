import type { ContentProblem } from './problems'

// Two spellings of one tag (驻村帮扶 and 驻村 帮扶, ＡＩ and AI) would split its articles over two
// tag pages. Tags are compared with width, case, spaces, punctuation and invisible characters
// folded away; a longer tag that merely contains another (乡村振兴战略) is a different tag.

/** What is left of a tag once width, case, whitespace, punctuation and invisible characters are folded away. */
export const tagKey = (tag: string) =>
  tag
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}\p{Cf}]/gu, '')

/** Where an article's tags are, for pointing an editor at them. */
export interface TagUse {
  file: string
  tags: string[]
  /** The line of the `tags` field. */
  line?: number
}

/**
 * One warning for each tag spelled differently from a more common spelling of the same tag,
 * at the first file that uses it, naming the spelling to use.
 */
export function similarTags(uses: TagUse[]): ContentProblem[] {
  const spellings = new Map<string, Map<string, TagUse[]>>()
  // A tag on thousands of articles is folded once, not once per article.
  const keys = new Map<string, string>()
  for (const use of uses) {
    for (const tag of use.tags) {
      let key = keys.get(tag)
      if (key === undefined) keys.set(tag, (key = tagKey(tag)))
      if (key === '') continue // refused by the schema: nothing to compare it with
      let byTag = spellings.get(key)
      if (!byTag) spellings.set(key, (byTag = new Map()))
      const users = byTag.get(tag)
      if (users) users.push(use)
      else byTag.set(tag, [use])
    }
  }
  const warnings: ContentProblem[] = []
  for (const byTag of spellings.values()) {
    if (byTag.size < 2) continue
    // The spelling most articles use is the one to keep; ties go to half-width, then the shorter, then the first in order.
    const halfWidth = (tag: string) => (tag === tag.normalize('NFKC') ? 0 : 1)
    const ranked = [...byTag.entries()].sort(
      (a, b) => b[1].length - a[1].length || halfWidth(a[0]) - halfWidth(b[0]) || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1),
    )
    const [keep, kept] = ranked[0]
    for (const [tag, users] of ranked.slice(1)) {
      const others = users.slice(1, 4).map((u) => u.file)
      warnings.push({
        file: users[0].file,
        line: users[0].line,
        field: 'tags',
        message:
          `关键词「${tag}」和「${keep}」几乎一样(只差空格、标点、大小写或全角半角),会分成两个关键词页面:` +
          `请统一写成「${keep}」(已有 ${kept.length} 篇这样写)` +
          (others.length > 0 ? `;写成「${tag}」的还有 ${others.join('、')}${users.length > 4 ? ` 等 ${users.length} 篇` : ''}` : ''),
      })
    }
  }
  return warnings
}
