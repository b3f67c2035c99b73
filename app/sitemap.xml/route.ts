import { content } from '@/lib/content'
import { xmlResponse } from '@/lib/responses'
import { sitemapIndexEntries, sitemapIndexXml } from '@/lib/sitemap'

export const dynamic = 'force-dynamic'

/** An index of the sitemap's parts (/sitemap/site.xml, /sitemap/<yyyy>-<mm>.xml, …), each with its newest lastmod. */
export function GET() {
  return xmlResponse(sitemapIndexXml(sitemapIndexEntries(content())))
}
