import { content } from '@/lib/content'
import { xmlResponse } from '@/lib/responses'
import { sitemapPartPath, sitemapParts, urlsetXml } from '@/lib/sitemap'

export const dynamic = 'force-dynamic'

// The parts of the sitemap that /sitemap.xml lists (lib/sitemap.ts): site.xml, tags.xml, one per month.
export async function GET(_request: Request, { params }: { params: Promise<{ part: string }> }) {
  const name = (await params).part
  const part = sitemapParts(content()).find((p) => p.path === sitemapPartPath(name.replace(/\.xml$/, '')))
  if (!part || !name.endsWith('.xml')) return new Response('Not found', { status: 404 })
  return xmlResponse(urlsetXml(part.entries))
}
