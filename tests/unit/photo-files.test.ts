// @vitest-environment node
// What may be published from the content folder's images/: photos only, and never a file reached
// through a symbolic link (issue 27: `ln -s /etc/passwd content/images/passwd.txt` was published,
// and so were .html, .js and .svg files that ran script from our own origin).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkPhotoFile, imageFile, inspectContent, readContent } from '@/lib/content'
import { settingsFromEnv } from '@/lib/settings'
import { publishContentImages } from '@/scripts/publish/assets'

const fixtures = path.resolve(__dirname, '../fixtures')
let dir: string
let contentDir: string
let outside: string

const photo = (width = 40, height = 30) => sharp({ create: { width, height, channels: 3, background: '#836' } }).jpeg().toBuffer()
const read = () => inspectContent(contentDir)
const messages = (file: string) => read().problems.filter((p) => p.file.endsWith(file)).map((p) => p.message)

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'photo-files-'))
  contentDir = path.join(dir, 'content')
  outside = path.join(dir, 'outside')
  fs.mkdirSync(path.join(contentDir, 'images'), { recursive: true })
  fs.mkdirSync(path.join(contentDir, 'articles'))
  fs.mkdirSync(outside)
  fs.writeFileSync(path.join(outside, 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\n')
  fs.copyFileSync(path.join(fixtures, 'images/site.md'), path.join(contentDir, 'site.md'))
  process.env.PUBLIC_DIR = path.join(dir, 'public')
})
afterEach(() => {
  delete process.env.PUBLIC_DIR
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('links in the content folder’s images/', () => {
  it('refuses a link to a file outside the site, naming it, and the dev server never serves it', () => {
    fs.symlinkSync('/etc/passwd', path.join(contentDir, 'images/passwd.txt'))
    fs.symlinkSync(path.join(outside, 'id_rsa'), path.join(contentDir, 'images/key.jpg'))
    expect(messages('images/passwd.txt')).toEqual([expect.stringMatching(/^这是一个链接\(快捷方式\),不是照片本身/)])
    expect(messages('images/key.jpg')).toEqual([expect.stringMatching(/^这是一个链接\(快捷方式\)/)])
    const settings = { contentDir, publicDir: process.env.PUBLIC_DIR! }
    expect(imageFile('/images/passwd.txt', settings)).toBeUndefined()
    expect(imageFile('/images/key.jpg', settings)).toBeUndefined()
  })

  it('refuses a link to a folder at any depth, and the photos behind it are not published', async () => {
    fs.mkdirSync(path.join(contentDir, 'images/2023'))
    fs.writeFileSync(path.join(outside, 'photo.jpg'), await photo())
    fs.symlinkSync(outside, path.join(contentDir, 'images/2023/elsewhere'))
    expect(messages('images/2023/elsewhere')).toEqual([expect.stringMatching(/^这是一个指向别处的文件夹链接/)])
    const { store } = readContent({ ...settingsFromEnv(), contentDir })
    expect(Object.keys(store.photos)).toEqual([])
    expect(imageFile('/images/2023/elsewhere/photo.jpg', { contentDir, publicDir: process.env.PUBLIC_DIR! })).toBeUndefined()
  })

  it('refuses the images folder itself when it is a link, and publishes nothing from it', async () => {
    fs.rmdirSync(path.join(contentDir, 'images'))
    fs.writeFileSync(path.join(outside, 'photo.jpg'), await photo())
    fs.symlinkSync(outside, path.join(contentDir, 'images'))
    const { problems } = read()
    expect(problems).toEqual([expect.objectContaining({ field: '图片', message: expect.stringMatching(/^图片文件夹本身是一个链接/) })])
    expect(problems[0].file).toMatch(/content\/images$/)
    const { store } = readContent({ ...settingsFromEnv(), contentDir })
    expect(store.photos).toEqual({})
    expect(imageFile('/images/photo.jpg', { contentDir, publicDir: process.env.PUBLIC_DIR! })).toBeUndefined()
  })

  it('never reads a link swapped in after the check: the build stops instead of publishing it', async () => {
    fs.writeFileSync(path.join(contentDir, 'images/photo.jpg'), await photo())
    const { store } = readContent({ ...settingsFromEnv(), contentDir })
    expect(store.photos['photo.jpg'].plan).toBeDefined()
    fs.rmSync(path.join(contentDir, 'images/photo.jpg'))
    fs.symlinkSync('/etc/passwd', path.join(contentDir, 'images/photo.jpg'))
    const release = path.join(dir, 'release')
    await expect(async () => publishContentImages(dir, contentDir, release, store.photos)).rejects.toThrow(/ELOOP|链接/)
    const published = fs.existsSync(release) ? fs.readdirSync(release, { recursive: true }).map(String) : []
    for (const file of published) {
      const full = path.join(release, file)
      if (fs.statSync(full).isFile()) expect(fs.readFileSync(full, 'utf8')).not.toContain('root:')
    }
  })
})

describe('file types in the content folder’s images/', () => {
  it('refuses every file that is not a photo, each named with its message, and accepts JPEG, PNG and WebP', async () => {
    const images = path.join(contentDir, 'images')
    fs.writeFileSync(path.join(images, 'evil.html'), '<script src="/images/evil.js"></script>')
    fs.writeFileSync(path.join(images, 'evil.js'), 'alert(document.cookie)')
    fs.writeFileSync(path.join(images, 'evil.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script href="/images/evil.js"/></svg>')
    fs.writeFileSync(path.join(images, 'svg-inside.png'), '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><script>alert(1)</script></svg>')
    fs.writeFileSync(path.join(images, 'fake.jpg'), '<!doctype html><script>alert(1)</script>')
    fs.writeFileSync(path.join(images, 'real.jpg'), await photo())
    fs.writeFileSync(path.join(images, 'real.png'), await sharp(await photo()).png().toBuffer())
    fs.writeFileSync(path.join(images, 'real.webp'), await sharp(await photo()).webp().toBuffer())
    expect(messages('evil.html')).toEqual([expect.stringMatching(/^这种文件不能放在图片文件夹里/)])
    expect(messages('evil.js')).toEqual([expect.stringMatching(/^这种文件不能放在图片文件夹里/)])
    expect(messages('evil.svg')).toEqual([expect.stringMatching(/^SVG 图片不能发布/)])
    expect(messages('svg-inside.png')).toEqual([expect.stringMatching(/^这是一个改了扩展名的 SVG 文件/)])
    expect(messages('fake.jpg')).toEqual([expect.stringMatching(/^不是图片,或者图片已损坏/)])
    const { store } = readContent({ ...settingsFromEnv(), contentDir })
    expect(Object.entries(store.photos).filter(([, p]) => p.plan).map(([name]) => name).sort()).toEqual(['real.jpg', 'real.png', 'real.webp'])
  })

  it('answers the desk for one file with the same message as the check', () => {
    const file = path.join(contentDir, 'images/evil.svg')
    fs.writeFileSync(file, '<svg/>')
    expect(checkPhotoFile(file)).toEqual({ problem: expect.stringMatching(/^SVG 图片不能发布/) })
  })
})
