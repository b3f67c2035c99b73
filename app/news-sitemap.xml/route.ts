import { content, contentNow } from '@/lib/content'
import { xmlResponse } from '@/lib/responses'
import { newsSitemapXml } from '@/lib/sitemap'

export const dynamic = 'force-dynamic'

export function GET() {
  return xmlResponse(newsSitemapXml(content(), contentNow()))
}
