import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '@/lib/markdown'

const fixtures = path.resolve(__dirname, '../fixtures/markdown')
// meeting.jpg: a file of known size; photo.jpg: a photo of content/images/ with its published files.
const PHOTO = {
  webp: [480, 828, 1200].map((width) => ({ url: `/images/photo.0123456789ab.${width}.webp`, width })),
  fallback: { url: '/images/photo.0123456789ab.1200.jpg', width: 1200, height: 1800 },
}
const sizes = (url: string) =>
  url === '/images/meeting.jpg' ? { width: 640, height: 480 } : url === '/images/photo.jpg' ? { width: 2000, height: 3000, photo: PHOTO } : undefined

describe('renderMarkdown golden files', () => {
  for (const name of fs.readdirSync(fixtures)) {
    it(`renders ${name} as expected`, () => {
      const input = fs.readFileSync(path.join(fixtures, name, 'input.md'), 'utf8')
      const expected = fs.readFileSync(path.join(fixtures, name, 'output.html'), 'utf8').trim()
      expect(renderMarkdown(input, { imageSize: sizes }).html).toBe(expected)
    })
  }
})

describe('renderMarkdown', () => {
  it('never lets script, event handlers or javascript: URLs through', () => {
    const hostile = fs
      .readdirSync(fixtures)
      .map((name) => fs.readFileSync(path.join(fixtures, name, 'input.md'), 'utf8'))
      .join('\n\n')
    const { html } = renderMarkdown(hostile)
    expect(html).not.toMatch(/<script|<iframe|\son\w+=|href="\s*(javascript|data|vbscript):/i)
  })

  it('gives the body as plain text with blocks separated, for descriptions', () => {
    const { text } = renderMarkdown('## 小标题\n\n第一段**加粗**。\n\n第二段。')
    expect(text).toBe('小标题 第一段加粗。 第二段。')
  })

  it('lists every image with its alt text and line', () => {
    const { images } = renderMarkdown('正文\n\n![](/a.png)\n\n![说明](/b.png)')
    expect(images).toEqual([
      { url: '/a.png', alt: '', line: 3 },
      { url: '/b.png', alt: '说明', line: 5 },
    ])
  })
})

describe('photos with captions', () => {
  /** The rendered body as a browser sees it. */
  const body = (markdown: string) =>
    new DOMParser().parseFromString(`<div>${renderMarkdown(markdown, { imageSize: sizes }).html}</div>`, 'text/html').body

  it('shows a photo alone in its paragraph as a figure captioned with its description, which a screen reader hears once', () => {
    const figure = body('正文。\n\n![驻村工作队走访农户](/images/meeting.jpg)\n\n下一段。').querySelector('figure')!
    const image = figure.querySelector('img')!
    expect(image.getAttribute('alt')).toBe('驻村工作队走访农户')
    expect([image.getAttribute('width'), image.getAttribute('height')]).toEqual(['640', '480'])
    expect(figure.querySelector('figcaption')?.textContent).toBe('驻村工作队走访农户')
    // The image's alt text is its name; the caption repeating it is for the eye only.
    expect(figure.querySelector('figcaption')?.getAttribute('aria-hidden')).toBe('true')
  })

  it('captions with the title when one is given, and the alt text stays the image’s description for screen readers', () => {
    const figure = body('![会议现场,台上坐着五人](/images/meeting.jpg "娄星区召开驻村帮扶工作会")').querySelector('figure')!
    expect(figure.querySelector('img')?.getAttribute('alt')).toBe('会议现场,台上坐着五人')
    expect(figure.querySelector('img')?.hasAttribute('title')).toBe(false)
    expect(figure.querySelector('figcaption')?.textContent).toBe('娄星区召开驻村帮扶工作会')
    expect(figure.querySelector('figcaption')?.hasAttribute('aria-hidden')).toBe(false)
  })

  it('leaves an image inside a sentence, or inside a link, in its paragraph without a caption', () => {
    const page = body('句子里的图标![图标](/images/meeting.jpg)留在句子里。\n\n[![点开看大图](/images/meeting.jpg)](https://example.com/big.jpg)')
    expect(page.querySelectorAll('figure, figcaption')).toHaveLength(0)
    expect(page.querySelectorAll('p > img, p > a > img')).toHaveLength(2)
  })

  it('does not add a second caption to a figure the editor wrote in HTML', () => {
    const page = body('<figure>\n\n![走访农户](/images/meeting.jpg)\n\n<figcaption>编辑写的说明。</figcaption>\n</figure>')
    expect(page.querySelectorAll('figure')).toHaveLength(1)
    expect([...page.querySelectorAll('figcaption')].map((c) => c.textContent)).toEqual(['编辑写的说明。'])
  })

  it('keeps the plain text for search and descriptions as it was: the description once, no markup', () => {
    expect(renderMarkdown('第一段。\n\n![驻村工作队走访农户](/images/meeting.jpg)\n\n第二段。').text).toBe('第一段。 驻村工作队走访农户 第二段。')
  })
})

// Mutation XSS: markup that a sanitizer sees one way and a browser, parsing the output again, another.
// Each is rendered on its own, as an unclosed <svg> or <math> would swallow the ones after it.
const MXSS = [
  '<svg><p><style><img src=x onerror="window.__pwned=1"></style></p></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=1"></style></mglyph></table></mtext></math>',
  '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>"></p></noscript>',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror="window.__pwned=1">',
  '<!--><img src=x onerror="window.__pwned=1">-->',
  '<xmp><img src=x onerror="window.__pwned=1"></xmp>',
  '<textarea><img src=x onerror="window.__pwned=1"></textarea>',
  '<title><img src=x onerror="window.__pwned=1"></title>',
  '<a title="</a><img src=x onerror=window.__pwned=1>">标题</a>',
  '<svg><a xlink:href="javascript:window.__pwned=1"><text x="20" y="20">点我</text></a></svg>',
  '<img src="x` `<script>window.__pwned=1</script>"` `>',
  '<table><a href="javascript:window.__pwned=1">表格里被挤出的链接</a></table>',
  '<table><td><style><img src=x onerror="window.__pwned=1"></style></td></table>',
  '<select><template><style><img src=x onerror="window.__pwned=1"></style></template></select>',
  '<p>文字</p><sub><p>嵌套<img src=x onerror="window.__pwned=1"></p></sub>',
  '<div><![CDATA[</div><img src=x onerror="window.__pwned=1">]]></div>',
]

describe('renderMarkdown against mXSS', () => {
  it.each(MXSS)('leaves nothing that runs once a browser parses the output of %s', (payload) => {
    const { html } = renderMarkdown(payload)
    const body = new DOMParser().parseFromString(`<div class="article-body">${html}</div>`, 'text/html').body
    expect(body.querySelectorAll('script, style, iframe, object, embed, svg, math, form, base, meta, link')).toHaveLength(0)
    for (const element of body.querySelectorAll('*')) {
      for (const { name, value } of element.attributes) {
        expect(name).not.toMatch(/^on|^style$/i)
        if (/^(href|src)$/.test(name)) expect(value).not.toMatch(/^[\s\0-\x1f]*(javascript|vbscript|data):/i)
      }
    }
  })
})
