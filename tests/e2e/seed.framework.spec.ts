import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { outDir, SITES } from './sites.mjs'

// Production pages ship no framework JavaScript: scripts/publish/strip.ts strips Next's runtime from
// out/**/*.html. These tests fail when that stops being true, e.g. because someone added
// next/script, a client component the build's check missed, or a page that skipped the strip.
const ARTICLE = '/articles/loudi-louxing-zhucun-bangfu/'
const WHY =
  'production pages must not load Next/React JavaScript (scripts/publish/strip.ts strips it from every rendered page; ' +
  'interactivity belongs in small scripts under public/js/). Did a page skip the strip, or did a change add ' +
  'next/script or a client component?'

function* htmlFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* htmlFiles(full)
    else if (entry.name.endsWith('.html')) yield full
  }
}

/** What in one exported page is framework JavaScript, described for a failure message. */
function frameworkTraces(html: string): string[] {
  const traces = [...html.matchAll(/<script\b[^>]*\bsrc="(\/_next\/[^"]*)"/g)].map((m) => `<script src="${m[1]}">`)
  for (const marker of ['self.__next_f', 'TURBOPACK']) if (html.includes(marker)) traces.push(`inline ${marker} payload`)
  return traces
}

test.describe('production pages carry no framework JavaScript', () => {
  // out/ must exist (npm test builds it first); generated sites are checked when they have been built.
  const sites = Object.keys(SITES)
    .map((name) => outDir(name))
    .filter((dir, i) => i === 0 || fs.existsSync(dir))

  for (const dir of sites) {
    test(`no page in ${path.relative(process.cwd(), dir) || dir} loads /_next/ scripts or inline payloads`, () => {
      expect(fs.existsSync(path.join(dir, 'index.html')), `${dir} has no index.html: run npm run build first`).toBe(true)
      const offenders: string[] = []
      let pages = 0
      for (const file of htmlFiles(dir)) {
        pages++
        const traces = frameworkTraces(fs.readFileSync(file, 'utf8'))
        if (traces.length > 0) offenders.push(`${path.relative(dir, file)}: ${traces.slice(0, 3).join(', ')}`)
      }
      expect(pages).toBeGreaterThan(0)
      expect(offenders, `${offenders.length} of ${pages} pages in ${dir}: ${WHY}\n${offenders.slice(0, 10).join('\n')}`).toEqual([])
    })
  }

  test('no RSC payload files or framework chunks are left in out/', () => {
    const leftovers: string[] = []
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(full)
        else if (/^(index|__next\..*)\.txt$/.test(entry.name) || (full.includes(`${path.sep}_next${path.sep}`) && entry.name.endsWith('.js'))) {
          leftovers.push(path.relative(outDir('seed'), full))
        }
      }
    }
    walk(outDir('seed'))
    expect(leftovers, `client-navigation files remain: ${WHY}`).toEqual([])
  })

  test('the article page requests no JavaScript from /_next/ in Chromium and still renders styled', async ({ page }) => {
    const scripts: string[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (request.resourceType() === 'script' || (url.pathname.startsWith('/_next/') && url.pathname.endsWith('.js'))) {
        scripts.push(url.pathname)
      }
    })
    await page.goto(ARTICLE, { waitUntil: 'load' })
    await expect(page.locator('h1')).toBeVisible()
    expect(scripts.filter((s) => s.startsWith('/_next/')), WHY).toEqual([])
    // The stylesheet survives the strip.
    expect(await page.evaluate(() => document.styleSheets.length)).toBeGreaterThan(0)
    expect(await page.evaluate(() => typeof (window as unknown as { next?: unknown }).next)).toBe('undefined')
  })
})
