import { formatMonth } from '@/lib/dates'
import { FRONT, type Pager } from '@/lib/views'

interface PaginationProps {
  pager: Pager
  /** The URL of a month of this list, or of its front page (FRONT). */
  href: (month: string) => string
  /** The front page's link text: 最新 for a channel or a tag, 全部月份 for the site's months. */
  frontLabel?: string
}

/** 最新 | 上一页 | … months … | 下一页: reading order runs from the newest articles to the oldest, a month a page. */
export function Pagination({ pager, href, frontLabel = '最新' }: PaginationProps) {
  const { current, newer, older, months } = pager
  return (
    <nav className="pagination" aria-label="分页">
      <ul>
        <li>
          <a href={href(FRONT)} aria-current={current === FRONT ? 'page' : undefined}>
            {frontLabel}
          </a>
        </li>
        {newer !== undefined && (
          <li>
            <a href={href(newer)} rel="prev">
              上一页
            </a>
          </li>
        )}
        {months.map((month) => (
          <li key={month}>
            <a href={href(month)} aria-current={month === current ? 'page' : undefined}>
              {formatMonth(month)}
            </a>
          </li>
        ))}
        {older !== undefined && (
          <li>
            <a href={href(older)} rel="next">
              下一页
            </a>
          </li>
        )}
      </ul>
    </nav>
  )
}
