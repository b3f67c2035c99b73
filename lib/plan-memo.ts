import type { Article, Content } from './content'

// What a resident publisher remembers from one plan to the next (lib/site-pages.ts sitePages), so
// that a publish costs what its change costs, not what the archive costs:
//
// - each page's view and key: a page whose view is the same value as last time keeps its key
//   without hashing it again. "The same" is decided on the value itself (sameJson below), field by
//   field, whatever the view holds: no list of what a page shows is kept here either. An object
//   met again (an unchanged article: lib/content keeps the same object for the same parse) is the
//   same by reference, so an article page's body is never walked.
// - each article's related list (lib/related.ts): related articles are chosen only among earlier
//   ones, so an article whose earlier articles are all as they were keeps its list. The rule
//   itself is never copied: every other article's list comes from running relatedArticles.
//
// A full build plans without a memo; the keys are the same either way (tests/unit/site-pages.test.ts).

/** A plan's related lists as a release keeps them (PlanMemo saved and restore). */
export interface SavedRelated {
  order: string[]
  lists: number[][]
}

interface Remembered {
  site: string
  view: unknown
  key: string
}

export class PlanMemo {
  private pages = new Map<string, Remembered>()
  private nextPages = new Map<string, Remembered>()
  private articles: Article[] = []
  private related = new Map<Article, Article[]>()
  private nextRelated = new Map<Article, Article[]>()
  /** How many of the newest-first list's oldest articles are the same objects as last time. */
  private tail = 0
  /** For the bench and tests: pages keyed anew and related lists worked out anew by the last plan. */
  stats = { hashed: 0, related: 0 }

  /** Starts a plan of `content`. */
  begin(content: Content): void {
    const before = this.articles
    const now = content.articles
    let tail = 0
    while (tail < before.length && tail < now.length && before[before.length - 1 - tail] === now[now.length - 1 - tail]) tail++
    this.tail = tail
    this.nextPages = new Map()
    this.nextRelated = new Map()
    this.stats = { hashed: 0, related: 0 }
  }

  /** The key of `path` showing `view` on the site keyed `site`: remembered when the view is the same value, else `hash`ed. */
  key(path: string, site: string, view: unknown, hash: () => string): string {
    const known = this.pages.get(path)
    let key: string
    if (known && known.site === site && (sameJson(known.view, view))) key = known.key
    else {
      key = hash()
      this.stats.hashed++
    }
    this.nextPages.set(path, { site, view, key })
    return key
  }

  /** `article`'s related list, at `position` in the newest-first list of `content`: last plan's when nothing at or after it changed. */
  relatedOf(content: Content, article: Article, position: number, work: () => Article[]): Article[] {
    let list = content.articles.length - 1 - position < this.tail ? this.related.get(article) : undefined
    if (!list) {
      list = work()
      this.stats.related++
    }
    this.nextRelated.set(article, list)
    return list
  }

  /**
   * The related lists of the last plan, to keep beside a release (`saved`), so that a cold build,
   * which starts without a memo, can start from them (`restore`): the slugs newest first, and each
   * article's list as positions in that order.
   */
  saved(): SavedRelated | undefined {
    const at = new Map(this.articles.map((a, i) => [a, i]))
    const lists: number[][] = []
    for (const article of this.articles) {
      const list = this.related.get(article)?.map((a) => at.get(a))
      if (!list || list.some((i) => i === undefined)) return undefined
      lists.push(list as number[])
    }
    return { order: this.articles.map((a) => a.slug), lists }
  }

  /**
   * Starts from a saved plan's related lists (`saved` above) before the first plan of `content`.
   * An article of `content` whose slug and digest (lib/content articleDigest) are those the saved
   * plan's article had (`digests`, the release's) counts as the same, and keeps its saved list when
   * nothing older changed (relatedOf): a different digest is a different article.
   */
  restore(content: Content, saved: SavedRelated, digests: Record<string, string>, digest: (article: Article) => string | undefined): void {
    if (saved.lists.length !== saved.order.length) return // not a saved plan: every list is worked out
    const now = content.articles
    // The saved order, with this content's article where slug and digest match, else a stand-in that matches nothing.
    const articles = saved.order.map((slug) => {
      const article = content.bySlug.get(slug)
      return article && digests[slug] !== undefined && digest(article) === digests[slug] ? article : ({ slug } as Article)
    })
    let tail = 0
    while (tail < articles.length && tail < now.length && articles[articles.length - 1 - tail] === now[now.length - 1 - tail]) tail++
    this.articles = articles
    this.related = new Map()
    for (let i = articles.length - tail; i < articles.length; i++) this.related.set(articles[i], saved.lists[i].map((j) => articles[j]))
  }

  /** Ends the plan of `content`: what it worked out is what the next plan compares with. */
  end(content: Content): void {
    this.pages = this.nextPages
    this.related = this.nextRelated
    this.articles = content.articles
  }
}

/**
 * Whether two views have the same JSON as lib/site-pages.ts viewKey writes it (Maps as entry
 * lists, Dates as ISO strings), without writing it. When unsure (another kind of object), not the same.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false
    const other = b.entries()
    for (const [key, value] of a) {
      const [otherKey, otherValue] = other.next().value as [unknown, unknown]
      if (!sameJson(key, otherKey) || !sameJson(value, otherValue)) return false
    }
    return true
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false
    return true
  }
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false
  // Keys in the same order: the JSON, and so the key, depends on it.
  const keys = Object.keys(a)
  const otherKeys = Object.keys(b)
  if (keys.length !== otherKeys.length) return false
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== otherKeys[i]) return false
    if (!sameJson((a as Record<string, unknown>)[keys[i]], (b as Record<string, unknown>)[keys[i]])) return false
  }
  return true
}
