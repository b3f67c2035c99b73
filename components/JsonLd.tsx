import { serializeJsonLd } from '@/lib/seo'

/** Structured data for crawlers. Serialized so no text in it can end the script element. */
export function JsonLd({ data }: { data: unknown }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />
}
