import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { content, provideContent, updateStore } from '@/lib/content'
import type { Settings } from '@/lib/settings'
import { renderContent } from '@/scripts/publish/render-content'

// A renderer gets a full build's pages in batches of 25, each job naming the build's store file
// and moment. The content the pages read is made from them once per build: made again per batch,
// it cost 12 ms a page at 20,000 articles (the store read, every article indexed, the related
// articles' index) and grew each renderer past 1 GB.

const fixtures = path.resolve(__dirname, '../fixtures')
const article = (title: string) => `---\ntitle: ${title}\ndate: 2023-01-07\ncategory: 关注民生\n---\n\n正文。\n`

let dir: string
let settings: Settings
let storeFile: string
const saved = { CONTENT_STORE: process.env.CONTENT_STORE, BUILD_NOW: process.env.BUILD_NOW }

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'render-content-'))
  fs.mkdirSync(path.join(dir, 'content/articles'), { recursive: true })
  fs.copyFileSync(path.join(fixtures, 'valid-edge/site.md'), path.join(dir, 'content/site.md'))
  for (const name of ['first', 'second']) fs.writeFileSync(path.join(dir, `content/articles/${name}.md`), article(`${name} 的标题`))
  settings = { contentDir: path.join(dir, 'content'), publicDir: path.join(dir, 'public'), includeUnpublished: false }
  storeFile = path.join(dir, 'store.json')
  updateStore(settings, 'v1', storeFile)
})
afterEach(() => {
  provideContent(undefined)
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  fs.rmSync(dir, { recursive: true, force: true })
})

const NOW = '2024-01-01T00:00:00.000Z'

describe("a renderer's content", () => {
  it("is made once for all of one build's batches (same store file, same moment)", () => {
    const { pointAt } = renderContent()
    pointAt(storeFile, NOW)
    const first = content()
    expect(first.articles.map((a) => a.slug).sort()).toEqual(['first', 'second'])
    pointAt(storeFile, NOW)
    expect(content()).toBe(first)
  })

  it('is made anew for another moment, and for the store file replaced under the same name (the check after an early warm-up)', () => {
    const { pointAt } = renderContent()
    pointAt(storeFile, NOW)
    const first = content()
    pointAt(storeFile, '2024-01-02T00:00:00.000Z')
    expect(content()).not.toBe(first)
    fs.writeFileSync(path.join(settings.contentDir, 'articles/third.md'), article('third 的标题'))
    updateStore(settings, 'v1', storeFile)
    pointAt(storeFile, '2024-01-02T00:00:00.000Z')
    expect(content().articles.map((a) => a.slug).sort()).toEqual(['first', 'second', 'third'])
  })
})
