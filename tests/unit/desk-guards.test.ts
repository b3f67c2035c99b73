import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { refusePath } from '../../desk/paths'
import { refusePhoto } from '../../desk/photo'

const root = path.resolve(import.meta.dirname, '../..')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lzfzw-desk-guards-'))
const content = path.join(tmp, 'content')
fs.mkdirSync(path.join(content, 'articles'), { recursive: true })
fs.mkdirSync(path.join(content, 'images'), { recursive: true })
fs.mkdirSync(path.join(tmp, 'outside'))
fs.symlinkSync(path.join(tmp, 'outside'), path.join(content, 'images/linked'))
fs.writeFileSync(path.join(tmp, 'outside/secret.md'), 'x')
fs.symlinkSync(path.join(tmp, 'outside/secret.md'), path.join(content, 'articles/linked.md'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('the paths the desk may write', () => {
  it('allows articles named by the slug rule and photos under images/', () => {
    expect(refusePath(content, 'articles/20261207-093000.md', 'article')).toBeUndefined()
    expect(refusePath(content, 'images/2026/会议.jpg', 'image')).toBeUndefined()
    expect(refusePath(content, 'images', 'folder')).toBeUndefined()
  })

  it.each([
    ['images/../../escape.png', 'image'],
    ['images/../articles/x.md', 'image'],
    ['/etc/passwd', 'image'],
    ['images\\..\\x.png', 'image'],
    ['images/.hidden.png', 'image'],
    ['images/linked/x.png', 'image'],
    ['articles/linked.md', 'article'],
    ['articles/Bad Name.md', 'article'],
    ['articles/x.md/../../site.md', 'article'],
    ['site.md', 'article'],
    ['articles/sub/x.md', 'article'],
    ['..', 'folder'],
    ['', 'image'],
  ] as const)('refuses %s in Chinese', (p, kind) => {
    expect(refusePath(content, p, kind)).toMatch(/[\u4e00-\u9fff]/)
  })
})

describe('the photos the desk accepts', () => {
  const png = fs.readFileSync(path.join(root, 'public/share.png'))
  it('accepts a real photo of a type the site publishes', () => {
    expect(refusePhoto('images/zoufang.png', png)).toBeUndefined()
  })
  it('names the file and the fix for text, a wrong extension and an unsupported type', () => {
    expect(refusePhoto('images/x.png', Buffer.from('不是照片'))).toBe('照片「x.png」打不开:它不是图片,或者文件已损坏。请重新导出后再上传')
    expect(refusePhoto('images/x.jpg', png)).toContain('实际是 PNG 图片,文件名却以 .jpg 结尾')
    expect(refusePhoto('images/scan.bmp', png)).toContain('照片「scan.bmp」的格式网站不能用')
  })
})
