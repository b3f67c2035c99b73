// The pager under a list (nav.pagination > ul > li > a), drawn once as hast for both places that
// show one: the month pages of channels, tags and the archive (components/Pagination.tsx, through
// React), and the pages of search results npm start writes for readers without JavaScript
// (scripts/server/search-page.ts, serialized by hast-util-to-html). Each says only which links it has.
import type { Element } from 'hast'
import { h } from 'hastscript'

/** One place in a pager: a link, or a gap (…) between page numbers. */
export type PageLink =
  | {
      label: string
      href: string
      /** the page shown: aria-current="page" */
      current?: boolean
      /** 上一页 is prev, 下一页 is next */
      rel?: 'prev' | 'next'
      /** a longer name for a screen reader than the label (第 3 页 for 3) */
      name?: string
    }
  | 'gap'

/** The pager (aria-label 分页) listing `links`; `attributes` adds data attributes (hast names) to the nav. */
export function pagerTree(links: readonly PageLink[], attributes: Record<string, string> = {}): Element {
  const items = links.map((link) =>
    link === 'gap'
      ? h('li', { ariaHidden: 'true' }, '…')
      : h('li', [h('a', { href: link.href, rel: link.rel, ariaCurrent: link.current ? 'page' : undefined, ariaLabel: link.name }, link.label)]),
  )
  return h('nav', { className: 'pagination', ariaLabel: '分页', ...attributes }, [h('ul', items)])
}
