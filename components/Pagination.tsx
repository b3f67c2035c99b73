import { toJsxRuntime } from 'hast-util-to-jsx-runtime'
import { Fragment, jsx, jsxs } from 'react/jsx-runtime'
import { formatMonth } from '@/lib/dates'
import { type PageLink, pagerTree } from '@/lib/pager'
import { FRONT, type Pager } from '@/lib/views'

interface PaginationProps {
  pager: Pager
  /** The URL of a month of this list, or of its front page (FRONT). */
  href: (month: string) => string
  /** The front page's link text: 最新 for a channel or a tag, 全部月份 for the site's months. */
  frontLabel?: string
}

/**
 * 最新 | 上一页 | … months … | 下一页: reading order runs from the newest articles to the oldest, a month a page.
 * Drawn by lib/pager.ts, the pager npm start's search results use too.
 */
export function Pagination({ pager, href, frontLabel = '最新' }: PaginationProps) {
  const { current, newer, older, months } = pager
  const links: PageLink[] = [{ href: href(FRONT), current: current === FRONT, label: frontLabel }]
  if (newer !== undefined) links.push({ href: href(newer), rel: 'prev', label: '上一页' })
  for (const month of months) links.push({ href: href(month), current: month === current, label: formatMonth(month) })
  if (older !== undefined) links.push({ href: href(older), rel: 'next', label: '下一页' })
  return toJsxRuntime(pagerTree(links), { Fragment, jsx, jsxs })
}
