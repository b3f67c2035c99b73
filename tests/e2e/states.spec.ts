// The `states` site: a production build of a folder with a published article, a draft and an
// article dated a day after the build. Neither unpublished article may reach readers anywhere.
// Beside them, an article whose photo is kept in the content folder's images/.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import zlib from 'node:zlib'
import { expect, test } from '@playwright/test'
import sharp from 'sharp'
import { privateTagsUnder } from '../photos.mjs'
import { installAxe, wcagViolations } from './axe'
import { outDir } from './sites.mjs'

const PUBLISHED = { slug: 'published-article', title: '已发布的文章' }
const UNPUBLISHED = [
  { state: 'draft', slug: 'draft-article', title: '尚未完成的草稿' },
  { state: 'scheduled', slug: 'scheduled-article', title: '明天才发布的文章' },
]

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(full)
    else yield full
  }
}

/** A file's bytes, decompressed when it is gzip or brotli (precompressed pages, search indexes). */
function readable(file: string): Buffer {
  const bytes = fs.readFileSync(file)
  try {
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) return Buffer.concat([bytes, zlib.gunzipSync(bytes)])
    if (file.endsWith('.br')) return Buffer.concat([bytes, zlib.brotliDecompressSync(bytes)])
  } catch {
    // not really compressed: the raw bytes are scanned
  }
  return bytes
}

