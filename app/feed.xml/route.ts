import { content } from '@/lib/content'
import { rssFeed } from '@/lib/feeds'
import { xmlResponse } from '@/lib/responses'

export const dynamic = 'force-dynamic'

export function GET() {
  const { site, articles } = content()
  return xmlResponse(rssFeed(site, articles), 'application/rss+xml')
}
