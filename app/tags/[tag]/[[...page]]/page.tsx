import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { ArticleListPage } from '@/components/ArticleListPage'
import { content } from '@/lib/content'
import { pageFromSegments, TAGS_PATH, tagFromSegment, tagPath } from '@/lib/routes'
import { pageMetadata } from '@/lib/seo'
import { tagView } from '@/lib/views'

type Params = Promise<{ tag: string; page?: string[] }>

// Rendered by the build's warm Next server, never prerendered by `next build` (see README).
export const dynamic = 'force-dynamic'

/** The tag page a URL names, or undefined for a 404. */
async function resolve(params: Params) {
  const { tag: segment, page: segments } = await params
  const page = pageFromSegments(segments)
  const tag = tagFromSegment(segment)
  return page === undefined || tag === undefined ? undefined : tagView(content(), tag, page)
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const view = await resolve(params)
  if (!view) return {}
  const { site } = content()
  const title = `关键词:${view.tag}`
  return pageMetadata({
    site,
    title: view.page > 0 ? `${title}(第 ${view.page} 页)` : title,
    description: `${site.name}关键词为「${view.tag}」的文章,按发布时间排列。` + (view.page > 0 ? `第 ${view.page} 页。` : ''),
    path: tagPath(view.tag, view.page),
  })
}

export default async function TagPage({ params }: { params: Params }) {
  const { tag, page, pager, articles } = (await resolve(params)) ?? notFound()
  return (
    <ArticleListPage
      site={content().site}
      trail={[{ label: '关键词', href: TAGS_PATH }, { label: tag }]}
      title={`关键词:${tag}`}
      page={page}
      pager={pager}
      href={(n) => tagPath(tag, n)}
      articles={articles}
      showChannel
    />
  )
}
