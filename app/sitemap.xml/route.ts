import { content } from '@/lib/content'
import { xmlResponse } from '@/lib/responses'
import { absoluteUrl } from '@/lib/seo'
import { sitemapIndexXml, sitemapPartPath, sitemapParts, urlsetXml } from '@/lib/sitemap'

export const dynamic = 'force-dynamic'

/** The whole site in one urlset, or, past 50,000 URLs or 10 MB, an index of /sitemap/<n>.xml parts. */
export function GET() {
  const parts = sitemapParts(content())
  if (parts.length === 1) return xmlResponse(urlsetXml(parts[0]))
  const { site } = content()
  return xmlResponse(
    sitemapIndexXml(parts.map((part, i) => ({ loc: absoluteUrl(site, sitemapPartPath(i + 1)), lastmod: part[0].lastmod }))),
  )
}
