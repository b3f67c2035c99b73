// @vitest-environment node
// npm run deploy to an S3-compatible object store, through @aws-sdk/client-s3, against s3rver (an
// S3-protocol server from npm; it keeps objects and their headers on disk). s3rver does not check
// request signatures beyond its own key pair, checksums, ACLs or bucket policies, and has no
// versioning: the test checks what the bucket holds and the order objects arrived in.
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeployConfig } from '../../scripts/deploy/config'
import { deployRelease } from '../../scripts/deploy/index'
import { publishRelease, siteFiles } from './deploy-fixtures'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-store-'))
const out = path.join(tmp, 'build/out')
let server: S3rver
let endpoint = ''
let client: S3Client
/** Every PUT and DELETE the store received, in order. */
const events: string[] = []
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY }

const config = (graceMinutes: number): DeployConfig => ({
  siteUrl: 'https://www.example.cn',
  nodes: [],
  graceMinutes,
  objectStore: { name: 'store', endpoint, region: 'us-east-1', bucket: 'site', prefix: '', forcePathStyle: true, concurrency: 4 },
})
const deploy = (graceMinutes = 10) => deployRelease({ config: config(graceMinutes), secrets: {}, out, log: () => {} })

async function bucketKeys(): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: 'site' }))
  return (listed.Contents ?? []).map((o) => o.Key!).sort()
}

/** The objects a release should become: every file, `.gz` twins left out, the search index's `.gz` files under their plain name. */
const expectedKeys = (files: Record<string, unknown>) =>
  Object.keys(files)
    .filter((f) => !(f.endsWith('.gz') && f.slice(0, -3) in files))
    .map((f) => (f.startsWith('search-index/') && f.endsWith('.gz') ? f.slice(0, -3) : f))
    .sort()

beforeAll(async () => {
  server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(tmp, 's3'), configureBuckets: [{ name: 'site', configs: [] }] })
  const address = (await server.run()) as AddressInfo
  endpoint = `http://127.0.0.1:${address.port}`
  ;(server as unknown as import('node:events').EventEmitter).on('event', (event: { Records: { eventName: string; s3: { object: { key: string } } }[] }) => {
    for (const record of event.Records) events.push(`${record.eventName.startsWith('ObjectRemoved') ? 'DELETE' : 'PUT'} ${decodeURIComponent(record.s3.object.key)}`)
  })
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER'
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER'
  client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true })
})

afterAll(async () => {
  client?.destroy()
  await server?.close()
  process.env.AWS_ACCESS_KEY_ID = saved.id
  process.env.AWS_SECRET_ACCESS_KEY = saved.secret
  if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID
  if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('npm run deploy to an object store', () => {
  it('uploads the release as the site serves it: types, cache rules, the search index gzip-encoded, HTML last', async () => {
    const files = siteFiles({ release: 'R1', articles: ['a-1', 'a-2'] })
    publishRelease(out, 'R1', files, { 'a-1': 'k1', 'a-2': 'k2' })
    const report = await deploy()
    expect(report.failures).toEqual([])
    expect(await bucketKeys()).toEqual(expectedKeys(files))

    const head = (key: string) => client.send(new HeadObjectCommand({ Bucket: 'site', Key: key }))
    const page = await head('articles/a-1/index.html')
    expect([page.ContentType, page.CacheControl, page.ContentEncoding]).toEqual(['text/html; charset=utf-8', 'public, max-age=300, must-revalidate, no-transform', undefined])
    const css = Object.keys(files).find((f) => f.endsWith('.css'))!
    expect((await head(css)).CacheControl).toBe('public, max-age=31536000, immutable, no-transform')
    expect((await head('feed.xml')).ContentType).toBe('text/xml; charset=utf-8') // as nginx's mime.types and npm start label it
    expect((await head('404.html')).CacheControl).toBe('no-cache')
    const terms = await client.send(new GetObjectCommand({ Bucket: 'site', Key: 'search-index/terms/0.bin' }))
    expect([terms.ContentEncoding, terms.CacheControl]).toEqual(['gzip', 'public, max-age=3600, no-transform'])
    expect(zlib.gunzipSync(await terms.Body!.transformToByteArray()).toString()).toBe('terms of R1')

    // HTML after everything else.
    const puts = events.filter((e) => e.startsWith('PUT ')).map((e) => e.slice(4))
    const firstHtml = puts.findIndex((k) => k.endsWith('.html'))
    expect(puts.slice(firstHtml).every((k) => k.endsWith('.html'))).toBe(true)
  })

  it('uploads only what changed, without listing the bucket, and deletes what left the site after the new pages', async () => {
    events.length = 0
    const files = siteFiles({ release: 'R2', articles: ['a-1', 'a-3'] })
    publishRelease(out, 'R2', files, { 'a-1': 'k1', 'a-3': 'k3' })
    const report = await deploy()
    expect(report.failures).toEqual([])
    const puts = events.filter((e) => e.startsWith('PUT ')).map((e) => e.slice(4))
    // Every file of this fixture names its release, except robots.txt: it is not sent again.
    expect(puts).not.toContain('robots.txt')
    expect(puts.sort()).toEqual(expectedKeys(files).filter((k) => k !== 'robots.txt'))
    // The taken-down article goes after the pages that no longer link to it; the old stylesheet stays for cached pages.
    const deletes = events.filter((e) => e.startsWith('DELETE '))
    expect(deletes).toEqual(['DELETE articles/a-2/index.html'])
    expect(events.indexOf(deletes[0])).toBeGreaterThan(events.findLastIndex((e) => e.endsWith('.html') && e.startsWith('PUT ')))
    const oldCss = (await bucketKeys()).filter((k) => k.endsWith('.css'))
    expect(oldCss).toHaveLength(2)

    // Past the grace period the old stylesheet goes too, and the bucket is the release exactly.
    events.length = 0
    const again = await deploy(0)
    expect(again.failures).toEqual([])
    expect(events).toEqual([expect.stringMatching(/^DELETE _next\/static\/css\/.*\.css$/)])
    expect(await bucketKeys()).toEqual(expectedKeys(files))
  })

  it('reports a store that refuses the upload, and switches nothing', async () => {
    publishRelease(out, 'R3', siteFiles({ release: 'R3', articles: ['a-1'] }), { 'a-1': 'k1b' })
    const wrong = { ...config(10), objectStore: { ...config(10).objectStore!, bucket: 'no-such-bucket' } }
    const report = await deployRelease({ config: wrong, secrets: {}, out, log: () => {} })
    expect(report.ok).toBe(false)
    expect(report.failures).toEqual([expect.stringMatching(/^对象存储 store 上传失败:.*(NoSuchBucket|bucket does not exist)/i)])
  })
})
