import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { ArticleListPage } from '@/components/ArticleListPage'
import { content } from '@/lib/content'
import { channelPath, pageFromSegments } from '@/lib/routes'
import { channelDescription, pageMetadata } from '@/lib/seo'
import { channelView } from '@/lib/views'

type Params = Promise<{ slug: string; page?: string[] }>

// Rendered by the build's warm Next server, never prerendered by `next build` (see README).
export const dynamic = 'force-dynamic'

/** The channel page a URL names, or undefined for a 404. */
async function resolve(params: Params) {
  const { slug, page: segments } = await params
  const page = pageFromSegments(segments)
  return page === undefined ? undefined : channelView(content(), slug, page)
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const view = await resolve(params)
  if (!view) return {}
  const { channel, page } = view
  const { site } = content()
  return pageMetadata({
    site,
    title: page > 0 ? `${channel.name}(第 ${page} 页)` : channel.name,
    description: channelDescription(site, channel) + (page > 0 ? `第 ${page} 页。` : ''),
    path: channelPath(channel.slug, page),
    channel,
  })
}

export default async function ChannelPage({ params }: { params: Params }) {
  const { channel, page, pager, articles, pinned } = (await resolve(params)) ?? notFound()
  return (
    <ArticleListPage
      site={content().site}
      currentChannel={channel.slug}
      trail={[{ label: channel.name }]}
      title={channel.name}
      page={page}
      pager={pager}
      href={(n) => channelPath(channel.slug, n)}
      articles={articles}
      pinned={pinned}
      emptyText="本栏目暂无文章"
    />
  )
}
