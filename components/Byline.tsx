import { formatDay, formatDayTime, formatMonth, hasTimeOfDay, isoInShanghai, monthOf } from '@/lib/dates'
import { monthPath } from '@/lib/routes'

interface BylineProps {
  date: Date
  /** 更新时间, shown beside the publication time. */
  updated?: Date
  source?: string
  author?: string
}

const shown = (date: Date) => (hasTimeOfDay(date) ? formatDayTime(date) : formatDay(date))

export function Byline({ date, updated, source, author }: BylineProps) {
  const month = monthOf(date)
  return (
    // Kept out of search excerpts; the date is given to search results as metadata instead.
    <p className="byline">
      <span>
        发布时间:
        {/* The date leads to its month's archive; the name says where, starting with what is seen. */}
        <a href={monthPath(month)} aria-label={`${shown(date)},${formatMonth(month)}的全部文章`}>
          <time dateTime={isoInShanghai(date)}>{shown(date)}</time>
        </a>
      </span>
      {updated && (
        <span>
          更新时间:<time dateTime={isoInShanghai(updated)}>{formatDayTime(updated)}</time>
        </span>
      )}
      {source && <span>来源:{source}</span>}
      {author && <span>作者:{author}</span>}
    </p>
  )
}
