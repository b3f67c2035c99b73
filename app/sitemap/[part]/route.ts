import { content } from '@/lib/content'
import { xmlResponse } from '@/lib/responses'
import { sitemapParts, urlsetXml } from '@/lib/sitemap'

export const dynamic = 'force-static'
export const dynamicParams = false

// Parts of a split sitemap. A small site still gets /sitemap/1.xml (the same urlset as
// /sitemap.xml), because a static export refuses a dynamic route that generates nothing.
export const generateStaticParams = () => sitemapParts(content()).map((_, i) => ({ part: `${i + 1}.xml` }))

export async function GET(_request: Request, { params }: { params: Promise<{ part: string }> }) {
  const n = Number((await params).part.replace(/\.xml$/, ''))
  const part = sitemapParts(content())[n - 1]
  if (!part) return new Response('Not found', { status: 404 })
  return xmlResponse(urlsetXml(part))
}
