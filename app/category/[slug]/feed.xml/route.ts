import { content, findChannel } from '@/lib/content'
import { rssFeed } from '@/lib/feeds'
import { xmlResponse } from '@/lib/responses'

export const dynamic = 'force-dynamic'


export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const channel = findChannel((await params).slug)
  if (!channel) return new Response('Not found', { status: 404 })
  const { site, byChannel } = content()
  return xmlResponse(rssFeed(site, byChannel.get(channel.slug) ?? [], channel), 'application/rss+xml')
}
