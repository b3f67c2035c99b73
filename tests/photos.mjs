// @ts-check
// Photos for tests and the bench, written at test time (no big binaries in git): real JPEGs from
// sharp, with the EXIF a phone or camera leaves in them added by a real EXIF writer (exiftool,
// Debian libimage-exiftool-perl).
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'

/** What the tests look for after a build: none of it may leave the content folder. */
export const PRIVATE_TAGS = {
  GPSLatitude: '39.9042',
  GPSLatitudeRef: 'N',
  GPSLongitude: '116.4074',
  GPSLongitudeRef: 'E',
  Make: 'TestMaker',
  Model: 'Reporter Cam 7',
  OwnerName: '记者张三',
  SerialNumber: 'SN-20261206-0042',
  'XMP-dc:Creator': '记者张三',
  'IPTC:By-line': 'Zhang San',
}

/**
 * Deterministic bytes: seeded, so a generated photo is the same file on every run.
 * @param {number} n @param {number} seed
 */
function noise(n, seed) {
  const out = Buffer.alloc(n)
  let h = Buffer.from(String(seed))
  for (let o = 0; o < n; o += 32) {
    h = createHash('sha256').update(h).digest()
    h.copy(out, o)
  }
  return out
}

/**
 * A photo with a camera photo's texture: broad colour, mid-scale detail and fine sensor noise (a
 * flat or smooth image would compress to nothing and flatter every encoder). JPEG quality 92, as
 * phones save. 4000×3000 is about 3.5 MB, like a 12-megapixel phone photo.
 * @param {number} width @param {number} height @param {number} [seed]
 */
export async function cameraPhoto(width, height, seed = 1) {
  /** @param {number} w @param {number} h @param {number} s */
  const layer = (w, h, s) => sharp(noise(w * h * 3, s), { raw: { width: w, height: h, channels: 3 } }).resize(width, height, { kernel: 'cubic' }).raw().toBuffer()
  const [broad, mid, fine] = await Promise.all([
    layer(16, 12, seed),
    layer(Math.max(1, Math.round(width / 40)), Math.max(1, Math.round(height / 40)), seed + 1),
    layer(Math.max(1, Math.round(width / 6)), Math.max(1, Math.round(height / 6)), seed + 2),
  ])
  const grain = noise(width * height * 3, seed + 3)
  const pixels = Buffer.alloc(width * height * 3)
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.max(0, Math.min(255, broad[i] * 0.6 + (mid[i] - 128) * 0.5 + (fine[i] - 128) * 0.25 + (grain[i] - 128) * 0.06 + 50))
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer()
}

/**
 * Adds what a phone leaves in a photo (GPS position, maker, owner, serial number) and an EXIF
 * orientation to a JPEG file, with exiftool; throws when exiftool fails.
 * @param {string} file @param {number} [orientation] 6: stored sideways, shown turned a quarter clockwise
 */
export function tagLikeAPhone(file, orientation = 6) {
  const args = ['-q', '-overwrite_original', `-Orientation#=${orientation}`, ...Object.entries(PRIVATE_TAGS).map(([tag, value]) => `-${tag}=${value}`), file]
  const result = spawnSync('exiftool', args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`exiftool failed: ${result.stderr || result.error}`)
}

/**
 * Every private tag exiftool finds in the files under a folder: `file: tag` lines, none when clean.
 * @param {string} dir
 */
export function privateTagsUnder(dir) {
  const result = spawnSync('exiftool', ['-r', '-j', '-q', '-q', '-G', '-a', '-gps:all', '-Make', '-Model', '-OwnerName', '-CameraOwnerName', '-SerialNumber', '-BodySerialNumber', '-XMP:all', '-IPTC:all', '-MakerNotes:all', dir], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
  if (result.error) throw result.error
  /** @type {Record<string, unknown>[]} */
  const found = result.stdout.trim() ? JSON.parse(result.stdout) : []
  return found.flatMap((entry) => Object.keys(entry).filter((key) => key !== 'SourceFile').map((key) => `${entry.SourceFile}: ${key}`))
}

/**
 * Moves a folder `images/2024/` holding one photo (`public/logo.png`, 600×60) into `contentDir`, as
 * an editor drags a folder of photos in: a file watcher hears of images/ but not of the folder
 * already inside it (parcel-bundler/watcher#97). Returns the photo's path, for a test to replace it.
 * @param {string} contentDir @param {string} root the repository
 */
export function moveInPhotoFolder(contentDir, root) {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-photos-'))
  fs.mkdirSync(path.join(outside, 'images/2024'), { recursive: true })
  fs.copyFileSync(path.join(root, 'public/logo.png'), path.join(outside, 'images/2024/会议现场.png'))
  fs.renameSync(path.join(outside, 'images'), path.join(contentDir, 'images'))
  fs.rmSync(outside, { recursive: true })
  return path.join(contentDir, 'images/2024/会议现场.png')
}
