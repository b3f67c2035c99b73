import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate'
import { JSDOM } from 'jsdom'
import { parseSite } from '../../lib/content'
import { sortOf } from '../../lib/search/results'
import { SearchAnswers } from '../../scripts/server/search-answer'
import { fillSearchPage, offeredChannels, searchArgs } from '../../scripts/server/search-page'
import { e2eDir, outDir, SITES } from './sites.mjs'

// Every built site but the hostile one (whose bodies are garbage on purpose), read from disk: each
// page passes html-validate (.htmlvalidate.mjs), and every link and asset inside the site resolves
// to a file the way both servers resolve it (x/ is x/index.html; x finds x.html or x/index.html).

const root = path.resolve(import.meta.dirname, '../..')
const names = (Object.keys(SITES) as (keyof typeof SITES)[]).filter((name) => name !== 'hostile')

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(full)
    else yield full
  }
}

/** The site's own base URL (site.md's url), whose absolute links also point inside out/. */
function siteOrigin(name: string): string {
  const file = name === 'seed' ? path.join(root, 'content/site.md') : path.join(e2eDir, name, 'content/site.md')
  const site = parseSite(file, fs.readFileSync(file, 'utf8'))
  if (Array.isArray(site)) throw new Error(`${file} is invalid`)
  return new URL(site.url).origin
}

/** The file a request path is served from, or undefined: the servers' own lookup order. */
function fileFor(out: string, pathname: string): string | undefined {
  const base = path.join(out, pathname)
  if (!base.startsWith(out)) return undefined
  const candidates = pathname.endsWith('/') ? [path.join(base, 'index.html')] : [base, base + '.html', path.join(base, 'index.html')]
  return candidates.find((file) => fs.existsSync(file) && fs.statSync(file).isFile())
}

const LOCAL = 'http://site.invalid'
const URL_ATTRIBUTES = ['href', 'src', 'poster', 'action', 'data']

