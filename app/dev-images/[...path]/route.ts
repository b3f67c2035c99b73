import { lookup } from 'mrmime'
import { readImage } from '@/lib/content'
import { settingsFromEnv } from '@/lib/settings'

// `npm run dev` only: next.config.mjs rewrites /images/… here, before Next's own public/ files, so
// the preview shows the content folder's photos (content/images/) and, for other names, public/'s,
// exactly as a build publishes them. The build copies content/images/ into every release itself;
// this route is not one of the site's pages (lib/site-pages.ts) and answers 404 outside development.

export const dynamic = 'force-dynamic'

const notFound = () => new Response('Not Found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })

export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  if (process.env.NODE_ENV !== 'development') return notFound()
  const { path } = await params
  // The segments arrive decoded; readImage decodes once more, and refuses any `..` that would leave the image folders.
  const image = readImage(`/images/${path.map(encodeURIComponent).join('/')}`, settingsFromEnv())
  if (!image) return notFound()
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      'Content-Type': lookup(image.file) ?? 'application/octet-stream',
      // A replaced photo shows on the next refresh.
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
