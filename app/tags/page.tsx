import type { Metadata } from 'next'
import { Breadcrumb } from '@/components/Breadcrumb'
import { CountedLinks } from '@/components/CountedLinks'
import { SiteHeader } from '@/components/SiteHeader'
import { content } from '@/lib/content'
import { ARCHIVE_PATH, TAGS_PATH, tagPath } from '@/lib/routes'
import { pageMetadata } from '@/lib/seo'
import { tagsView } from '@/lib/views'

// Rendered by the build's warm Next server, never prerendered by `next build` (see README).
export const dynamic = 'force-dynamic'

export function generateMetadata(): Metadata {
  const { site } = content()
  return pageMetadata({ site, title: '关键词', description: `${site.name}全部关键词,按文章数量排列。`, path: TAGS_PATH })
}

/** /tags/: every tag, the most used first. */
export default function TagsPage() {
  const all = content()
  return (
    <>
      <SiteHeader site={all.site} />
      <main id="main" className="container">
        <Breadcrumb trail={[{ label: '首页', href: '/' }, { label: '关键词' }]} />
        <h1 className="channel-title">关键词</h1>
        <CountedLinks links={tagsView(all).map(({ name, count }) => ({ label: name, href: tagPath(name), count }))} emptyText="暂无关键词" />
        <p className="more">
          <a href={ARCHIVE_PATH}>按月份浏览全部文章 &gt;</a>
        </p>
      </main>
    </>
  )
}
