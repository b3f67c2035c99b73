import fs from 'node:fs'
import path from 'node:path'
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import pLimit from 'p-limit'
import { cacheControl } from '../server/headers.mjs'
import { contentType } from '../server/serve'
import type { FileIndex } from './changes'
import type { ObjectStoreTarget } from './config'

// An S3-compatible object store (Aliyun OSS, Tencent COS, AWS S3, MinIO) through @aws-sdk/client-s3.
// What the bucket holds is known from what this machine uploaded (ObjectStoreState), never by
// listing it: only objects whose bytes changed are uploaded, assets first and HTML last, and
// objects that left the site are deleted after the new pages are in.

/** One object of the site: the release file it comes from and how it is served. */
export interface SiteObject {
  key: string
  file: string
  hash: string
  encoding?: 'gzip'
}

/** What this machine last put in the bucket: key → bytes hash; and hashed assets waiting to be deleted. */
export interface ObjectStoreState {
  objects: Record<string, string>
  /** Hashed assets (`_next/static/`) that left the site, with when they left: cached pages may still name them. */
  retired: Record<string, number>
}

/**
 * The objects a release becomes. Object stores do not choose between `x` and `x.gz` per client, so
 * the `.gz` twins are left out (the CDN compresses); the search index's files exist only as `x.gz`
 * and are uploaded as `x` with `Content-Encoding: gzip` (every browser running the search script
 * takes gzip).
 */
export function siteObjects(index: FileIndex, prefix = ''): SiteObject[] {
  const objects: SiteObject[] = []
  for (const [file, hash] of Object.entries(index)) {
    if (file.endsWith('.gz')) {
      const plain = file.slice(0, -3)
      if (plain in index) continue
      if (file.startsWith('search-index/')) {
        objects.push({ key: prefix + plain, file, hash, encoding: 'gzip' })
        continue
      }
    }
    objects.push({ key: prefix + file, file, hash })
  }
  return objects
}

/** Upload order: assets, then the search index's own index.json (it names the generation), XML and text, HTML last. */
function stage(object: SiteObject): number {
  if (object.file.endsWith('.html')) return 3
  if (/\.(xml|txt)$/.test(object.file) && !object.file.includes('/')) return 2
  if (object.file === 'search-index/index.json') return 1
  return 0
}

/** The headers an object is stored with, as nginx (deploy/site.conf) sends the same file. */
export function objectHeaders(object: SiteObject) {
  const urlPath = `/${object.encoding ? object.file.slice(0, -3) : object.file}`
  return {
    ContentType: contentType(path.basename(urlPath)),
    CacheControl: urlPath === '/404.html' ? 'no-cache' : cacheControl(urlPath),
    ...(object.encoding ? { ContentEncoding: object.encoding } : {}),
  }
}

export interface StoreReport {
  uploaded: string[]
  deleted: string[]
  bytes: number
}

export function storeClient(target: ObjectStoreTarget): S3Client {
  return new S3Client({
    region: target.region,
    endpoint: target.endpoint,
    forcePathStyle: target.forcePathStyle,
    // Stores other than AWS (OSS, COS, MinIO, older gateways) reject or mangle the SDK's newer
    // default checksums: send them only where the API requires one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

/** Uploads every object whose bytes changed since `state`, in upload order; returns the state to keep and what was sent. */
export async function uploadRelease(
  client: S3Client,
  target: ObjectStoreTarget,
  dir: string,
  index: FileIndex,
  state: ObjectStoreState | undefined,
): Promise<StoreReport & { objects: SiteObject[] }> {
  const objects = siteObjects(index, target.prefix)
  const changed = objects.filter((o) => state?.objects[o.key] !== o.hash)
  const limit = pLimit(target.concurrency)
  const report = { uploaded: [] as string[], deleted: [] as string[], bytes: 0, objects }
  for (const step of [0, 1, 2, 3]) {
    await Promise.all(
      changed
        .filter((o) => stage(o) === step)
        .map((o) =>
          limit(async () => {
            const body = await fs.promises.readFile(path.join(dir, o.file))
            await client.send(new PutObjectCommand({ Bucket: target.bucket, Key: o.key, Body: body, ...objectHeaders(o) }))
            report.uploaded.push(o.key)
            report.bytes += body.length
          }),
        ),
    )
  }
  return report
}

/**
 * Deletes the objects that left the site (after the new pages are in). Hashed assets wait
 * `graceMinutes` first: pages cached before the switch still name them. Returns the new state.
 */
export async function deleteRemoved(
  client: S3Client,
  target: ObjectStoreTarget,
  objects: SiteObject[],
  state: ObjectStoreState | undefined,
  graceMinutes: number,
  now = Date.now(),
): Promise<{ state: ObjectStoreState; deleted: string[] }> {
  const live = new Set(objects.map((o) => o.key))
  const retired: Record<string, number> = {}
  for (const [key, since] of Object.entries(state?.retired ?? {})) if (!live.has(key)) retired[key] = since
  for (const key of Object.keys(state?.objects ?? {})) {
    if (!live.has(key) && key.startsWith(`${target.prefix}_next/static/`)) retired[key] ??= now
  }
  const gone = Object.keys(state?.objects ?? {}).filter((key) => !live.has(key) && !(key in retired))
  const due = Object.keys(retired).filter((key) => now - retired[key] >= graceMinutes * 60_000)
  const limit = pLimit(target.concurrency)
  const deleted: string[] = []
  await Promise.all(
    [...gone, ...due].map((key) =>
      limit(async () => {
        await client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: key }))
        deleted.push(key)
        delete retired[key]
      }),
    ),
  )
  return { state: { objects: Object.fromEntries(objects.map((o) => [o.key, o.hash])), retired }, deleted: deleted.sort() }
}
