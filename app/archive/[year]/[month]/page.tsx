import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { ArticleListPage } from '@/components/ArticleListPage'
import { content } from '@/lib/content'
import { formatMonth } from '@/lib/dates'
import { ARCHIVE_PATH, monthFromSegments, monthPath } from '@/lib/routes'
import { pageMetadata } from '@/lib/seo'
import { FRONT, monthView } from '@/lib/views'

type Params = Promise<{ year: string; month: string }>

// Rendered by the build's warm Next server, never prerendered by `next build` (see README).
export const dynamic = 'force-dynamic'

/** The month page a URL names, or undefined for a 404 (a month without articles has no page). */
async function resolve(params: Params) {
  const { year, month: mm } = await params
  const month = monthFromSegments(year, mm)
  return month === undefined ? undefined : monthView(content(), month)
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const view = await resolve(params)
  if (!view) return {}
  const { site } = content()
  return pageMetadata({
    site,
    title: `${formatMonth(view.month)}文章`,
    description: `${site.name}${formatMonth(view.month)}(北京时间)发布的全部文章。`,
    path: monthPath(view.month),
  })
}

export default async function MonthPage({ params }: { params: Params }) {
  const { month, pager, articles } = (await resolve(params)) ?? notFound()
  return (
    <ArticleListPage
      site={content().site}
      trail={[{ label: '文章归档', href: ARCHIVE_PATH }, { label: formatMonth(month) }]}
      title={`${formatMonth(month)}文章`}
      pager={pager}
      href={(m) => (m === FRONT ? ARCHIVE_PATH : monthPath(m))}
      frontLabel="全部月份"
      articles={articles}
    />
  )
}
