import type { ArticleImage } from '@/lib/content'

/**
 * A photo at the size the reader's screen needs: its WebP files in a <source> (the browser picks
 * by `sizes`), the JPEG for browsers without WebP. `priority` for the first thing a reader sees
 * (the 头条 photo): loaded at once, ahead of other images; everything else lazily.
 */
export function Photo({ image, alt, sizes, priority = false }: { image: ArticleImage; alt: string; sizes: string; priority?: boolean }) {
  const img = (
    // A static export has no image optimizer for next/image: the build makes the files (lib/content/photos.ts).
    // eslint-disable-next-line @next/next/no-img-element
    <img
      src={image.url}
      alt={alt}
      width={image.width}
      height={image.height}
      decoding="async"
      loading={priority ? 'eager' : 'lazy'}
      fetchPriority={priority ? 'high' : undefined}
    />
  )
  if (!image.webp?.length) return img
  return (
    <picture>
      <source type="image/webp" srcSet={image.webp.map((v) => `${v.url} ${v.width}w`).join(', ')} sizes={sizes} />
      {img}
    </picture>
  )
}
