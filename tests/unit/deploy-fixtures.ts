// Shared by the deploy tests: releases laid out as the build lays them out (`.out-publish/releases/<id>/`,
// its manifest, the `out` link switched by the build's own switchTo), and a real sshd on loopback.
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { type Manifest, publishPaths, switchTo } from '../../scripts/publish/release'

export { startSshd, type Sshd, waitForPort } from '../../scripts/tools/sshd'

const sha = (text: string | Buffer) => createHash('sha1').update(text).digest('hex').slice(0, 12)

/** A site in the shape of a real release: pages naming a hashed stylesheet and an unhashed script, each marked with its release. */
export interface SiteSpec {
  release: string
  articles: string[]
  /** Bytes of new (per release) image data, so a transfer takes a while. */
  bulk?: number
  /** Extra files (path → content). */
  extra?: Record<string, string>
}

export function siteFiles(spec: SiteSpec): Record<string, string | Buffer> {
  const css = `/* release ${spec.release} */ body { color: #222 }\n`
  const cssPath = `_next/static/css/${sha(css)}.css`
  const page = (title: string) =>
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="release" content="${spec.release}"><title>${title}</title>` +
    `<link rel="stylesheet" href="/${cssPath}"><script src="/js/app.js" defer></script></head><body><h1>${title}</h1></body></html>\n`
  const files: Record<string, string | Buffer> = {
    'index.html': page('首页'),
    'articles/index.html': page('最新发布'),
    '404.html': page('页面不存在'),
    'feed.xml': `<?xml version="1.0"?><rss><channel><title>${spec.release}</title>${spec.articles.map((a) => `<item><link>/articles/${a}/</link></item>`).join('')}</channel></rss>\n`,
    'robots.txt': 'User-agent: *\nAllow: /\n',
    [cssPath]: css,
    'js/app.js': `// release ${spec.release}\n`,
    'search-index/index.json': JSON.stringify({ generation: spec.release }),
    'search-index/terms/0.bin.gz': zlib.gzipSync(`terms of ${spec.release}`),
    ...spec.extra,
  }
  for (const slug of spec.articles) {
    files[`articles/${slug}/index.html`] = page(`文章 ${slug}`)
    files[`articles/${slug}/index.html.gz`] = zlib.gzipSync(files[`articles/${slug}/index.html`])
  }
  if (spec.bulk) for (let i = 0; i * 65536 < spec.bulk; i++) files[`images/bulk-${i}.bin`] = randomBytes(65536)
  return files
}

/**
 * Publishes `files` as release `id` of `out`, the way the build does: unchanged files are hard links
 * to the previous release (so they keep their inode and modification time), the manifest lists
 * every page with its key, and `out` switches in one rename.
 */
export function publishRelease(out: string, id: string, files: Record<string, string | Buffer>, documents: Record<string, string>) {
  const paths = publishPaths(out)
  const dir = path.join(paths.releases, id)
  const previous = fs.existsSync(out) ? fs.realpathSync(out) : undefined
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    const old = previous && path.join(previous, file)
    if (old && fs.existsSync(old) && fs.readFileSync(old).equals(Buffer.from(content))) fs.linkSync(old, target)
    else fs.writeFileSync(target, content)
  }
  const pages: Record<string, string> = {}
  for (const file of Object.keys(files)) {
    if (file.endsWith('.gz') || !/\.(html|xml|txt)$/.test(file) || file.startsWith('search-index/')) continue
    pages[file.endsWith('index.html') ? `/${file.slice(0, -'index.html'.length)}` : `/${file}`] = sha(files[file])
  }
  const manifest: Manifest = { code: 'test', pages, documents }
  switchTo(paths, id, manifest)
  return dir
}

