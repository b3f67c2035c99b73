import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { ArticleListPage } from '@/components/ArticleListPage'
import { content } from '@/lib/content'
import { formatMonth } from '@/lib/dates'
import { listPageFromSegments, TAGS_PATH, tagFromSegment, tagPath } from '@/lib/routes'
import { pageMetadata } from '@/lib/seo'
import { FRONT, tagView } from '@/lib/views'

type Params = Promise<{ tag: string; month?: string[] }>

// Rendered by the build's warm Next server, never prerendered by `next build` (see README).
export const dynamic = 'force-dynamic'

/** The tag page a URL names (its front page, or one month), or undefined for a 404. */
async function resolve(params: Params) {
  const { tag: segment, month: segments } = await params
  const month = listPageFromSegments(segments)
  const tag = tagFromSegment(segment)
  return month === undefined || tag === undefined ? undefined : tagView(content(), tag, month)
}

const monthOrFront = (month: string) => (month === FRONT ? undefined : month)

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const view = await resolve(params)
  if (!view) return {}
  const { site } = content()
  const title = `关键词:${view.tag}`
  const inMonth = view.month === FRONT ? '' : formatMonth(view.month)
  return pageMetadata({
    site,
    title: inMonth ? `${title}(${inMonth})` : title,
    description: `${site.name}关键词为「${view.tag}」的文章,按发布时间排列。` + (inMonth ? `${inMonth}发布的文章。` : ''),
    path: tagPath(view.tag, monthOrFront(view.month)),
  })
}

export default async function TagPage({ params }: { params: Params }) {
  const { tag, month, pager, articles } = (await resolve(params)) ?? notFound()
  return (
    <ArticleListPage
      site={content().site}
      trail={[{ label: '关键词', href: TAGS_PATH }, { label: tag }]}
      title={`关键词:${tag}`}
      subtitle={month === FRONT ? undefined : formatMonth(month)}
      pager={pager}
      href={(m) => tagPath(tag, monthOrFront(m))}
      articles={articles}
    />
  )
}
