import type { MetadataRoute } from 'next'
import { content, contentNow } from '@/lib/content'
import { newsArticles } from '@/lib/sitemap'

export const dynamic = 'force-dynamic'

export default function robots(): MetadataRoute.Robots {
  const all = content()
  const { site } = all
  // news-sitemap.xml exists only when something was published in its 48 hours (see its route).
  const news = newsArticles(all, contentNow()).length > 0 ? [`${site.url}/news-sitemap.xml`] : []
  return {
    rules: { userAgent: '*', allow: '/' },
    sitemap: [`${site.url}/sitemap.xml`, ...news],
  }
}
