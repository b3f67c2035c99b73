import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { refusePath } from '../../scripts/desk/paths'
import { refusePhoto } from '../../scripts/desk/photo'

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
  it('refuses what a build would refuse, naming the file, in the check\'s own words', () => {
    expect(refusePhoto('images/x.png', Buffer.from('不是照片'))).toBe('照片「x.png」不能用:不是图片,或者图片已损坏,无法读取:请重新导出或重新拍摄这张照片(JPEG、PNG 或 WebP)再放进来')
    expect(refusePhoto('images/evil.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toContain('照片「evil.svg」不能用:SVG 图片不能发布')
    expect(refusePhoto('images/scan.bmp', png)).toContain('照片「scan.bmp」不能用:这种文件不能放在图片文件夹里')
    expect(refusePhoto('images/iphone.heic', png)).toContain('请在手机上导出为 JPEG')
  })
})
