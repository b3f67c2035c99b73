// Local images: an article in tests/fixtures/images references /images/tiny.png, a real 3×2 PNG kept
// in the fixture's own public/ folder (PUBLIC_DIR points the loader at it; Next serves public/).
import fs from 'node:fs'
import path from 'node:path'
import { imageSize } from 'image-size'
import { afterEach, describe, expect, it } from 'vitest'
import { inspectContent } from '@/lib/content'
import { articleMetadata, SHARE_IMAGE } from '@/lib/seo'

const folder = path.resolve(__dirname, '../fixtures/images')

afterEach(() => {
  delete process.env.PUBLIC_DIR
})

describe('a local image in an article', () => {
  it('renders as a figure with its alt text, lazy loading, intrinsic width and height, and its title as the caption', () => {
    process.env.PUBLIC_DIR = path.join(folder, 'public')
    const { articles, problems } = inspectContent(folder)
    expect(problems).toEqual([])
    expect(articles[0].html).toContain(
      '<figure><img src="/images/tiny.png" alt="会议现场" loading="lazy" decoding="async" width="3" height="2"><figcaption>现场照片</figcaption></figure>',
    )
  })

  it('is what a share shows: Open Graph and Twitter get it by absolute URL with its size, as a large card', () => {
    process.env.PUBLIC_DIR = path.join(folder, 'public')
    const { site, articles } = inspectContent(folder)
    expect(articles[0].image).toEqual({ url: '/images/tiny.png', width: 3, height: 2 })
    const metadata = articleMetadata(site!, articles[0])
    expect(metadata.openGraph?.images).toEqual([{ url: 'https://example.com/images/tiny.png', width: 3, height: 2, alt: '带图片的文章' }])
    expect(metadata.twitter).toMatchObject({ card: 'summary_large_image', images: [{ url: 'https://example.com/images/tiny.png' }] })
  })

  it('is replaced by the site share image, at least 1200×675, with a small card when the article has none', () => {
    process.env.PUBLIC_DIR = path.join(folder, 'public')
    const { site, articles } = inspectContent(folder)
    const metadata = articleMetadata(site!, { ...articles[0], image: undefined })
    expect(metadata.openGraph?.images).toEqual([{ url: 'https://example.com/share.png', width: 1200, height: 675, alt: '测试站' }])
    expect(metadata.twitter).toMatchObject({ card: 'summary', images: [{ url: 'https://example.com/share.png' }] })
    const shipped = imageSize(fs.readFileSync(path.resolve(__dirname, '../../public', SHARE_IMAGE.path.slice(1))))
    expect([shipped.width, shipped.height]).toEqual([SHARE_IMAGE.width, SHARE_IMAGE.height])
    expect(shipped.width).toBeGreaterThanOrEqual(1200)
    expect(shipped.height).toBeGreaterThanOrEqual(675)
  })

  it('is reported, with where it belongs, when the file is not in public/', () => {
    process.env.PUBLIC_DIR = path.join(folder, 'no-such-public')
    const { problems } = inspectContent(folder)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ field: '图片', line: 9 })
    expect(problems[0].message).toMatch(/图片文件不存在或无法读取:\/images\/tiny\.png\(应放在 \S*no-such-public\/images\/tiny\.png/)
  })
})
