import type { MetadataRoute } from 'next'
import { content } from '@/lib/content'

export const dynamic = 'force-dynamic'

export default function robots(): MetadataRoute.Robots {
  const { site } = content()
  return {
    rules: { userAgent: '*', allow: '/' },
    sitemap: [`${site.url}/sitemap.xml`, `${site.url}/news-sitemap.xml`],
  }
}
