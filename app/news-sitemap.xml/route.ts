import { content } from '@/lib/content'
import { xmlResponse } from '@/lib/responses'
import { newsSitemapXml } from '@/lib/sitemap'

export const dynamic = 'force-static'

// The news sitemap is the one output that depends on when the site is built: it lists the articles
// of the 48 hours before that moment. With none, there is no file (an empty <urlset> is invalid);
// a status that the static export does not write (404 would be written as a file) leaves it out.
export function GET() {
  const xml = newsSitemapXml(content(), new Date())
  return xml ? xmlResponse(xml) : new Response(null, { status: 410 })
}
