import { content } from '@/lib/content'
import { feedView, rssFeed } from '@/lib/feeds'
import { xmlResponse } from '@/lib/responses'

export const dynamic = 'force-dynamic'

export function GET() {
  const all = content()
  return xmlResponse(rssFeed(all.site, feedView(all)!.articles), 'application/rss+xml')
}
