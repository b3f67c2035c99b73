import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { ArticleListPage } from '@/components/ArticleListPage'
import { content } from '@/lib/content'
import { formatMonth } from '@/lib/dates'
import { ARCHIVE_PATH, monthFromSegments, monthPath, pageFromSegments } from '@/lib/routes'
import { pageMetadata } from '@/lib/seo'
import { monthView } from '@/lib/views'

type Params = Promise<{ year: string; month: string; page?: string[] }>

// Rendered by the build's warm Next server, never prerendered by `next build` (see README).
export const dynamic = 'force-dynamic'

/** The month page a URL names, or undefined for a 404 (a month without articles has no page). */
async function resolve(params: Params) {
  const { year, month: mm, page: segments } = await params
  const page = pageFromSegments(segments)
  const month = monthFromSegments(year, mm)
  return page === undefined || month === undefined ? undefined : monthView(content(), month, page)
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const view = await resolve(params)
  if (!view) return {}
  const { site } = content()
  const title = `${formatMonth(view.month)}文章`
  return pageMetadata({
    site,
    title: view.page > 0 ? `${title}(第 ${view.page} 页)` : title,
    description: `${site.name}${formatMonth(view.month)}(北京时间)发布的全部文章。` + (view.page > 0 ? `第 ${view.page} 页。` : ''),
    path: monthPath(view.month, view.page),
  })
}

export default async function MonthPage({ params }: { params: Params }) {
  const { month, page, pager, articles } = (await resolve(params)) ?? notFound()
  return (
    <ArticleListPage
      site={content().site}
      trail={[{ label: '文章归档', href: ARCHIVE_PATH }, { label: formatMonth(month) }]}
      title={`${formatMonth(month)}文章`}
      page={page}
      pager={pager}
      href={(n) => monthPath(month, n)}
      articles={articles}
      showChannel
    />
  )
}