/** Every URL a page or stylesheet refers to, as [what, url]. */
function referencesIn(file: string, origin: string): [string, string][] {
  const text = fs.readFileSync(file, 'utf8')
  if (file.endsWith('.css')) return [...text.matchAll(/url\(\s*['"]?([^'")]+)/g)].map((m) => ['url()', m[1]])
  if (file.endsWith('.xml')) return [...text.matchAll(/>\s*(https?:\/\/[^<\s]+)\s*</g)].map((m) => ['xml', m[1].replace(/&amp;/g, '&')])
  const { document } = new JSDOM(text).window
  const found: [string, string][] = []
  for (const element of document.querySelectorAll('*')) {
    for (const name of URL_ATTRIBUTES) {
      const value = element.getAttribute(name)
      if (value !== null) found.push([`<${element.localName} ${name}>`, value])
    }
    for (const candidate of (element.getAttribute('srcset') ?? '').split(',').filter((s) => s.trim())) {
      found.push([`<${element.localName} srcset>`, candidate.trim().split(/\s+/)[0]])
    }
    const content = element.localName === 'meta' ? element.getAttribute('content') : null
    if (content?.startsWith(origin)) found.push(['<meta content>', content])
  }
  return found
}

const idsOf = new Map<string, Set<string>>()
function ids(file: string): Set<string> {
  if (!idsOf.has(file)) {
    const { document } = new JSDOM(fs.readFileSync(file, 'utf8')).window
    idsOf.set(file, new Set([...document.querySelectorAll('[id]')].map((element) => element.id)))
  }
  return idsOf.get(file)!
}

for (const name of names) {
  test.describe(`the ${name} site in ${path.relative(root, outDir(name))}`, () => {
    const out = outDir(name)

    test('has been built', () => {
      expect(fs.existsSync(path.join(out, 'index.html')), 'run npm run build and node tests/e2e/sites.mjs').toBe(true)
    })

    test('every page passes html-validate with 0 errors', async () => {
      // Hundreds of pages of CPU work: the bound catches a hang, not slowness on a loaded machine.
      test.setTimeout(300_000)
      const validator = new HtmlValidate(new FileSystemConfigLoader())
      const pages = [...walk(out)].filter((file) => file.endsWith('.html'))
      const problems: string[] = []
      for (const page of pages) {
        const report = await validator.validateFile(page)
        for (const { messages, filePath } of report.results) {
          for (const m of messages) problems.push(`${path.relative(out, filePath)}:${m.line}:${m.column}  ${m.ruleId}  ${m.message}`)
        }
      }
      expect(problems).toEqual([])
      expect(pages.length).toBeGreaterThan(0)
    })

    test('every internal link and asset resolves to a file (and every #fragment to an id)', () => {
      const origin = siteOrigin(name)
      const broken: string[] = []
      for (const file of walk(out)) {
        if (!/\.(html|css|xml)$/.test(file)) continue
        const pagePath = '/' + path.relative(out, file).split(path.sep).join('/')
        for (const [what, reference] of referencesIn(file, origin)) {
          if (/^\s*(javascript|vbscript|data):/i.test(reference) && !reference.startsWith('data:image/')) {
            broken.push(`${pagePath}  ${what} ${reference}  (script URL in our own output)`)
            continue
          }
          const url = new URL(reference, LOCAL + pagePath)
          const internal = url.origin === LOCAL || url.origin === origin
          if (!internal || !['http:', 'https:'].includes(url.protocol)) continue
          const target = fileFor(out, decodeURIComponent(url.pathname))
          if (!target) broken.push(`${pagePath}  ${what} ${reference}  (no file)`)
          else if (url.hash && target.endsWith('.html') && !ids(target).has(decodeURIComponent(url.hash.slice(1)))) {
            broken.push(`${pagePath}  ${what} ${reference}  (no element with that id)`)
          }
        }
      }
      expect(broken).toEqual([])
    })
  })
}

/**
 * The seed site's search page as npm start sends it for `target`, answered from `site`'s index
 * (scripts/server/search-answer.ts, scripts/server/search-page.ts), saved as .e2e/<file>. The seed's page, not
 * the hostile site's own: that one's footer carries site.md's hostile links, which only the
 * hostile tests look at.
 */
async function answeredSearchPage(site: string, target: string, file: string): Promise<string> {
  const page = fs.readFileSync(path.join(outDir('seed'), 'search/index.html'), 'utf8')
  const args = searchArgs(target)!
  // No time limit: whether the page holds results must not depend on how busy the machine is.
  const results = await new SearchAnswers({ timeoutMs: 600_000 }).answer(outDir(site), { ...args, sort: sortOf(args.sort) }, offeredChannels(page))
  expect(results, `${site} ${target} answered`).toBeDefined()
  const saved = path.join(e2eDir, file)
  fs.writeFileSync(saved, fillSearchPage(page, args, results))
  return saved
}

test('every page type of the seed and newsroom sites, and search results npm start writes, pass the W3C Nu validator (vnu) with 0 errors', async () => {
  // vnu-jar ships the validator's jar; it needs a Java runtime (Debian default-jre-headless).
  const jar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar')
  const out = outDir('seed')
  const pages = ['index.html', 'articles/index.html', 'articles/loudi-louxing-zhucun-bangfu/index.html', 'category/minsheng/index.html', 'search/index.html', '404.html']
  // The newsroom's page types: the home page with its lead, a corrected and tagged article, tag and month pages.
  const newsroom = ['index.html', 'articles/corrected/index.html', 'tags/index.html', 'tags/乡村振兴/index.html', 'archive/index.html', 'archive/2026/10/index.html']
  const files = [...pages.map((p) => path.join(out, p)), ...newsroom.map((p) => path.join(outDir('newsroom'), p))]
  // The search page as npm start fills it in for /search/?q=… (scripts/server/search-page.ts), asked with a hostile query.
  const filled = path.join(e2eDir, 'search-filled.html')
  fs.mkdirSync(e2eDir, { recursive: true })
  const hostile = encodeURIComponent(`"><script>alert(1)</script><img src=x onerror=alert(2)> ' &quot; &amp; \u00a0 𠮷`)
  fs.writeFileSync(filled, fillSearchPage(fs.readFileSync(path.join(out, 'search/index.html'), 'utf8'), searchArgs(`/search/?q=${hostile}&channel=fazhi&sort=newest`)!))
  // The search page with results written in by npm start: hostile stored titles and texts, and a
  // second page of results with its pager.
  const answered = [
    await answeredSearchPage('hostile', `/search/?q=${encodeURIComponent('标题')}`, 'search-answered-hostile.html'),
    await answeredSearchPage('hostile', `/search/?q=${encodeURIComponent('script')}`, 'search-answered-script.html'),
    await answeredSearchPage('search', `/search/?q=${encodeURIComponent('本网讯')}&channel=&sort=newest&page=2`, 'search-answered-page-2.html'),
  ]
  const result = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files, filled, ...answered], {
    encoding: 'utf8',
    timeout: 120_000,
  })
  expect(result.error).toBeUndefined()
  const { messages } = JSON.parse(result.stderr) as { messages: { url?: string; lastLine?: number; message: string }[] }
  expect(messages.map((m) => `${m.url ? path.relative(root, decodeURIComponent(new URL(m.url).pathname)) : ''}:${m.lastLine ?? ''}  ${m.message}`)).toEqual([])
})

test('the sites checked above include every page type', () => {
  const has = (name: string, relative: string) => fs.existsSync(path.join(outDir(name), relative))
  expect(has('seed', 'index.html'), 'home').toBe(true)
  expect(has('seed', 'articles/index.html'), '/articles/').toBe(true)
  expect(has('seed', 'articles/loudi-louxing-zhucun-bangfu/index.html'), 'article').toBe(true)
  expect(has('seed', 'category/minsheng/index.html'), 'channel').toBe(true)
  const month = (name: string, list: string) => fs.readdirSync(path.join(outDir(name), list)).filter((y) => /^\d{4}$/.test(y)).flatMap((y) => fs.readdirSync(path.join(outDir(name), list, y)).map((m) => path.join(list, y, m, 'index.html')))
  expect(month('corpus', 'category/minsheng').some((page) => has('corpus', page)), 'a month of a channel').toBe(true)
  expect(has('seed', '404.html'), '404 page').toBe(true)
  expect(has('empty', 'index.html'), 'a site with no articles').toBe(true)
  expect(month('newsroom', 'tags/乡村振兴').some((page) => has('newsroom', page)), 'a month of a tag').toBe(true)
  expect(has('newsroom', 'archive/2026/10/index.html'), 'a month').toBe(true)
  expect(has('hostile', 'search-index/index.json'), 'search results of hostile articles').toBe(true)
  expect(has('search', 'search-index/index.json'), 'a second page of search results').toBe(true)
})
