import type { ContentStore } from '../../lib/content'
import { NEWS_WINDOW } from '../../lib/sitemap'

// What the clock alone changes: a scheduled article goes live at its date, an article leaves the
// news sitemap 48 hours after it, and a timed problem (a date too far ahead, say) ends at its moment.
// A resident publisher wakes at the nearest of these with nothing saved (issue: scheduled articles
// stayed 404 until some file was touched).

const WINDOW_MS = NEWS_WINDOW.hours * 3_600_000

/** The next moment after `now` at which the published site changes with no file changed; undefined when none will. */
export function nextMoment(store: ContentStore, now: Date): Date | undefined {
  const at = now.getTime()
  let next = Infinity
  const consider = (ms: number) => {
    if (ms > at && ms < next) next = ms
  }
  for (const entry of Object.values(store.files)) {
    for (const timed of entry.until) consider(Date.parse(timed.until))
    const article = entry.article
    if (!article || article.draft) continue
    // The saved store holds ISO strings, the one in memory Dates.
    const date = new Date(article.date as Date | string).getTime()
    consider(date)
    // newsArticles keeps an article while date >= now - 48 h: it is gone one millisecond later.
    consider(date + WINDOW_MS + 1)
  }
  return Number.isFinite(next) ? new Date(next) : undefined
}
