// The `states` site: a production build of a folder with a published article, a draft and an
// article dated a day after the build. Neither unpublished article may reach readers anywhere.
// Beside them, an article whose photo is kept in the content folder's images/.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import zlib from 'node:zlib'
import { expect, test } from '@playwright/test'
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

test.describe('a photo kept in the content folder’s images/', () => {
  const PHOTO = { path: '/articles/photo-article/', caption: '驻村工作队走访农户', src: '/images/2024/zoufang.png' }

  test('shows on its article as a figure captioned with its description, loaded from /images/', async ({ page }) => {
    await page.goto(PHOTO.path)
    const figure = page.locator('.article-body').getByRole('figure')
    await expect(figure).toHaveCount(1)
    await expect(figure.locator('figcaption')).toHaveText(PHOTO.caption)
    const image = figure.getByRole('img', { name: PHOTO.caption })
    await expect(image).toHaveAttribute('src', PHOTO.src)
    await expect(image).toHaveAttribute('width', '1200')
    await expect(image).toHaveAttribute('height', '675')
    await image.scrollIntoViewIfNeeded() // it loads lazily
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1200)
    // Below the photo, as a caption: not beside it or above it.
    const [photoBox, captionBox] = [await image.boundingBox(), await figure.locator('figcaption').boundingBox()]
    expect(captionBox!.y).toBeGreaterThanOrEqual(photoBox!.y + photoBox!.height - 1)
  })

  test('fits a 390 px phone screen without sideways scrolling, keeping its proportions', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(PHOTO.path)
    const image = page.getByRole('img', { name: PHOTO.caption })
    await image.scrollIntoViewIfNeeded()
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1200)
    const box = (await image.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(390)
    expect(box.height / box.width).toBeCloseTo(675 / 1200, 2)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  })

  test('has no WCAG 2 A or AA violation, and the caption is not read out again after the image’s description', async ({ page }) => {
    await installAxe(page)
    await page.goto(PHOTO.path)
    expect(await wcagViolations(page)).toEqual([])
    // The image keeps its description; the caption under it is not read out again as text. (The
    // figure's name, which Chromium takes from the caption, is the one repeat HTML leaves: see lib/markdown.ts.)
    const snapshot = await page.locator('.article-body').getByRole('figure').ariaSnapshot()
    expect(snapshot).toBe(`- figure "${PHOTO.caption}":\n  - img "${PHOTO.caption}"`)
  })

  test('leaves its article valid HTML for the W3C Nu validator (vnu)', () => {
    const jar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar')
    const page = path.join(outDir('states'), 'articles/photo-article/index.html')
    const result = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', page], { encoding: 'utf8', timeout: 120_000 })
    expect(result.error).toBeUndefined()
    expect((JSON.parse(result.stderr) as { messages: { message: string }[] }).messages.map((m) => m.message)).toEqual([])
  })

  test('is published as a file of the site, from the content folder and not public/', () => {
    const published = path.join(outDir('states'), 'images/2024/zoufang.png')
    expect(fs.readFileSync(published)).toEqual(fs.readFileSync(path.resolve(outDir('states'), '../content/images/2024/zoufang.png')))
    expect(fs.existsSync(path.resolve(import.meta.dirname, '../../public/images/2024/zoufang.png'))).toBe(false)
  })
})
