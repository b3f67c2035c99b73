import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { imageSize } from 'image-size'
import type { ContentProblem } from './problems'

// The photos editors put in <contentDir>/images/: which files may be published, and what each one
// becomes. Everything here is synchronous and reads only the file's own bytes: the check runs it
// for every photo, the Markdown renderer learns each photo's published names from it, and the
// build's image stage (lib/content/photos.ts, sharp) makes exactly the files it names.
//
// Nothing outside the content folder may ever reach the site: no symbolic link is followed, at any
// depth, the images folder itself included (a link to /etc/passwd named passwd.txt, or images/
// itself a link to a folder of private keys, was published as it was). Only the photo formats the
// pipeline decodes are published, and never as they were uploaded: an .html, .js or .svg file in
// images/ ran script from our own origin, past the sanitizer and the CSP.

/** The extensions a photo may have, lower case: what the pipeline decodes (sharp) and re-encodes. */
export const PHOTO_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp'] as const

/** The formats the file's own bytes may be in (image-size's names), whatever its extension says. */
const PHOTO_TYPES = new Set(['jpg', 'png', 'webp'])

/**
 * A photo file may be at most this large. A 48-megapixel phone JPEG is about 20-25 MB and a
 * 60-megapixel camera one about 30 MB; bigger files are almost always uncompressed TIFF-like PNGs,
 * which cost seconds to read for nothing the site can show.
 */
export const MAX_PHOTO_BYTES = 40 * 2 ** 20

/**
 * A photo may have at most this many pixels (64 megapixels: 48-megapixel phones and 61-megapixel
 * cameras pass). Decoding costs about 3 bytes a pixel of memory and time in proportion; sharp's own
 * default (268 megapixels) would let one upload take a gigabyte and tens of seconds.
 */
export const MAX_PHOTO_PIXELS = 64_000_000

/**
 * The widths published of each photo, never above its own (measured on a 4000×3000 camera photo,
 * README *How photos are published*): 480 for list thumbnails and small phones, 828 for phones at
 * 2× and the 820 px article column on a desktop, 1080 for phones of 360–390 px at 3× (the column is
 * 390 − 32 = 358 px: 1,074 px), 1200 for 414–430 px phones at 3× (1,146–1,194 px), 1640 for the
 * article column on a 2× desktop screen.
 */
export const PHOTO_WIDTHS = [480, 828, 1080, 1200, 1640] as const

/** The fallback (JPEG) width: also the share image (og:image, JSON-LD) and the feeds' image. */
export const FALLBACK_WIDTH = 1200

/** WebP caps each side at 16,383 px: a long infographic (长图) is published narrower, never cut. */
const MAX_SIDE = 16_383

/** Bumped whenever what the pipeline makes of a photo changes: every published name changes with it. */
export const PIPELINE_VERSION = 2

/** One published file of a photo. */
export interface PhotoVariant {
  /** Site path, such as `/images/2023/meeting.3f2a9c1b7e44.828.webp`, percent-encoded (a srcset splits at spaces). */
  url: string
  /** The file's path inside images/, as written to disk (`2023/meeting.3f2a9c1b7e44.828.webp`). */
  file: string
  width: number
  height: number
  format: 'webp' | 'jpeg'
}

/** A photo as the site publishes it: its upright size and every file made of it. */
export interface PhotoPlan {
  /** Path inside images/ with `/` separators, as uploaded (e.g. `2023/meeting.jpg`). */
  name: string
  /** Hash of the bytes and the pipeline version: in every published name, so a replaced photo gets new ones. */
  hash: string
  /** Upright size (EXIF orientation applied) of the original. */
  width: number
  height: number
  /** WebP files, narrowest first. */
  webp: PhotoVariant[]
  /** The JPEG fallback, FALLBACK_WIDTH wide at most: old browsers, shares, feeds. */
  fallback: PhotoVariant
}

/** What the check keeps of one file in images/, keyed by its path inside images/. */
export interface StoredPhoto {
  /** `size:mtime`: unchanged files are not read again. */
  stamp: string
  /** Set when the file is a photo the site publishes. */
  plan?: PhotoPlan
  /** Set when it is refused: the message for the editor. */
  problem?: string
}

const stampOf = (stat: fs.Stats) => `${stat.size}:${stat.mtimeMs}`
const relative = (file: string) => path.relative(/* turbopackIgnore: true */ process.cwd(), file) || file

/** The folder inside the content folder that the site serves at `/images/` (beside public/images/). */
export const contentImagesDir = (contentDir: string) => path.join(/* turbopackIgnore: true */ contentDir, 'images')

