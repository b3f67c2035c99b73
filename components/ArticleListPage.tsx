import type { Site } from '@/lib/content'
import type { ChannelListItem, ListItem } from '@/lib/view-items'
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
  /** After the title, in brackets: the month a channel's or a tag's month page shows. */
  subtitle?: string
  pager?: Pager
  /** The URL of a month of this list, or of its front page (FRONT). */
  href: (month: string) => string
  frontLabel?: string
  articles: (ListItem | ChannelListItem)[]
  emptyText?: string
  pinned?: number
  /** The channel marked in the navigation. */
  currentChannel?: string
}

/** A list of articles, a page a month: a channel, a tag, the site's months. */
export function ArticleListPage({ site, trail, title, subtitle, pager, href, frontLabel, articles, emptyText, pinned, currentChannel }: ArticleListPageProps) {
  return (
    <>
      <SiteHeader site={site} currentChannel={currentChannel} />
      <main id="main" className="container">
        <Breadcrumb trail={[{ label: '首页', href: '/' }, ...trail]} />
        <h1 className="channel-title">
          {title}
          {subtitle && <small>({subtitle})</small>}
        </h1>
        <ArticleList articles={articles} emptyText={emptyText} pinned={pinned} />
        {pager && <Pagination pager={pager} href={href} frontLabel={frontLabel} />}
      </main>
    </>
  )
}
