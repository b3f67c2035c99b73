import fs from 'node:fs'
import path from 'node:path'
import { isSlug } from '../../lib/content'

// Every path Decap sends is relative to the content folder (the proxy's repository). Only two
// kinds are allowed: an article, `articles/<slug>.md`, and a photo under `images/`. Anything with
// `..`, an absolute path, a backslash, a hidden name or a control character is refused, and so is a
// path whose existing part leads through a symbolic link out of the folder.

export const ARTICLES = 'articles'
export const IMAGES = 'images'

const BAD_CHARACTER = /[\u0000-\u001F\u007F\\:*?"<>|]/

/** Why a relative path may not be used, in Chinese; undefined when it is an allowed path inside `root`. */
export function refusePath(root: string, relative: unknown, kind: 'article' | 'image' | 'folder'): string | undefined {
  if (typeof relative !== 'string' || relative === '') return '缺少文件路径'
  const shown = relative.slice(0, 120)
  if (BAD_CHARACTER.test(relative) || relative.startsWith('/')) return `文件名「${shown}」里有不能用的字符(/ 开头、\\ : * ? " < > | 或控制字符)`
  const parts = relative.split('/')
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.startsWith('.'))) {
    return `文件名「${shown}」不能含有 ..、空的部分或以 . 开头的名字:文件只能放在内容目录的 articles/ 和 images/ 里`
  }
  if (kind === 'article') {
    const slug = parts.length === 2 && parts[0] === ARTICLES && parts[1].endsWith('.md') ? parts[1].slice(0, -3) : undefined
    if (slug === undefined) return `文章只能保存为 articles/<网址名>.md,现在是「${shown}」`
    if (!isSlug(slug)) return `文章的网址名「${slug}」只能用小写字母、数字和连字符,如 2026-loudi-zhucun`
  } else if (kind === 'image') {
    if (parts[0] !== IMAGES || parts.length < 2) return `照片只能放在 images/ 里,现在是「${shown}」`
  } else if (parts[0] !== ARTICLES && parts[0] !== IMAGES) {
    return `只能读取 articles/ 和 images/,现在是「${shown}」`
  }
  // The deepest part that exists must really be inside the folder (no symbolic link leads out),
  // and the file itself, if it exists, must not be a link.
  const real = fs.realpathSync(root)
  let probe = path.join(root, ...parts)
  const target = fs.lstatSync(probe, { throwIfNoEntry: false })
  if (target?.isSymbolicLink()) return `「${shown}」是一个符号链接,不能通过编辑台修改`
  while (!fs.existsSync(probe)) probe = path.dirname(probe)
  const resolved = fs.realpathSync(probe)
  if (resolved !== real && !resolved.startsWith(real + path.sep)) return `「${shown}」通过符号链接指到了内容目录之外,不能使用`
  return undefined
}
