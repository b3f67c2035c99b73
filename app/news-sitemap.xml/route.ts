import { content, contentNow } from '@/lib/content'
import { xmlResponse } from '@/lib/responses'
import { newsSitemapXml } from '@/lib/sitemap'

export const dynamic = 'force-dynamic'

// The news sitemap is the one output that depends on when the site is built: it lists the articles
// of the 48 hours before that moment. With none, there is no file (an empty <urlset> is invalid):
// the build leaves the page out (lib/site-pages.ts), and this route answers 410.
export function GET() {
  const xml = newsSitemapXml(content(), contentNow())
  return xml ? xmlResponse(xml) : new Response(null, { status: 410 })
}
