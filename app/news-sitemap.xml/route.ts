import { content } from '@/lib/content'
import { xmlResponse } from '@/lib/responses'
import { newsSitemapXml } from '@/lib/sitemap'

export const dynamic = 'force-static'

export function GET() {
  return xmlResponse(newsSitemapXml(content()))
}
