// @vitest-environment node
// The search page without JavaScript: npm start's server (scripts/server/serve.ts) writes the reader's
// query into /search/ (scripts/server/search-page.ts), whatever the query holds, without ever sending the
// filled page for the plain one.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { JSDOM } from 'jsdom'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { narrowWebSearch, webSearchUrl } from '../../lib/routes'
import { fillSearchPage, MAX_QUERY, searchArgs } from '../../scripts/server/search-page'
import { type RunningServer, startServer } from '../../scripts/server/serve'
import { get, PATIENT_SEARCH, SEARCH_PAGE, siteFiles, writeFiles } from './serve-fixtures'

const SITE_SEARCH = 'https://www.baidu.com/s?wd=site%3Awww.lzfzwl.org.cn'
const HOSTILE = `"><script>alert(1)</script><img src=x onerror=alert(2)> ' &quot; &amp;`

/** What a browser with scripting off makes of a page (so <noscript> holds elements). */
function read(html: string) {
  const { document } = new JSDOM(html).window
  return {
    document,
    box: document.querySelector<HTMLInputElement>('#search-page-query')!.value,
    headerBox: document.querySelector<HTMLInputElement>('#site-search')!.value,
    webSearch: document.querySelector('a[data-web-search]')!.getAttribute('href'),
    channel: document.querySelector<HTMLSelectElement>('#search-channel')!.value,
    sort: document.querySelector<HTMLInputElement>('input[name="sort"]:checked')?.value,
  }
}

const fill = (target: string) => fillSearchPage(SEARCH_PAGE, searchArgs(target)!)

describe('filling in the search page', () => {
  it('puts the query into the page’s box and the web search link, and leaves the header’s box empty', () => {
    const page = read(fill('/search/?q=%E7%94%B5%E6%A2%AF'))
    expect(page.box).toBe('电梯')
    expect(page.headerBox).toBe('')
    expect(page.webSearch).toBe(`${SITE_SEARCH}%20%E7%94%B5%E6%A2%AF`)
    expect(new URL(page.webSearch!).searchParams.get('wd')).toBe('site:www.lzfzwl.org.cn 电梯')
  })

  it('changes nothing but the tags it fills in', () => {
    const expected = SEARCH_PAGE.replace(
      '<input id="search-page-query" type="search" placeholder="搜索本站文章" autoComplete="off" name="q"/>',
      '<input id="search-page-query" type="search" placeholder="搜索本站文章" autocomplete="off" name="q" value="x&amp;y">',
    ).replace(`<a href="${SITE_SEARCH}" data-web-search="true">`, `<a href="${SITE_SEARCH}%20x%26y" data-web-search="true">`)
    expect(fill('/search/?q=x%26y')).toBe(expected)
  })

  it('selects the channel and the order asked for, and none for names the page does not offer', () => {
    const chosen = read(fill('/search/?q=%E7%94%B5%E6%A2%AF&channel=fazhi&sort=newest'))
    expect(chosen.channel).toBe('fazhi')
    expect(chosen.sort).toBe('newest')
    const unknown = read(fill('/search/?q=x&channel=%22%3E%3Cscript%3E&sort=oldest'))
    expect(unknown.channel).toBe('')
    expect(unknown.sort).toBeUndefined()
    // A channel alone is still kept for the next search.
    expect(read(fill('/search/?channel=minsheng')).channel).toBe('minsheng')
  })

  it('leaves a link alone that is not a web search of the site alone', () => {
    for (const href of ['https://evil.example/s?wd=site%3Ax', 'https://www.baidu.com/s?wd=%E7%94%B5', 'https://www.baidu.com/s?wd=site%3Ax%20y', 'not a url']) {
      expect(narrowWebSearch(href, '电梯'), href).toBeUndefined()
    }
    expect(narrowWebSearch(webSearchUrl('https://www.lzfzwl.org.cn/'), '电梯')).toBe(webSearchUrl('https://www.lzfzwl.org.cn/', '电梯'))
  })

  it('keeps a hostile query inside its attribute: no new element, attribute or script', () => {
    const page = read(fill(`/search/?q=${encodeURIComponent(HOSTILE)}`))
    expect(page.box).toBe(HOSTILE)
    expect(new URL(page.webSearch!).searchParams.get('wd')).toBe(`site:www.lzfzwl.org.cn ${HOSTILE}`)
    expect(page.document.querySelectorAll('script')).toHaveLength(1)
    expect(page.document.querySelectorAll('img')).toHaveLength(0)
    expect(page.document.querySelectorAll('[onerror]')).toHaveLength(0)
    expect(page.document.querySelector('#search-page-query')!.getAttributeNames().sort()).toEqual(['autocomplete', 'id', 'name', 'placeholder', 'type', 'value'])
  })

  it('reads q as the page’s script does: the first of several, trimmed, without control characters, at most 100 characters', () => {
    expect(searchArgs('/search/?q=a&q=b')?.query).toBe('a')
    expect(searchArgs('/search/?q=+%E7%94%B5%E6%A2%AF%E3%80%80+')?.query).toBe('电梯')
    expect(searchArgs('/search/?q=%E7%94%B5%00%0A%1B%EF%BF%BF%E6%A2%AF')?.query).toBe('电 梯')
    expect(searchArgs(`/search/?q=${'电'.repeat(10_000)}`)?.query).toBe('电'.repeat(MAX_QUERY))
    // Cut by characters, never inside a surrogate pair.
    expect(searchArgs(`/search/?q=${encodeURIComponent('𠮷'.repeat(MAX_QUERY + 1))}`)?.query).toBe('𠮷'.repeat(MAX_QUERY))
    // Invalid UTF-8 becomes U+FFFD, broken escapes stay as they are; neither throws.
    expect(searchArgs('/search/?q=%FF%E7%94')?.query).toBe('\uFFFD\uFFFD')
    expect(searchArgs('/search/?q=%zz%')?.query).toBe('%zz%')
    expect(searchArgs('/search/')).toBeUndefined()
    expect(searchArgs('/search/?q=&x=1')).toBeUndefined()
    expect(searchArgs('/search/?q=%00%20')).toBeUndefined()
  })
})

