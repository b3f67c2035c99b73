import type { Metadata } from 'next'
import { Breadcrumb } from '@/components/Breadcrumb'
import { CountedLinks } from '@/components/CountedLinks'
import { SiteHeader } from '@/components/SiteHeader'
import { content } from '@/lib/content'
import { formatMonth } from '@/lib/dates'
import { ARCHIVE_PATH, monthPath, TAGS_PATH } from '@/lib/routes'
import { pageMetadata } from '@/lib/seo'
import { archiveView } from '@/lib/views'

// Rendered by the build's warm Next server, never prerendered by `next build` (see README).
export const dynamic = 'force-dynamic'

export function generateMetadata(): Metadata {
  const { site } = content()
  return pageMetadata({ site, title: '文章归档', description: `${site.name}按月份排列的全部文章。`, path: ARCHIVE_PATH })
}

/** /archive/: every month that has articles, newest first, with counts (Beijing time). */
export default function ArchivePage() {
  const all = content()
  return (
    <>
      <SiteHeader site={all.site} />
      <main id="main" className="container">
        <Breadcrumb trail={[{ label: '首页', href: '/' }, { label: '文章归档' }]} />
        <h1 className="channel-title">文章归档</h1>
        <CountedLinks links={archiveView(all).map(({ name, count }) => ({ label: formatMonth(name), href: monthPath(name), count }))} emptyText="暂无文章" />
        <p className="more">
          <a href={TAGS_PATH}>按关键词浏览 &gt;</a>
        </p>
      </main>
    </>
  )
}
