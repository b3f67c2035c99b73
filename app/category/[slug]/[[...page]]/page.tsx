import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { ArticleList } from '@/components/ArticleList'
import { Breadcrumb } from '@/components/Breadcrumb'
import { Pagination } from '@/components/Pagination'
import { SiteHeader } from '@/components/SiteHeader'
import { content, findChannel } from '@/lib/content'
import { channelPath, PAGE_SIZE, pageCount, pageFromSegments } from '@/lib/routes'
import { channelDescription, pageMetadata } from '@/lib/seo'

type Params = Promise<{ slug: string; page?: string[] }>

export const dynamicParams = false

export function generateStaticParams() {
  const { site, byChannel } = content()
  return site.channels.flatMap((channel) =>
    Array.from({ length: pageCount(byChannel.get(channel.slug)!.length) }, (_, i) => ({
      slug: channel.slug,
      page: i === 0 ? [] : ['page', String(i + 1)],
    })),
  )
}

/** The channel and page a URL names, or undefined for a 404. */
async function resolve(params: Params) {
  const { slug, page: segments } = await params
  const channel = findChannel(slug)
  const page = pageFromSegments(segments)
  if (!channel || !page) return undefined
  const articles = content().byChannel.get(channel.slug)!
  const total = pageCount(articles.length)
  if (page > total) return undefined
  return { channel, page, total, articles: articles.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const view = await resolve(params)
  if (!view) return {}
  const { channel, page } = view
  const { site } = content()
  return pageMetadata({
    site,
    title: page > 1 ? `${channel.name}(第 ${page} 页)` : channel.name,
    description: channelDescription(site, channel) + (page > 1 ? `第 ${page} 页。` : ''),
    path: channelPath(channel.slug, page),
    channel,
  })
}

export default async function ChannelPage({ params }: { params: Params }) {
  const view = (await resolve(params)) ?? notFound()
  const { channel, page, total, articles } = view
  return (
    <>
      <SiteHeader site={content().site} currentChannel={channel.slug} />
      <main id="main" className="container">
        <Breadcrumb trail={[{ label: '首页', href: '/' }, { label: channel.name }]} />
        <h1 className="channel-title">
          {channel.name}
          {page > 1 && <small>(第 {page} 页)</small>}
        </h1>
        <ArticleList articles={articles} emptyText="本栏目暂无文章" />
        <Pagination current={page} total={total} href={(n) => channelPath(channel.slug, n)} />
      </main>
    </>
  )
}