describe('npm start serving /search/?q=', () => {
  let tmp: string
  let running: RunningServer
  let base: string
  const GZIP = { 'Accept-Encoding': 'gzip, deflate, br' }
  const QUERY = '/search/?q=%E7%94%B5%E6%A2%AF'

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-search-test-'))
    writeFiles(path.join(tmp, 'out'), { ...siteFiles(), 'search/index.html': SEARCH_PAGE })
    running = await startServer({ dir: path.join(tmp, 'out'), port: 0, host: '127.0.0.1', search: PATIENT_SEARCH })
    base = running.url.slice(0, -1)
    await running.searchReady() // the search worker has loaded: a test's own time is its searches'
  }, 60_000)
  afterEach(async () => {
    await running.close()
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  it('sends the filled page gzipped to gzip clients and plain to others, each with its length and its own ETag', async () => {
    const zipped = await get(base + QUERY, GZIP)
    const plain = await get(base + QUERY)
    for (const reply of [zipped, plain]) {
      expect(reply.status).toBe(200)
      expect(read(reply.text).box).toBe('电梯')
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(reply.headers.vary).toBe('Accept-Encoding')
      expect(reply.headers['cache-control']).toBe('public, max-age=300, must-revalidate, no-transform')
      expect(reply.headers['content-security-policy']).toContain("script-src 'self'")
      expect(Number(reply.headers['content-length'])).toBe(reply.body.length)
    }
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(zipped.body).toString()).toBe(plain.text)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(zipped.headers.etag).not.toBe(plain.headers.etag)
  })

  it('never gives the filled page the plain page’s ETag, nor sends it for the plain page', async () => {
    for (const headers of [GZIP, {}]) {
      const plainPage = await get(`${base}/search/`, headers)
      const filled = await get(base + QUERY, headers)
      expect(filled.headers.etag).not.toBe(plainPage.headers.etag)
      expect((await get(`${base}/search/?q=%E5%85%B6%E4%BB%96`, headers)).headers.etag).not.toBe(filled.headers.etag)
      // Asked again after the filled one (now from memory), the plain page is still the file.
      for (let i = 0; i < 2; i++) {
        const again = await get(`${base}/search/`, headers)
        expect(again.text).toBe(SEARCH_PAGE)
        expect(again.headers.etag).toBe(plainPage.headers.etag)
      }
    }
  })

  it('answers HEAD with the headers of GET and no body', async () => {
    for (const headers of [GZIP, {}]) {
      const full = await get(base + QUERY, headers)
      const head = await get(base + QUERY, headers, 'HEAD')
      expect(head.status).toBe(200)
      expect(head.body.length).toBe(0)
      for (const name of ['content-length', 'content-encoding', 'etag', 'content-type', 'cache-control']) expect(head.headers[name], name).toBe(full.headers[name])
    }
  })

  it('answers 304 to the filled page’s own ETag, and 200 to the plain page’s', async () => {
    const filled = await get(base + QUERY, GZIP)
    const notModified = await get(base + QUERY, { ...GZIP, 'If-None-Match': `"x", W/${filled.headers.etag}` })
    expect(notModified.status).toBe(304)
    expect(notModified.body.length).toBe(0)
    expect(notModified.headers.etag).toBe(filled.headers.etag)
    const plainEtag = (await get(`${base}/search/`, GZIP)).headers.etag!
    expect((await get(base + QUERY, { ...GZIP, 'If-None-Match': plainEtag })).status).toBe(200)
  })

  it('answers hostile queries with the page, the query held in its attribute', async () => {
    const long = await get(`${base}/search/?q=${'x'.repeat(10_240)}`, GZIP)
    expect(long.status).toBe(200)
    expect(read(long.text).box).toBe('x'.repeat(MAX_QUERY))
    // Past Node's 16 KB of request head, Node itself refuses the request.
    expect((await get(`${base}/search/?q=${'%E7%94%B5'.repeat(2_000)}`)).status).toBe(431)
    const hostile = await get(`${base}/search/?q=${encodeURIComponent(HOSTILE)}&q=second`, GZIP)
    expect(read(hostile.text).box).toBe(HOSTILE)
    expect(read(hostile.text).document.querySelectorAll('script')).toHaveLength(1)
    const invalid = await get(`${base}/search/?q=%FF%FE%E7%94&channel=%C0`)
    expect(invalid.status).toBe(200)
    expect(read(invalid.text).box).toBe('\uFFFD\uFFFD\uFFFD')
  })

  it('sends other pages as they are, whatever their query', async () => {
    const articles = await get(`${base}/articles/?q=%E7%94%B5%E6%A2%AF`)
    expect(articles.body.equals(fs.readFileSync(path.join(tmp, 'out/articles/index.html')))).toBe(true)
    expect(articles.headers.etag).toBe((await get(`${base}/articles/`)).headers.etag)
    // The search page asked without a query, or with nothing in it, is the file as built.
    for (const target of ['/search/', '/search/?q=', '/search/?utm_source=x']) expect((await get(base + target)).text, target).toBe(SEARCH_PAGE)
  })
})