/** Every way a text can be written into a file: UTF-8, JSON \u escapes, HTML character references. */
function spellings(text: string): Buffer[] {
  const chars = [...text]
  return [
    text,
    chars.map((c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`).join(''),
    chars.map((c) => `&#${c.codePointAt(0)};`).join(''),
    chars.map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join(''),
    encodeURIComponent(text),
  ].map((s) => Buffer.from(s))
}

test.describe('a production build with a draft and a scheduled article', () => {
  const files = [...walk(outDir('states'))]
  const contents = new Map(files.map((file) => [file, readable(file)]))
  const mentioning = (text: string) =>
    files.filter((file) => spellings(text).some((needle) => contents.get(file)!.includes(needle)))

  test('the scan of out/ finds the published article, so it would find the others', () => {
    expect(files.length).toBeGreaterThan(10)
    expect(mentioning(PUBLISHED.slug).length).toBeGreaterThan(0)
    expect(mentioning(PUBLISHED.title).length).toBeGreaterThan(0)
  })

  for (const { state, slug, title } of UNPUBLISHED) {
    test(`no file of out/ (pages, lists, feeds, sitemaps, search index) mentions the ${state} article`, () => {
      const relative = (list: string[]) => list.map((file) => path.relative(outDir('states'), file))
      expect(relative(mentioning(slug)), `files naming ${slug}`).toEqual([])
      expect(relative(mentioning(title)), `files naming ${title}`).toEqual([])
    })

    test(`answers the ${state} article's address with 404`, async ({ page }) => {
      const response = await page.goto(`/articles/${slug}/`)
      expect(response?.status()).toBe(404)
      await expect(page.getByRole('heading', { level: 1, name: '页面不存在' })).toBeVisible()
    })
  }

  test('lists only the published article on the home page', async ({ page }) => {
    await page.goto('/')
    await expect(page.getByRole('link', { name: PUBLISHED.title }).first()).toBeVisible()
    for (const { title } of UNPUBLISHED) await expect(page.getByText(title)).toHaveCount(0)
  })
})

test.describe('photos kept in the content folder’s images/', () => {
  // huiyi.jpg: a phone photo stored 1500×1000 with EXIF orientation 6, so 1000×1500 upright, and
  // GPS, maker, owner and serial tags; zoufang.png: a 1200×675 PNG further down (tests/e2e/sites.mjs).
  const PHOTO = { path: '/articles/photo-article/', caption: '座谈会现场', upright: { width: 1000, height: 1500 } }
  const SECOND = { caption: '驻村工作队走访农户', width: 1200, height: 675 }
  const original = () => path.resolve(outDir('states'), '../content/images/2024/huiyi.jpg')

  test('shows upright, as a figure with its caption, at the size of the upright photo, loaded at once', async ({ page }) => {
    await page.goto(PHOTO.path)
    const figure = page.locator('.article-body').getByRole('figure').first()
    await expect(figure.locator('figcaption')).toHaveText(PHOTO.caption)
    const image = figure.getByRole('img', { name: PHOTO.caption })
    await expect(image).toHaveAttribute('width', String(PHOTO.upright.width))
    await expect(image).toHaveAttribute('height', String(PHOTO.upright.height))
    await expect(image).toHaveAttribute('loading', 'eager')
    await expect(image).toHaveAttribute('fetchpriority', 'high')
    await expect(image).toHaveAttribute('decoding', 'async')
    // The pixels themselves are upright: a browser that ignored EXIF would show it the same way.
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalHeight > img.naturalWidth)).toBe(true)
    expect(await image.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\/images\/2024\/huiyi\.[0-9a-f]{12}\.\d+\.webp$/)
    const [photoBox, captionBox] = [await image.boundingBox(), await figure.locator('figcaption').boundingBox()]
    expect(captionBox!.y).toBeGreaterThanOrEqual(photoBox!.y + photoBox!.height - 1)
    expect(photoBox!.height / photoBox!.width).toBeCloseTo(PHOTO.upright.height / PHOTO.upright.width, 2)
  })

  test('loads a photo further down lazily, from WebP files of several widths with a JPEG fallback', async ({ page }) => {
    await page.goto(PHOTO.path)
    const image = page.getByRole('img', { name: SECOND.caption })
    await expect(image).toHaveAttribute('loading', 'lazy')
    await expect(image).not.toHaveAttribute('fetchpriority', /.*/)
    await expect(image).toHaveAttribute('src', /^\/images\/2024\/zoufang\.[0-9a-f]{12}\.1200\.jpg$/)
    await expect(image).toHaveAttribute('width', String(SECOND.width))
    await expect(image).toHaveAttribute('height', String(SECOND.height))
    const srcset = await page.locator('picture source').nth(1).getAttribute('srcset')
    expect(srcset!.split(', ').map((entry) => entry.split(' ')[1])).toEqual(['480w', '828w', '1200w'])
    await image.scrollIntoViewIfNeeded()
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
  })

  for (const screen of [
    { name: 'a 390 px phone at device scale 3', viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 },
    { name: 'a 1366 px desktop', viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 },
  ]) {
    test(`downloads one file of the phone photo on ${screen.name}, far smaller than the original, and fits the screen`, async ({ browser, baseURL }) => {
      const context = await browser.newContext({ viewport: screen.viewport, deviceScaleFactor: screen.deviceScaleFactor, baseURL })
      const page = await context.newPage()
      const downloaded: { url: string; bytes: number }[] = []
      page.on('response', async (response) => {
        if (response.url().includes('/images/2024/huiyi.')) downloaded.push({ url: response.url(), bytes: (await response.body()).length })
      })
      await page.goto(PHOTO.path)
      const image = page.getByRole('img', { name: PHOTO.caption })
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
      await expect.poll(() => downloaded.length).toBe(1)
      const needed = Math.min(screen.viewport.width - 32, 820) * screen.deviceScaleFactor
      const width = Number(/\.(\d+)\.webp$/.exec(downloaded[0].url)![1])
      // The narrowest file as wide as the photo's place on the screen (or the widest there is).
      expect(width).toBeGreaterThanOrEqual(Math.min(needed, PHOTO.upright.width))
      const originalBytes = fs.statSync(original()).size
      console.log(`${screen.name}: ${downloaded[0].bytes} bytes of the photo (${width} px WebP) against ${originalBytes} of the original`)
      expect(downloaded[0].bytes).toBeLessThan(originalBytes / 2)
      const box = (await image.boundingBox())!
      expect(box.x + box.width).toBeLessThanOrEqual(screen.viewport.width)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.viewport.width)
      await context.close()
    })
  }

  test('has no WCAG 2 A or AA violation, and the caption is not read out again after the image’s description', async ({ page }) => {
    await installAxe(page)
    await page.goto(PHOTO.path)
    expect(await wcagViolations(page)).toEqual([])
    const snapshot = await page.locator('.article-body').getByRole('figure').first().ariaSnapshot()
    expect(snapshot).toBe(`- figure "${PHOTO.caption}":\n  - img "${PHOTO.caption}"`)
  })

  test('leaves its article valid HTML for the W3C Nu validator (vnu)', () => {
    const jar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar')
    const page = path.join(outDir('states'), 'articles/photo-article/index.html')
    const result = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', page], { encoding: 'utf8', timeout: 120_000 })
    expect(result.error).toBeUndefined()
    expect((JSON.parse(result.stderr) as { messages: { message: string }[] }).messages.map((m) => m.message)).toEqual([])
  })

  test('leaves no GPS position, maker, owner or serial number in any file of the site (exiftool), and never publishes the original', () => {
    // The original has them all: the check is real.
    expect(privateTagsUnder(original()).length).toBeGreaterThan(5)
    expect(privateTagsUnder(outDir('states'))).toEqual([])
    const published = fs.readdirSync(path.join(outDir('states'), 'images/2024')).sort()
    expect(published.filter((name) => name.startsWith('huiyi.'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^huiyi\.[0-9a-f]{12}\.480\.webp$/), expect.stringMatching(/^huiyi\.[0-9a-f]{12}\.1000\.jpg$/)]),
    )
    expect(published).not.toContain('huiyi.jpg')
    expect(published).not.toContain('zoufang.png')
  })

  test('is shared as its JPEG, with og:image width and height matching the file', async ({ page }) => {
    await page.goto(PHOTO.path)
    const og = await page.locator('meta[property="og:image"]').getAttribute('content')
    expect(og).toMatch(/^https:\/\/[^/]+\/images\/2024\/huiyi\.[0-9a-f]{12}\.1000\.jpg$/)
    const file = path.join(outDir('states'), new URL(og!).pathname)
    const { width, height, format } = await sharp(file).metadata()
    expect(format).toBe('jpeg')
    await expect(page.locator('meta[property="og:image:width"]')).toHaveAttribute('content', String(width))
    await expect(page.locator('meta[property="og:image:height"]')).toHaveAttribute('content', String(height))
    expect([width, height]).toEqual([PHOTO.upright.width, PHOTO.upright.height])
  })
})
