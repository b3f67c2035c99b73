import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { OutputInfo } from 'sharp'
import writeFileAtomic from 'write-file-atomic'
import type { Settings } from '../settings'
import { checkPhotoFile, contentImagesDir, MAX_PHOTO_PIXELS, PHOTO_EXTENSIONS, type PhotoPlan, photoFileFor, type PhotoVariant } from './images'

// The photo pipeline, on sharp (libvips): every build, full or incremental, and `npm run dev` make a
// photo's files here, once per photo bytes, into a cache outside the releases. Each file is the
// photo upright (EXIF orientation applied to the pixels), in sRGB, with every metadata block left
// behind (EXIF, GPS, XMP, IPTC, maker notes, the ICC profile after conversion): sharp writes none
// unless asked to.

/**
 * WebP settings, measured on real camera photos (README *How photos are published*; `npm run bench`
 * prints the sweep): quality 75 is the highest before libwebp's step at 80 (+15-20% bytes) and keeps
 * more detail than 70 for 4-7% more bytes; effort 4 (the default), as 6 saves only 1-3% for about
 * twice the time; smartSubsample off, as it costs 1-4% more bytes (19% on a noisy photo) and about
 * twice the encode time, which the 1.5 s budget per photo cannot spare across five widths.
 */
export const WEBP_OPTIONS = { quality: 75, effort: 4, smartSubsample: false } as const
/** WebP quality, as WEBP_OPTIONS. */
export const WEBP_QUALITY = WEBP_OPTIONS.quality
/** JPEG (mozjpeg) quality of the fallback and share image: 75 is WeChat's and most CMSs' own choice. */
export const JPEG_QUALITY = 75

