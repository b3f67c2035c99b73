// Shared by the deploy tests: releases laid out as the build lays them out (`.out-publish/releases/<id>/`,
// its manifest, the `out` link switched by the build's own switchTo), and a real sshd on loopback.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import zlib from 'node:zlib'
import { type Manifest, publishPaths, switchTo } from '../../scripts/build/publish'

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

/** Resolves once something accepts connections on 127.0.0.1:port. */
export async function waitForPort(port: number, failed: () => boolean = () => false) {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end()
        resolve(true)
      })
      socket.on('error', () => resolve(false))
    })
    if (open) return
    if (failed()) throw new Error(`nothing listens on port ${port}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export interface Sshd {
  port: number
  /** ssh options that reach it as root with the temporary key, checking its temporary host key. */
  ssh: string[]
  stop(): Promise<void>
}

/** A real OpenSSH server on 127.0.0.1:port with a temporary host key, letting in one temporary client key as root. */
export async function startSshd(dir: string, port: number): Promise<Sshd> {
  fs.mkdirSync(dir, { recursive: true })
  fs.mkdirSync('/run/sshd', { recursive: true }) // privilege separation folder, absent until the service first ran
  for (const key of ['host', 'client']) {
    const made = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, key)], { encoding: 'utf8' })
    if (made.status !== 0) throw new Error(made.stderr)
  }
  fs.copyFileSync(path.join(dir, 'client.pub'), path.join(dir, 'authorized_keys'))
  fs.writeFileSync(path.join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${fs.readFileSync(path.join(dir, 'host.pub'), 'utf8')}`)
  fs.writeFileSync(
    path.join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${dir}/host`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      `PidFile ${dir}/sshd.pid`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'MaxStartups 100:30:200',
      'MaxSessions 100',
      'Subsystem sftp internal-sftp',
    ].join('\n') + '\n',
  )
  const sshd: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  sshd.stderr!.on('data', (d: Buffer) => (log += d))
  let exited = false
  const exit = new Promise<void>((resolve) => sshd.on('exit', () => resolve(void (exited = true))))
  await waitForPort(port, () => exited).catch((error: Error) => {
    throw new Error(`${error.message}: sshd said ${log}`)
  })
  return {
    port,
    ssh: ['-i', path.join(dir, 'client'), '-o', `UserKnownHostsFile=${dir}/known_hosts`, '-o', 'StrictHostKeyChecking=yes', '-o', 'LogLevel=ERROR'],
    async stop() {
      if (!exited) sshd.kill('SIGTERM')
      await exit
    },
  }
}
