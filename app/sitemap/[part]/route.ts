import { content } from '@/lib/content'
import { xmlResponse } from '@/lib/responses'
import { sitemapParts, urlsetXml } from '@/lib/sitemap'

export const dynamic = 'force-dynamic'

// Parts of a split sitemap (past 50,000 URLs or 10 MB); a small site has none.

export async function GET(_request: Request, { params }: { params: Promise<{ part: string }> }) {
  const n = Number((await params).part.replace(/\.xml$/, ''))
  const parts = sitemapParts(content())
  const part = parts.length > 1 ? parts[n - 1] : undefined
  if (!part) return new Response('Not found', { status: 404 })
  return xmlResponse(urlsetXml(part))
}
