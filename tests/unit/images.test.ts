// Local images: an article in tests/fixtures/images references /images/tiny.png, a real 3×2 PNG kept
// in the fixture's own public/ folder (PUBLIC_DIR points the loader at it; Next serves public/).
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { inspectContent } from '@/lib/content'

const folder = path.resolve(__dirname, '../fixtures/images')

afterEach(() => {
  delete process.env.PUBLIC_DIR
})

describe('a local image in an article', () => {
  it('renders with its alt text, title, lazy loading and intrinsic width and height', () => {
    process.env.PUBLIC_DIR = path.join(folder, 'public')
    const { articles, problems } = inspectContent(folder)
    expect(problems).toEqual([])
    expect(articles[0].html).toContain(
      '<img src="/images/tiny.png" alt="会议现场" title="现场照片" loading="lazy" decoding="async" width="3" height="2">',
    )
  })

  it('is reported, with where it belongs, when the file is not in public/', () => {
    process.env.PUBLIC_DIR = path.join(folder, 'no-such-public')
    const { problems } = inspectContent(folder)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ field: '图片', line: 9 })
    expect(problems[0].message).toMatch(/图片文件不存在或无法读取:\/images\/tiny\.png\(应放在 \S*no-such-public\/images\/tiny\.png/)
  })
})
