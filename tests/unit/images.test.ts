// Local images: an article in tests/fixtures/images references /images/tiny.png, a real 3×2 PNG kept
// in the fixture's own public/ folder (PUBLIC_DIR points the loader at it; Next serves public/).
// Editors' photos go in the content folder's images/ (CONTENT_DIR/images), which wins over public/.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { imageSize } from 'image-size'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { imageFile, inspectContent } from '@/lib/content'
import { articleMetadata, SHARE_IMAGE } from '@/lib/seo'

const folder = path.resolve(__dirname, '../fixtures/images')

afterEach(() => {
  delete process.env.PUBLIC_DIR
})

describe('a local image in an article', () => {
  it('renders as a figure with its alt text, loaded first (eager, high priority), intrinsic width and height, and its title as the caption', () => {
    process.env.PUBLIC_DIR = path.join(folder, 'public')
    const { articles, problems } = inspectContent(folder)
    expect(problems).toEqual([])
    expect(articles[0].html).toContain(
      '<figure><img src="/images/tiny.png" alt="会议现场" loading="eager" fetchpriority="high" decoding="async" width="3" height="2"><figcaption>现场照片</figcaption></figure>',
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

  it('is reported, pointing at the content folder’s images/, when neither folder has the file', () => {
    process.env.PUBLIC_DIR = path.join(folder, 'no-such-public')
    const { problems } = inspectContent(folder)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ field: '图片', line: 9 })
    expect(problems[0].message).toMatch(/图片文件不存在或无法读取:\/images\/tiny\.png\(应放在 \S*fixtures\/images\/images\/tiny\.png,/)
  })
})

describe('photos in the content folder’s images/', () => {
  let dir: string
  let contentDir: string
  let publicDir: string
  const logo = path.resolve(__dirname, '../../public/logo.png') // a real 600×60 PNG

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-images-'))
    contentDir = path.join(dir, 'content')
    publicDir = path.join(dir, 'public')
    fs.cpSync(folder, contentDir, { recursive: true, filter: (from) => !from.startsWith(path.join(folder, 'public')) })
    fs.mkdirSync(path.join(contentDir, 'images'))
    fs.mkdirSync(path.join(publicDir, 'images'), { recursive: true })
    process.env.PUBLIC_DIR = publicDir
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('finds a photo in content/images/ and gives it its width and height', () => {
    fs.copyFileSync(path.join(folder, 'public/images/tiny.png'), path.join(contentDir, 'images/tiny.png'))
    const { articles, problems, warnings } = inspectContent(contentDir)
    expect(problems).toEqual([])
    expect(warnings).toEqual([])
    // Published through the photo pipeline: its JPEG as the image, its WebP in a <source>.
    expect(articles[0].html).toMatch(
      /<picture><source type="image\/webp" srcset="\/images\/tiny\.[0-9a-f]{12}\.3\.webp 3w" sizes="[^"]+"><img src="\/images\/tiny\.[0-9a-f]{12}\.3\.jpg" alt="会议现场" loading="eager" fetchpriority="high" decoding="async" width="3" height="2"><\/picture>/,
    )
    expect(articles[0].image).toEqual({
      url: expect.stringMatching(/^\/images\/tiny\.[0-9a-f]{12}\.3\.jpg$/),
      width: 3,
      height: 2,
      webp: [{ url: expect.stringMatching(/^\/images\/tiny\.[0-9a-f]{12}\.3\.webp$/), width: 3 }],
    })
  })

  it('uses the content/images/ photo when public/images/ has one of the same name, and warns which file to delete', () => {
    fs.copyFileSync(logo, path.join(contentDir, 'images/tiny.png'))
    fs.copyFileSync(path.join(folder, 'public/images/tiny.png'), path.join(publicDir, 'images/tiny.png'))
    const { articles, problems, warnings } = inspectContent(contentDir)
    expect(problems).toEqual([])
    expect(articles[0].html).toContain('width="600" height="60"')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatchObject({ field: '图片', line: 9 })
    expect(warnings[0].message).toMatch(/^图片 \/images\/tiny\.png 有两张同名文件:网站用的是 \S*content\/images\/ 里的那张,\S*public\/images\/tiny\.png 不会显示。请删掉 \S*public\/images\/tiny\.png/)
  })

  it('tells the editor to put a missing photo in content/images/, with the exact file name', () => {
    const { problems } = inspectContent(contentDir)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ field: '图片', line: 9 })
    expect(problems[0].message).toMatch(/^图片文件不存在或无法读取:\/images\/tiny\.png\(应放在 \S*content\/images\/tiny\.png,文件名的大小写也要一致\)$/)
  })

  it('points raw-HTML <img> and links to a photo at its published files (the original is never published), and names a missing one with its line', () => {
    fs.copyFileSync(logo, path.join(contentDir, 'images/tiny.png'))
    const file = path.join(contentDir, 'articles/with-image.md')
    const body = '\n<p><img src="/images/tiny.png" alt="标志"></p>\n\n查看[原图](/images/tiny.png)。\n\n<a href="/images/tiny.png">大图</a>\n'
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n!\[[^\n]*\n?$/, body))
    const { articles, problems } = inspectContent(contentDir)
    expect(problems).toEqual([])
    const html = articles[0].html
    expect(html).toMatch(
      /<picture><source type="image\/webp" srcset="\/images\/tiny\.[0-9a-f]{12}\.480\.webp 480w, \/images\/tiny\.[0-9a-f]{12}\.600\.webp 600w" sizes="[^"]+"><img src="\/images\/tiny\.[0-9a-f]{12}\.600\.jpg" alt="标志" loading="eager" decoding="async" fetchpriority="high" width="600" height="60"><\/picture>/,
    )
    expect(html).toMatch(/<a href="\/images\/tiny\.[0-9a-f]{12}\.600\.webp">原图<\/a>/)
    expect(html).toMatch(/<a href="\/images\/tiny\.[0-9a-f]{12}\.600\.webp">大图<\/a>/)
    expect(html).not.toMatch(/"\/images\/tiny\.png"/)

    fs.rmSync(path.join(contentDir, 'images/tiny.png'))
    const missing = inspectContent(contentDir).problems
    const where = /^图片文件不存在或无法读取:\/images\/tiny\.png\(应放在 \S*content\/images\/tiny\.png,/
    expect(missing.map((p) => [p.line, where.test(p.message)])).toEqual([
      [9, true],
      [11, true],
      [13, true],
    ])
  })

  it('tells the editor to download an outside photo into content/images/', () => {
    const file = path.join(contentDir, 'articles/with-image.md')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('/images/tiny.png', 'https://example.org/photo.jpg'))
    const { problems } = inspectContent(contentDir)
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^图片 https:\/\/example\.org\/photo\.jpg 不是本站图片:请把图片放进 \S*content\/images\/ 文件夹,再写成 !\[图片说明\]\(\/images\/文件名\.jpg\)$/),
    ])
  })

  it('serves /images/ from content/images/ first, then public/, and never a file outside them', () => {
    const settings = { contentDir, publicDir }
    fs.copyFileSync(logo, path.join(contentDir, 'images/both.png'))
    fs.copyFileSync(logo, path.join(publicDir, 'images/both.png'))
    fs.copyFileSync(logo, path.join(publicDir, 'images/public-only.png'))
    fs.writeFileSync(path.join(publicDir, 'robots.txt'), '')
    expect(imageFile('/images/both.png', settings)).toBe(path.join(contentDir, 'images/both.png'))
    expect(imageFile('/images/public-only.png', settings)).toBe(path.join(publicDir, 'images/public-only.png'))
    expect(imageFile('/images/missing.png', settings)).toBeUndefined()
    for (const url of ['/images/../site.md', '/images/%2e%2e/site.md', '/images/..%2f..%2fcontent/site.md', '/../content/site.md', '//example.org/x.png']) {
      expect(imageFile(url, settings), url).toBeUndefined()
    }
  })
})
