import { formatDay, formatDayTime, hasTimeOfDay, isoInShanghai } from '@/lib/dates'

interface BylineProps {
  date: Date
  source?: string
  author?: string
}

export function Byline({ date, source, author }: BylineProps) {
  return (
    // Kept out of search excerpts; the date is given to search results as metadata instead.
    <p className="byline">
      <span>
        发布时间:<time dateTime={isoInShanghai(date)}>{hasTimeOfDay(date) ? formatDayTime(date) : formatDay(date)}</time>
      </span>
      {source && <span>来源:{source}</span>}
      {author && <span>作者:{author}</span>}
    </p>
  )
}
