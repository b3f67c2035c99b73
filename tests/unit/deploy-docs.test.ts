// @vitest-environment node
// docs/deploy.md followed as written: its nginx block is run line by line on this machine, with
// /etc/nginx and /srv/lzfzw moved under a temporary folder, against Debian's real nginx, and what
// nginx then sends is compared with what the document says it sends.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import https from 'node:https'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../scripts/server/headers.mjs'

const root = path.resolve(__dirname, '../..')
const NGINX = '/usr/sbin/nginx'
const guide = fs.readFileSync(path.join(root, 'docs/deploy.md'), 'utf8')
const MARK = '<!-- tests/unit/deploy-docs.test.ts runs this block as written'

/** The shell block after the marker, as lines. */
function documentedSteps(): string[] {
  const at = guide.indexOf(MARK)
  expect(at, 'docs/deploy.md has no marked nginx block').toBeGreaterThan(0)
  const block = /```sh\n([\s\S]*?)```/.exec(guide.slice(at))!
  return block[1].trimEnd().split('\n')
}

/** A free port on 127.0.0.1. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })

/** GET over TLS from nginx on `port` for the production host name; the test certificate is not checked. */
const get = (port: number, target: string) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const request = https.get({ host: '127.0.0.1', port, path: target, servername: 'www.lzfzwl.org.cn', headers: { Host: 'www.lzfzwl.org.cn' }, rejectUnauthorized: false }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }))
    })
    request.on('error', reject)
  })

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-docs-'))
// nginx's workers run as www-data (nginx.conf's `user`), as in production: they must be able to
// reach the site's folder, as they reach /srv/lzfzw there.
fs.chmodSync(tmp, 0o755)
fs.chmodSync(os.tmpdir(), fs.statSync(os.tmpdir()).mode | 0o011)
let nginx: ReturnType<typeof spawn> | undefined
afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    nginx.kill('SIGTERM')
    await new Promise((resolve) => nginx!.once('exit', resolve))
  }
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('docs/deploy.md', () => {
  it('states the headers and cache rules that deploy/ sends: script-src without wasm, /search-index/, not /pagefind/', () => {
    const csp = /^Content-Security-Policy: (.+)$/m.exec(guide)![1].trim()
    expect(csp).toBe(CONTENT_SECURITY_POLICY)
    expect(fs.readFileSync(path.join(root, 'deploy/headers.conf'), 'utf8')).toContain(`add_header Content-Security-Policy "${csp}" always;`)
    expect(guide).not.toMatch(/pagefind|wasm-unsafe-eval/)
    expect(guide).toContain('`/search-index/*`: `public, max-age=3600, no-transform`')
  })

  it('installs everything its steps run, and the steps give a working nginx with the search proxy switched on', { timeout: 60_000 }, async () => {
    const prefix = path.join(tmp, 'machine')
    const etc = path.join(prefix, 'etc/nginx')
    // A fresh Debian machine's nginx folder, and a checkout with a built site in out/.
    fs.mkdirSync(etc, { recursive: true })
    for (const file of ['nginx.conf', 'mime.types']) fs.copyFileSync(path.join('/etc/nginx', file), path.join(etc, file))
    const work = path.join(tmp, 'checkout')
    fs.cpSync(path.join(root, 'deploy'), path.join(work, 'deploy'), { recursive: true })
    for (const [file, text] of Object.entries({
      'index.html': '<!doctype html><title>首页</title>',
      '404.html': '<!doctype html><title>页面不存在</title>',
      'search/index.html': '<!doctype html><title>搜索</title>',
      'search-index/index.json': '{}',
    })) {
      fs.mkdirSync(path.dirname(path.join(work, 'out', file)), { recursive: true })
      fs.writeFileSync(path.join(work, 'out', file), text)
    }
    const moved = (line: string) => line.replaceAll('/etc/nginx', etc).replaceAll('/srv/lzfzw', path.join(prefix, 'srv/lzfzw'))
    const conf = path.join(etc, 'nginx.conf')
    const [port, tlsPort] = [await freePort(), await freePort()]
    const installed = new Set<string>()
    let started = false

    for (const raw of documentedSteps()) {
      const line = raw.replace(/\s+#.*$/, '').trim()
      if (line.startsWith('# edit')) {
        // The edit the document asks for (certificate, root), the two search-proxy lines it asks to
        // uncomment, and what this test machine needs besides: its own ports, pid and logs.
        const fixture = path.join(root, 'tests/fixtures/tls')
        const text = fs
          .readFileSync(conf, 'utf8')
          .replace(/ssl_certificate (\S+);/g, `ssl_certificate ${fixture}/localhost.crt;`)
          .replace(/ssl_certificate_key (\S+);/g, `ssl_certificate_key ${fixture}/localhost.key;`)
          .replace(/root \/srv\/lzfzw\/out;/, `root ${path.join(prefix, 'srv/lzfzw/out')};`)
          .replace('# upstream lzfzw_search', 'upstream lzfzw_search')
          .replace('# include search-proxy.conf;', 'include search-proxy.conf;')
          .replace(/^\s*listen \[::\].*$/gm, '')
          .replace(/listen 80\b/g, `listen 127.0.0.1:${port}`)
          .replace(/listen 443\b/g, `listen 127.0.0.1:${tlsPort}`)
          .replace(/^pid .*$/m, `pid ${prefix}/nginx.pid;`)
          .replace(/\/var\/log\/nginx\//g, `${prefix}/`)
        expect(text).toContain('include search-proxy.conf;')
        fs.writeFileSync(conf, text)
        continue
      }
      if (line === '' || line.startsWith('#')) continue
      for (const command of line.split('&&').map((c) => c.trim())) {
        const [program, ...args] = command.split(/\s+/)
        if (program === 'apt-get') {
          // Not run here (no network for apt in a test): every package it names must be installed.
          for (const name of args.filter((a) => a !== 'install' && !a.startsWith('-'))) {
            expect(spawnSync('dpkg', ['-s', name]).status, `${name} is not installed`).toBe(0)
            installed.add(name)
          }
          continue
        }
        if (program === 'systemctl') {
          expect(args).toEqual(['reload', 'nginx'])
          nginx = spawn(NGINX, ['-p', etc, '-e', path.join(prefix, 'error.log'), '-c', conf, '-g', 'daemon off;'], { stdio: 'inherit' })
          started = true
          continue
        }
        // A program the steps use comes with Debian's base system or from the apt-get line.
        const where = spawnSync('bash', ['-c', `command -v ${program}`], { encoding: 'utf8' }).stdout.trim()
        expect(where, `${program} is not on this machine`).not.toBe('')
        // dpkg knows a merged /usr's programs by either path (/usr/bin/mkdir is /bin/mkdir).
        const real = fs.realpathSync(where)
        const owner = [real, real.replace(/^\/usr/, '')].map((file) => spawnSync('dpkg', ['-S', file], { encoding: 'utf8' }).stdout.split(':')[0]).find(Boolean)
        expect(['coreutils', ...installed], `${program} (from ${owner}) is run but not installed by the steps`).toContain(owner)
        const run = program === 'nginx' ? `${NGINX} -p ${etc} -e ${prefix}/error.log -c ${conf} ${args.join(' ')}` : moved(command)
        const result = spawnSync('bash', ['-c', run], { cwd: work, encoding: 'utf8' })
        expect(result.status, `${command}\n${result.stdout}${result.stderr}`).toBe(0)
      }
    }
    expect(started).toBe(true)

    // nginx answers on TLS with the site, the headers the document lists, and the static search
    // page when npm start (the search proxy's upstream) is not running.
    let home: Awaited<ReturnType<typeof get>> | undefined
    for (let tries = 0; !home && tries < 200; tries++) {
      home = await get(tlsPort, '/').catch(() => new Promise<undefined>((resolve) => setTimeout(resolve, 100)))
    }
    expect(home?.status).toBe(200)
    expect(home!.body).toContain('首页')
    expect(home!.headers['content-security-policy']).toBe(/^Content-Security-Policy: (.+)$/m.exec(guide)![1].trim())
    // The cache rule the table at the top gives index.json.
    const documented = /`\/search-index\/index\.json`: `([^`]+)`/.exec(guide)![1]
    const index = await get(tlsPort, '/search-index/index.json')
    expect(index.headers['cache-control']).toBe(documented)
    expect(documented).toContain('no-transform')
    const search = await get(tlsPort, '/search/?q=%E9%A9%BB%E6%9D%91')
    expect(search.status).toBe(200)
    expect(search.body).toContain('搜索')
  })
})
