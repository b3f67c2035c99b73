import type { Article, Site } from '@/lib/content'
import type { Pager } from '@/lib/views'
import { ArticleList } from './ArticleList'
import { Breadcrumb, type Crumb } from './Breadcrumb'
import { Pagination } from './Pagination'
import { SiteHeader } from './SiteHeader'

interface ArticleListPageProps {
  site: Site
  /** The trail after 首页; its last crumb is this page. */
  trail: Crumb[]
  title: string
  /** 0 for the front page, else the archive page number. */
  page: number
  pager?: Pager
  /** The URL of page n of this list (0 the front page). */
  href: (page: number) => string
  articles: Article[]
  emptyText?: string
  showChannel?: boolean
  pinned?: number
  /** The channel marked in the navigation. */
  currentChannel?: string
  children?: React.ReactNode
}

/** A paginated list of articles: a channel, a tag, a month. */
export function ArticleListPage({ site, trail, title, page, pager, href, articles, emptyText, showChannel, pinned, currentChannel, children }: ArticleListPageProps) {
  return (
    <>
      <SiteHeader site={site} currentChannel={currentChannel} />
      <main id="main" className="container">
        <Breadcrumb trail={[{ label: '首页', href: '/' }, ...trail]} />
        <h1 className="channel-title">
          {title}
          {page > 0 && <small>(第 {page} 页)</small>}
        </h1>
        {children}
        <ArticleList articles={articles} emptyText={emptyText} showChannel={showChannel} pinned={pinned} />
        {pager && <Pagination pager={pager} href={href} />}
      </main>
    </>
  )
}