/** The published files of a photo of this upright size and hash. */
export function photoPlan(name: string, hash: string, width: number, height: number): PhotoPlan {
  const widest = Math.max(1, Math.min(width, PHOTO_WIDTHS[PHOTO_WIDTHS.length - 1], Math.floor((MAX_SIDE * width) / height)))
  // A width within 15% of the widest is left out: it would cost a file and save the reader little.
  const widths = [...PHOTO_WIDTHS.filter((w) => w < widest * 0.85), widest]
  const stem = name.replace(/\.[^./]+$/, '')
  const variant = (w: number, format: PhotoVariant['format']): PhotoVariant => {
    const file = `${stem}.${hash}.${w}.${format === 'jpeg' ? 'jpg' : format}`
    return { url: `/images/${file.split('/').map(encodeURIComponent).join('/')}`, file, ...size(w), format }
  }
  const size = (w: number) => ({
    width: w,
    height: Math.max(1, Math.round((height * w) / width)),
  })
  return { name, hash, width, height, webp: widths.map((w) => variant(w, 'webp')), fallback: variant(Math.min(widest, FALLBACK_WIDTH), 'jpeg') }
}

/** Every file a plan publishes, as paths inside images/. */
export const planFiles = (plan: PhotoPlan) => [...plan.webp, plan.fallback].map((v) => v.file)

/** The photo's problem when its extension is not one the site publishes; undefined when it is. */
function refusedByName(name: string): string | undefined {
  const ext = path.extname(name).toLowerCase()
  if ((PHOTO_EXTENSIONS as readonly string[]).includes(ext)) return undefined
  if (ext === '.svg' || ext === '.svgz') return 'SVG 图片不能发布:SVG 文件里可以藏脚本,会在读者的浏览器里运行。请另存为 PNG 或 JPEG 再放进来'
  if (ext === '.heic' || ext === '.heif') {
    return 'HEIC 格式的照片不能发布(多数浏览器打不开):请在手机上导出为 JPEG 再放进来(iPhone:设置 → 相机 → 格式 → 选「兼容性最佳」,以后拍的照片就是 JPEG)'
  }
  if (ext === '.gif') return 'GIF 图片不能发布:请另存为 PNG 或 JPEG 再放进来(动图请改用静态图片)'
  return `这种文件不能放在图片文件夹里:网站只发布照片(${PHOTO_EXTENSIONS.join(' ')}),其他文件(网页、脚本、文档等)一律不发布。请删除它,或移出图片文件夹`
}

/** Why the bytes of a file named like a photo cannot be published; undefined when they can. */
function refusedByContent(bytes: Buffer): { problem: string } | { width: number; height: number } {
  let found: ReturnType<typeof imageSize>
  try {
    found = imageSize(bytes)
  } catch {
    return { problem: `不是图片,或者图片已损坏,无法读取:请重新导出或重新拍摄这张照片(JPEG、PNG 或 WebP)再放进来` }
  }
  if (found.type === 'svg') return { problem: '这是一个改了扩展名的 SVG 文件:SVG 文件里可以藏脚本,不能发布。请另存为 PNG 或 JPEG' }
  if (!found.type || !PHOTO_TYPES.has(found.type) || !found.width || !found.height) {
    return { problem: `文件内容是 ${found.type?.toUpperCase() ?? '未知'} 格式,不是 JPEG、PNG 或 WebP:请另存为 JPEG 或 PNG 再放进来` }
  }
  const pixels = found.width * found.height
  if (pixels > MAX_PHOTO_PIXELS) {
    return {
      problem: `照片太大:${found.width}×${found.height},${(pixels / 1e6).toFixed(0)} 百万像素,最多 ${MAX_PHOTO_PIXELS / 1e6} 百万像素。请缩小后再放进来(网站最多用到 ${PHOTO_WIDTHS[PHOTO_WIDTHS.length - 1]} 像素宽)`,
    }
  }
  // EXIF orientations 5-8 turn the photo by a quarter: the reader sees it the other way round.
  const turned = (found.orientation ?? 1) >= 5
  return turned ? { width: found.height, height: found.width } : { width: found.width, height: found.height }
}

/** The hash in a photo's published names: its bytes and the pipeline version. */
export const photoHash = (bytes: Uint8Array) =>
  createHash('sha256').update(`photo-pipeline-${PIPELINE_VERSION}\0`).update(bytes).digest('hex').slice(0, 12)

/**
 * Checks one file as a photo: its name, then its bytes (a real JPEG, PNG or WebP, within
 * MAX_PHOTO_BYTES and MAX_PHOTO_PIXELS). Never follows a link. Returns the plan of what the site
 * publishes, or the Chinese message saying why it refuses the file.
 */
