import type { Pager } from '@/lib/views'

interface PaginationProps {
  pager: Pager
  /** The URL of page n (0 is the front page). */
  href: (page: number) => string
}

/** 最新 | 上一页 | … pages … | 下一页: reading order runs from the newest articles to the oldest. */
export function Pagination({ pager, href }: PaginationProps) {
  const { current, newer, older, numbers } = pager
  return (
    <nav className="pagination" aria-label="分页">
      <ul>
        <li>
          <a href={href(0)} aria-current={current === 0 ? 'page' : undefined}>
            最新
          </a>
        </li>
        {newer !== undefined && (
          <li>
            <a href={href(newer)} rel="prev">
              上一页
            </a>
          </li>
        )}
        {numbers.map((n, i) =>
          n === 'gap' ? (
            <li key={`gap${i}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={n}>
              <a href={href(n)} aria-current={n === current ? 'page' : undefined} aria-label={`第 ${n} 页`}>
                {n}
              </a>
            </li>
          ),
        )}
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
