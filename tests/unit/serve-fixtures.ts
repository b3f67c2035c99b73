// Helpers for the tests of npm start's server (scripts/server/serve.ts): small sites written to a temp
// folder, releases published the way the builder does, and HTTP over real sockets on 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import zlib from 'node:zlib'

export const root = path.resolve(import.meta.dirname, '../..')

/** Ports for these tests: E2E_PORT_BASE + 40 … + 49 (the e2e sites use + 0 … + 23). */
export const PORT_BASE = Number(process.env.E2E_PORT_BASE || 4310) + 40

/** Writes `files` (path → body) under `dir`, with a .gz beside each .html, .css, .js and .xml file. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>) {
  for (const [name, body] of Object.entries(files)) {
    const file = path.join(dir, name)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, body)
    if (/\.(html|css|js|xml)$/.test(name)) fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body))
  }
}

export const page = (title: string) => `<!DOCTYPE html><html lang="zh-CN"><title>${title}</title><p>${'正文'.repeat(300)}</p></html>`

/** A small site like the one the build writes. */
export function siteFiles(home = '首页'): Record<string, string | Buffer> {
  return {
    'index.html': page(home),
    '404.html': page('页面不存在'),
    '404/index.html': page('页面不存在'),
    '_not-found/index.html': page('页面不存在'),
    'articles/index.html': page('最新文章'),
    'articles/old-news/index.html': page('旧闻'),
    'about.html': page('关于'),
    '_next/static/chunks/app.css': 'body{color:#222}',
    'js/reader.js': 'console.log(1)',
    'feed.xml': '<?xml version="1.0"?><rss></rss>',
    'robots.txt': 'User-agent: *\n',
    'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    'pagefind/pagefind.js': 'export {}',
    'pagefind/index/a.pf_index': Buffer.from([1, 2, 3]),
    '.well-known/security.txt': 'Contact: mailto:x@example.org\n',
    '.env': 'SECRET=1\n',
  }
}

// The shape of the built /search/ page (app/search/page.tsx): the header's box, the page's own box,
// the hidden channel and order fields, the status, the empty list, the hidden 显示更多结果 button, the
// script and the <noscript> block with the needs-JavaScript sentence and the web search link.
export const SEARCH_PAGE =
  '<!DOCTYPE html><html lang="zh-CN"><head><meta charSet="utf-8"/><title>站内搜索 - 廉政法制网</title></head><body>' +
  '<header><form class="search-form" role="search" aria-label="站内搜索" action="/search/" method="get"><input id="site-search" type="search" placeholder="搜索本站文章" autoComplete="off" name="q"/><button type="submit">搜索</button></form></header>' +
  '<main id="main" data-search-page="true"><h1>站内搜索</h1>' +
  '<form class="search-form" role="search" aria-label="搜索文章" data-search-form="true" action="/search/" method="get"><label for="search-page-query">搜索本站文章</label><input id="search-page-query" type="search" placeholder="搜索本站文章" autoComplete="off" name="q"/><button type="submit">搜索</button>' +
  '<div class="search-options" data-search-options="true" hidden=""><label for="search-channel">栏目</label><select id="search-channel" name="channel"><option value="">全部栏目</option><option value="minsheng">关注民生</option><option value="fazhi">法治动态</option><option value="xiangcun">乡村振兴</option></select>' +
  '<fieldset><legend>排序</legend><label><input type="radio" name="sort" value="relevance"/> 相关度</label><label><input type="radio" name="sort" value="newest"/> 最新发布</label></fieldset></div></form>' +
  '<p class="search-status" role="status" data-search-status="true"></p><ol class="search-results" data-search-results="true"></ol><button type="button" class="search-more" data-search-more="true" hidden="">显示更多结果</button>' +
  '<noscript><div class="search-noscript"><p data-search-needs-script="true">站内搜索需要浏览器启用 JavaScript,请开启后重试。</p><p><a href="https://www.baidu.com/s?wd=site%3Awww.lzfzwl.org.cn" data-web-search="true">用百度搜索本站文章</a></p></div></noscript>' +
  '<script type="module" src="/js/search.js"></script></main></body></html>'


/**
 * Publishes a release the way the builder does: files into `<site>/.publish/releases/<id>`, then a
 * new link renamed over `<site>/out` in one step. Returns the release folder.
 */
export function publish(site: string, id: string, files: Record<string, string | Buffer>): string {
  const release = path.join(site, '.publish/releases', id)
  writeFiles(release, files)
  const link = path.join(site, `.out-${id}`)
  fs.symlinkSync(path.relative(site, release), link)
  fs.renameSync(link, path.join(site, 'out'))
  return release
}

export interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  /** the body as sent (not unzipped) */
  body: Buffer
  /** the body, unzipped if it came gzipped */
  text: string
}

/** One request over a fresh connection. */
export function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => {
        const body = Buffer.concat(chunks)
        const text = (response.headers['content-encoding'] === 'gzip' && body.length > 0 ? zlib.gunzipSync(body) : body).toString()
        resolve({ status: response.statusCode!, headers: response.headers, body, text })
      })
      response.on('error', reject)
    })
    request.on('error', reject)
    request.setTimeout(10_000, () => request.destroy(new Error(`no answer from ${url} in 10 s`)))
    request.end()
  })
}

/** Writes `head` as is to 127.0.0.1:port and returns what came back before the server closed. */
export function raw(port: number, head: string): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head))
    socket.setTimeout(5_000, () => socket.destroy())
    socket.on('data', (chunk) => chunks.push(chunk))
    // A server may answer and close while a huge request is still being written: keep the answer.
    socket.on('error', () => socket.destroy())
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')))
  })
}

export const statusOf = (response: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0)

export interface Child {
  process: ChildProcess
  /** resident memory of the server process, in MB (from /proc) */
  rssMb(): number
  stop(): Promise<void>
}

/**
 * Starts `node --import tsx scripts/server/serve.ts` (what npm start runs) on `dir`, with at most
 * `fileLimit` open files (`ulimit -n`) if given; resolves once it listens.
 */
export async function startChild(dir: string, port: number, { env = {}, fileLimit }: { env?: Record<string, string>; fileLimit?: number } = {}): Promise<Child> {
  const args = ['--import', 'tsx', 'scripts/server/serve.ts', '--dir', dir, '--port', String(port), '--host', '127.0.0.1']
  const [command, argv] = fileLimit
    ? ['sh', ['-c', `ulimit -n ${fileLimit} && exec "$0" "$@"`, process.execPath, ...args]]
    : [process.execPath, args]
  const child = spawn(command, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.on('exit', () => resolve())
      child.kill()
    })
  for (let i = 0; i < 200 && !output.includes('serving'); i++) {
    if (child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  if (!output.includes('serving')) {
    await stop()
    throw new Error(`scripts/server/serve.ts did not start: ${output}`)
  }
  const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024
  return { process: child, rssMb, stop }
}

/**
 * Search limits for a test server whose pages must hold the results: no time limit, so what a
 * reader without JavaScript gets does not depend on how busy the machine is (production gives up
 * after 2 s and sends the query only; tests/unit/search-answer.test.ts tests that on its own).
 */
export const PATIENT_SEARCH = { timeoutMs: 600_000 }

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