export function checkPhotoFile(file: string, name = path.basename(file)): { plan: PhotoPlan } | { problem: string } {
  const byName = refusedByName(name)
  if (byName) return { problem: byName }
  const stat = fs.lstatSync(/* turbopackIgnore: true */ file, { throwIfNoEntry: false })
  if (!stat) return { problem: '文件不存在' }
  if (stat.isSymbolicLink()) return { problem: LINK }
  if (!stat.isFile()) return { problem: '这不是普通文件,不能发布:请删除它' }
  if (stat.size > MAX_PHOTO_BYTES) {
    return { problem: `照片文件太大:${(stat.size / 2 ** 20).toFixed(0)} MB,最多 ${MAX_PHOTO_BYTES / 2 ** 20} MB。请用手机或电脑另存为 JPEG(质量 90 左右)再放进来` }
  }
  let bytes: Buffer
  try {
    // O_NOFOLLOW: a link swapped in after the lstat above is refused, not read.
    const fd = fs.openSync(/* turbopackIgnore: true */ file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW)
    try {
      bytes = fs.readFileSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  } catch (error) {
    return { problem: `无法读取这个文件(${(error as NodeJS.ErrnoException).code ?? error}):请检查文件的读取权限` }
  }
  return checkPhotoBytes(name, bytes)
}

/**
 * Checks a photo's name and bytes, as the build will (an upload before it is written, too): a real
 * JPEG, PNG or WebP within MAX_PHOTO_BYTES and MAX_PHOTO_PIXELS. Returns the plan, or the Chinese
 * message saying why the site refuses it.
 */
export function checkPhotoBytes(name: string, bytes: Buffer): { plan: PhotoPlan } | { problem: string } {
  const byName = refusedByName(name)
  if (byName) return { problem: byName }
  if (bytes.length > MAX_PHOTO_BYTES) {
    return { problem: `照片文件太大:${(bytes.length / 2 ** 20).toFixed(0)} MB,最多 ${MAX_PHOTO_BYTES / 2 ** 20} MB。请用手机或电脑另存为 JPEG(质量 90 左右)再放进来` }
  }
  const content = refusedByContent(bytes)
  if ('problem' in content) return content
  return { plan: photoPlan(name, photoHash(bytes), content.width, content.height) }
}

const LINK = '这是一个链接(快捷方式),不是照片本身:网站不发布链接指向的文件(它可能在网站之外)。请删除这个链接,把照片文件本身复制进来'
const FOLDER_LINK = '这是一个指向别处的文件夹链接(快捷方式):网站不读取链接指向的文件夹(它可能在网站之外)。请删除这个链接,把照片文件本身复制进来'
const ROOT_LINK = '图片文件夹本身是一个链接(快捷方式),指向别处:网站只发布内容目录里真正的文件,这个文件夹里的照片一张也不会发布。请删除这个链接,建一个真正的 images 文件夹,把照片复制进去'

/**
 * Every file in `<contentDir>/images/`, checked as a photo, keyed by its path inside that folder
 * with `/` separators; dotfiles are skipped. Links are never followed: each one, and the folder
 * itself when it is one, is a problem. Files whose `size:mtime` is unchanged since `previous` are
 * not read again.
 */
export function scanPhotos(contentDir: string, previous: Record<string, StoredPhoto> = {}): { photos: Record<string, StoredPhoto>; problems: ContentProblem[] } {
  const photos: Record<string, StoredPhoto> = {}
  const problems: ContentProblem[] = []
  const root = contentImagesDir(contentDir)
  const top = fs.lstatSync(/* turbopackIgnore: true */ root, { throwIfNoEntry: false })
  if (!top) return { photos, problems }
  if (top.isSymbolicLink()) return { photos, problems: [{ file: relative(root), field: '图片', message: ROOT_LINK }] }
  if (!top.isDirectory()) return { photos, problems: [{ file: relative(root), field: '图片', message: 'images 应该是放照片的文件夹,现在是一个文件:请删除它或改名,再建一个 images 文件夹' }] }
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(/* turbopackIgnore: true */ dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue
      const full = path.join(/* turbopackIgnore: true */ dir, entry.name)
      const name = `${prefix}${entry.name}`
      if (entry.isSymbolicLink()) {
        const target = fs.statSync(/* turbopackIgnore: true */ full, { throwIfNoEntry: false })
        problems.push({ file: relative(full), field: '图片', message: target?.isDirectory() ? FOLDER_LINK : LINK })
        continue
      }
      if (entry.isDirectory()) {
        walk(full, `${name}/`)
        continue
      }
      const stat = fs.lstatSync(/* turbopackIgnore: true */ full, { throwIfNoEntry: false })
      if (!stat) continue
      const stamp = stampOf(stat)
      const known = previous[name]
      const photo: StoredPhoto = known && known.stamp === stamp ? known : { stamp, ...checkPhotoFile(full, name) }
      photos[name] = photo
      if (photo.problem) problems.push({ file: relative(full), field: '图片', message: photo.problem })
    }
  }
  walk(root, '')
  return { photos, problems }
}

/**
 * The file under `<contentDir>/images/` that a site path (`/images/…`, already decoded) names, or
 * undefined when it would leave the folder or pass through a link on the way (the folder itself
 * included).
 */
export function photoFileFor(contentDir: string, local: string): string | undefined {
  if (!local.startsWith('/images/')) return undefined
  const root = contentImagesDir(contentDir)
  const file = path.join(/* turbopackIgnore: true */ contentDir, local)
  if (!file.startsWith(root + path.sep)) return undefined
  for (let at = file; at.length >= root.length; at = path.dirname(at)) {
    const stat = fs.lstatSync(/* turbopackIgnore: true */ at, { throwIfNoEntry: false })
    if (stat?.isSymbolicLink()) return undefined
    if (at === root) break
  }
  return file
}
