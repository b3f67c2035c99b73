interface PaginationProps {
  current: number
  total: number
  /** The URL of page n (page 1 is the channel's own URL). */
  href: (page: number) => string
}

/** Which page numbers to show: the first, the last, and two either side of the current one. */
export function visiblePages(current: number, total: number): (number | 'gap')[] {
  const pages: (number | 'gap')[] = []
  for (let n = 1; n <= total; n++) {
    if (n === 1 || n === total || Math.abs(n - current) <= 2) pages.push(n)
    else if (pages.at(-1) !== 'gap') pages.push('gap')
  }
  return pages
}

export function Pagination({ current, total, href }: PaginationProps) {
  if (total <= 1) return null
  return (
    <nav className="pagination" aria-label="分页">
      <ul>
        {current > 1 && (
          <li>
            <a href={href(current - 1)} rel="prev">
              上一页
            </a>
          </li>
        )}
        {visiblePages(current, total).map((n, i) =>
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
        {current < total && (
          <li>
            <a href={href(current + 1)} rel="next">
              下一页
            </a>
          </li>
        )}
      </ul>
    </nav>
  )
}
