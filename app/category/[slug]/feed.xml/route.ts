import { content } from '@/lib/content'
import { feedView, rssFeed } from '@/lib/feeds'
import { xmlResponse } from '@/lib/responses'

export const dynamic = 'force-dynamic'

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const all = content()
  const view = feedView(all, (await params).slug)
  if (!view) return new Response('Not found', { status: 404 })
  return xmlResponse(rssFeed(all.site, view.articles, view.channel), 'application/rss+xml')
}
