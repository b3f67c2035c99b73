import path from 'node:path'
import { imageSize } from 'image-size'

// The one place the desk judges an uploaded photo. Until lib/content has a check for a single
// photo (the photo pipeline's), this asks what the check itself asks of a photo: that its width
// and height can be read (image-size, the library lib/content reads sizes with), of a type the
// site publishes. When the pipeline's own check lands, call it here and nowhere else.

const TYPES: Record<string, string[]> = { jpg: ['.jpg', '.jpeg'], png: ['.png'], webp: ['.webp'], gif: ['.gif'], avif: ['.avif'] }
/** Larger uploads are almost always a camera original that should be exported smaller first. */
export const MAX_PHOTO_BYTES = 20 * 2 ** 20

/** Why a photo cannot go on the site, in Chinese (naming the file), or undefined when it can. */
export function refusePhoto(name: string, bytes: Buffer): string | undefined {
  const file = path.posix.basename(name)
  const extension = path.posix.extname(file).toLowerCase()
  const allowed = Object.values(TYPES).flat()
  if (!allowed.includes(extension)) {
    return `照片「${file}」的格式网站不能用:请存成 JPG、PNG 或 WebP(文件名以 .jpg、.png 或 .webp 结尾)再上传`
  }
  if (bytes.length > MAX_PHOTO_BYTES) {
    return `照片「${file}」太大(${(bytes.length / 2 ** 20).toFixed(1)} MB,最多 ${MAX_PHOTO_BYTES / 2 ** 20} MB):请先缩小或导出为 JPG 再上传`
  }
  let type: string | undefined
  let width: number | undefined
  let height: number | undefined
  try {
    ;({ type, width, height } = imageSize(bytes))
  } catch {
    type = undefined
  }
  if (!type || !width || !height) return `照片「${file}」打不开:它不是图片,或者文件已损坏。请重新导出后再上传`
  if (!(TYPES[type] ?? []).includes(extension)) {
    return `照片「${file}」实际是 ${type.toUpperCase()} 图片,文件名却以 ${extension} 结尾:请把文件名改成以 ${(TYPES[type] ?? [`.${type}`])[0]} 结尾,或存成 JPG 再上传`
  }
  return undefined
}
