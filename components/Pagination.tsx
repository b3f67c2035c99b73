interface PaginationProps {
  /** 0 on the front page (the newest articles), else the archive page number (1 is the oldest). */
  current: number
  /** How many archive pages there are. */
  pages: number
  /** The URL of page n (0 is the front page). */
  href: (page: number) => string
}

/**
 * Which archive page numbers to show, newest first: the current page and two either side, the
 * newest and the oldest, with gaps between. Page numbers count from the oldest article.
 */
export function visiblePages(current: number, pages: number): (number | 'gap')[] {
  const shown: (number | 'gap')[] = []
  for (let n = pages; n >= 1; n--) {
    if (n === 1 || n === pages || Math.abs(n - current) <= 2) shown.push(n)
    else if (shown.at(-1) !== 'gap') shown.push('gap')
  }
  return shown
}

/** 最新 | 上一页 | … pages … | 下一页: reading order runs from the newest articles to the oldest. */
export function Pagination({ current, pages, href }: PaginationProps) {
  if (pages === 0) return null
  const newer = current === 0 ? undefined : current === pages ? 0 : current + 1
  const older = current === 0 ? pages : current > 1 ? current - 1 : undefined
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
        {visiblePages(current, pages).map((n, i) =>
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
