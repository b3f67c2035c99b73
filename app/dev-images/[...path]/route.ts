import fs from 'node:fs'
import { lookup } from 'mrmime'
import { contentImagesDir, imageFile, photoForUrl } from '@/lib/content'
import { settingsFromEnv } from '@/lib/settings'

// `npm run dev` only: next.config.mjs rewrites /images/… here, before Next's own public/ files, so
// the preview shows exactly what a build publishes: a content photo's files (content/images/),
// made by the same pipeline on first request (lib/content/photos.ts, cached between requests and
// with the build), and public/'s files for other names. A photo's original is never served, as it
// is never published. This route is not one of the site's pages (lib/site-pages.ts) and answers
// 404 outside development.

export const dynamic = 'force-dynamic'

const notFound = () => new Response('Not Found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })

const send = (bytes: Buffer, type: string) =>
  new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': type,
      // A replaced photo shows on the next refresh.
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    },
  })

export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  if (process.env.NODE_ENV !== 'development') return notFound()
  const { path } = await params
  const settings = settingsFromEnv()
  // The segments arrive decoded; the lookups decode once more, and refuse any `..` or link that would leave the image folders.
  const url = `/images/${path.map(encodeURIComponent).join('/')}`
  try {
    const photo = await photoForUrl(url, settings)
    if (photo) return send(fs.readFileSync(photo.file), photo.type)
  } catch {
    // An undecodable photo: the check and the build name it; the preview shows it missing.
    return notFound()
  }
  const file = imageFile(url, settings)
  if (!file || file.startsWith(contentImagesDir(settings.contentDir))) return notFound()
  try {
    return send(fs.readFileSync(file), lookup(file) ?? 'application/octet-stream')
  } catch {
    return notFound()
  }
}
