import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { ArticleListPage } from '@/components/ArticleListPage'
import { content } from '@/lib/content'
import { formatMonth } from '@/lib/dates'
import { channelPath, listPageFromSegments } from '@/lib/routes'
import { channelDescription, pageMetadata } from '@/lib/seo'
import { channelView, FRONT } from '@/lib/views'

type Params = Promise<{ slug: string; month?: string[] }>

// Rendered by the build's warm Next server, never prerendered by `next build` (see README).
export const dynamic = 'force-dynamic'

/** The channel page a URL names (its front page, or one month), or undefined for a 404. */
async function resolve(params: Params) {
  const { slug, month: segments } = await params
  const month = listPageFromSegments(segments)
  return month === undefined ? undefined : channelView(content(), slug, month)
}

const monthOrFront = (month: string) => (month === FRONT ? undefined : month)

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const view = await resolve(params)
  if (!view) return {}
  const { channel, month } = view
  const { site } = content()
  const inMonth = month === FRONT ? '' : formatMonth(month)
  return pageMetadata({
    site,
    title: inMonth ? `${channel.name}(${inMonth})` : channel.name,
    description: channelDescription(site, channel) + (inMonth ? `${inMonth}发布的文章。` : ''),
    path: channelPath(channel.slug, monthOrFront(month)),
    channel,
  })
}

export default async function ChannelPage({ params }: { params: Params }) {
  const { channel, month, pager, articles, pinned } = (await resolve(params)) ?? notFound()
  return (
    <ArticleListPage
      site={content().site}
      currentChannel={channel.slug}
      trail={[{ label: channel.name }]}
      title={channel.name}
      subtitle={month === FRONT ? undefined : formatMonth(month)}
      pager={pager}
      href={(m) => channelPath(channel.slug, monthOrFront(m))}
      articles={articles}
      pinned={pinned}
      emptyText="本栏目暂无文章"
    />
  )
}