/** A photo the pipeline cannot make files of: the file and the message for the editor. */
export class PhotoError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}  图片  ${reason}`)
    this.name = 'PhotoError'
  }
}

/** Where a content folder's processed photos are kept between builds (outside every release). */
export const photoCacheFor = (settings: Pick<Settings, 'contentDir'>) =>
  path.resolve(
    /* turbopackIgnore: true */ 'node_modules/.cache/lzfzw',
    `photos-${createHash('sha1').update(settings.contentDir).digest('hex').slice(0, 12)}`,
  )

/** The cache file of one variant: named by the photo's hash, so the same bytes under two names are made once. */
export const cachedVariant = (cacheDir: string, plan: PhotoPlan, variant: PhotoVariant) =>
  path.join(/* turbopackIgnore: true */ cacheDir, `${plan.hash}.${variant.width}.${variant.format === 'jpeg' ? 'jpg' : variant.format}`)

/** Reads a file without following a link: a link put in place since the check is an error, never read. */
export function readNoFollow(file: string): Buffer {
  const fd = fs.openSync(/* turbopackIgnore: true */ file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW)
  try {
    return fs.readFileSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

const relative = (file: string) => path.relative(/* turbopackIgnore: true */ process.cwd(), file) || file

/** Encodes every variant of a photo from its bytes; throws PhotoError when they cannot be decoded. */
export async function encodePhoto(bytes: Buffer, plan: PhotoPlan, file: string): Promise<Map<PhotoVariant, Buffer>> {
  // Loaded on first use: the pages import this package too, and never process a photo.
  const { default: sharp } = await import('sharp')
  const widest = plan.webp[plan.webp.length - 1]
  let base: { data: Buffer; info: OutputInfo }
  try {
    // One decode, at the widest size (JPEG shrinks while it decodes), upright and in sRGB; every
    // variant is resized from that. failOn 'error': a truncated or corrupt photo stops here.
    base = await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error' })
      .autoOrient()
      .resize(widest.width, widest.height, { fit: 'fill' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true })
  } catch (error) {
    throw new PhotoError(relative(file), `照片无法解码(${(error as Error).message.split('\n')[0]}):文件可能只传了一半或已损坏。请重新导出或重新上传这张照片`)
  }
  const raw = { raw: { width: base.info.width, height: base.info.height, channels: base.info.channels } }
  // The variants are encoded at once: sharp runs them on libuv's threads, so both cores work on one photo.
  const variants = [...plan.webp, plan.fallback]
  const encoded = await Promise.all(
    variants.map((variant) => {
      const resized = sharp(base.data, raw).resize(variant.width, variant.height, { fit: 'fill' })
      return variant.format === 'webp'
        ? resized.webp(WEBP_OPTIONS).toBuffer()
        : // A JPEG has no transparency: what was transparent shows as the page's white.
          resized.flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_QUALITY, mozjpeg: true }).toBuffer()
    }),
  )
  return new Map(variants.map((variant, i) => [variant, encoded[i]]))
}

/**
 * Makes every file of a photo's plan in the cache, unless all are there already; returns whether it
 * had to. The source is read without following links. Throws PhotoError when it cannot be decoded.
 */
export async function processPhoto(file: string, plan: PhotoPlan, cacheDir: string): Promise<boolean> {
  const variants = [...plan.webp, plan.fallback]
  if (variants.every((v) => fs.existsSync(/* turbopackIgnore: true */ cachedVariant(cacheDir, plan, v)))) return false
  let bytes: Buffer
  try {
    bytes = readNoFollow(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new PhotoError(relative(file), code === 'ELOOP' ? '这是一个链接(快捷方式),不是照片本身:请删除这个链接,把照片文件本身复制进来' : `无法读取这个文件(${code ?? error})`)
  }
  const made = await encodePhoto(bytes, plan, file)
  fs.mkdirSync(/* turbopackIgnore: true */ cacheDir, { recursive: true })
  for (const [variant, data] of made) {
    // Written aside and renamed: a build or dev server reading the cache never sees half a file.
    await writeFileAtomic(cachedVariant(cacheDir, plan, variant), data, { fsync: false })
  }
  return true
}

/** Deletes cached files of photos not in `keep` (their hashes): a deleted or replaced photo's files go. */
export function pruneCache(cacheDir: string, keep: Set<string>): number {
  if (!fs.existsSync(/* turbopackIgnore: true */ cacheDir)) return 0
  let removed = 0
  for (const name of fs.readdirSync(/* turbopackIgnore: true */ cacheDir)) {
    if (keep.has(name.split('.')[0])) continue
    fs.rmSync(/* turbopackIgnore: true */ path.join(cacheDir, name), { force: true })
    removed++
  }
  return removed
}

// A published name: `<stem>.<hash>.<width>.<webp|jpg>` (lib/content/images.ts, photoPlan).
const VARIANT = /^\/images\/(.+)\.([0-9a-f]{12})\.(\d+)\.(webp|jpg)$/

/**
 * The cache file that answers a published photo address (`/images/x.<hash>.828.webp`) in
 * development, made on first request; undefined when no photo of the content folder has that
 * address now. What `npm run dev` serves, so the preview shows exactly what a build publishes.
 */
export async function photoForUrl(url: string, settings: Pick<Settings, 'contentDir'>): Promise<{ file: string; type: string } | undefined> {
  let local: string
  try {
    local = decodeURIComponent(url.split(/[?#]/)[0])
  } catch {
    return undefined
  }
  const match = VARIANT.exec(local)
  if (!match) return undefined
  const [, stem, hash] = match
  for (const ext of [...PHOTO_EXTENSIONS, ...PHOTO_EXTENSIONS.map((e) => e.toUpperCase())]) {
    const file = photoFileFor(settings.contentDir, `/images/${stem}${ext}`)
    if (!file || !fs.existsSync(/* turbopackIgnore: true */ file)) continue
    const name = path.relative(contentImagesDir(settings.contentDir), file).split(path.sep).join('/')
    const checked = checkPhotoFile(file, name)
    if (!('plan' in checked) || checked.plan.hash !== hash) continue
    const variant = [...checked.plan.webp, checked.plan.fallback].find((v) => `/images/${v.file}` === local)
    if (!variant) return undefined
    const cacheDir = photoCacheFor(settings)
    await processPhoto(file, checked.plan, cacheDir)
    return { file: cachedVariant(cacheDir, checked.plan, variant), type: variant.format === 'webp' ? 'image/webp' : 'image/jpeg' }
  }
  return undefined
}
