import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '@/lib/markdown'

const fixtures = path.resolve(__dirname, '../fixtures/markdown')
const sizes = (url: string) => (url === '/images/meeting.jpg' ? { width: 640, height: 480 } : undefined)

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
