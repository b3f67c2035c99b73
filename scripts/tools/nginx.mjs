// @ts-check
// Runs Debian's nginx with the shipped deploy/site.conf and headers.conf (byte for byte) on
// 127.0.0.1, in the foreground, with its pid, logs and temp files in a temp folder: what the
// serving tests and the load test use, and a way to preview the production setup locally.
//
//   node scripts/tools/nginx.mjs [--dir out] [--port 8080]      serves until Ctrl-C
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
const deploy = path.join(root, 'deploy')
const NGINX = process.env.NGINX || '/usr/sbin/nginx'
const MIME_TYPES = '/etc/nginx/mime.types'

/** True when Debian's nginx is installed (`.ci/run` installs it). */
export const hasNginx = () => fs.existsSync(NGINX) && fs.existsSync(MIME_TYPES)

/**
 * The main config for a test run: deploy/site.conf behind `listen 127.0.0.1:<port>`, with
 * deploy/search-proxy.conf sending /search/?q= to npm start on `searchPort` when one is given.
 * @param {{ dir: string, site: string, port: number, tls?: { cert: string, key: string, port: number }, searchPort?: number }} options
 */
function testConfig({ dir, site, port, tls, searchPort }) {
  /** @param {string | number} listen */
  const server = (listen, extra = '') => `
    server {
        listen ${listen};${extra}
        root ${site};${searchPort ? '\n        include search-proxy.conf;' : ''}
        include site.conf;
    }`
  // As root, workers would otherwise run as nobody, and the temp folder is only root's.
  const user = process.getuid?.() === 0 ? 'user root root;\n' : ''
  return `# Written by scripts/tools/nginx.mjs: deploy/site.conf on 127.0.0.1, everything else in this folder.
${user}daemon off;
worker_processes 2;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {
    worker_connections 1024;
}
http {
    include ${MIME_TYPES};
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;${searchPort ? `\n    upstream lzfzw_search { server 127.0.0.1:${searchPort}; keepalive 8; }` : ''}
${server(`127.0.0.1:${port}`)}${
    tls
      ? server(
          `127.0.0.1:${tls.port} ssl`,
          `\n        ssl_certificate ${tls.cert};\n        ssl_certificate_key ${tls.key};`,
        )
      : ''
  }
}
`
}

/** Resolves once something accepts connections on 127.0.0.1:port; rejects after `ms`. */
/**
 * @param {number} port
 * @param {number} ms
 * @param {() => boolean} failed
 */
async function waitForPort(port, ms, failed) {
  const deadline = Date.now() + ms
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end()
        resolve(true)
      })
      socket.on('error', () => resolve(false))
    })
    if (open) return
    if (failed() || Date.now() > deadline) throw new Error(`nginx did not start on port ${port}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Starts nginx serving `site` (an out/ folder) on 127.0.0.1:port, and over HTTPS on tls.port when
 * `tls` gives a port, certificate and key; with `searchPort`, /search/ asked with a query goes to
 * npm start's server on that port (deploy/search-proxy.conf). Resolves when it accepts
 * connections; throws with nginx's own error log when it does not start.
 */
/** @param {{ site: string, port: number, tls?: { cert: string, key: string, port: number }, searchPort?: number }} options */
export async function startNginx({ site, port, tls, searchPort }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lzfzw-nginx-'))
  for (const file of ['site.conf', 'headers.conf', 'search-proxy.conf']) fs.copyFileSync(path.join(deploy, file), path.join(dir, file))
  const config = path.join(dir, 'nginx.conf')
  const certificate = tls && { ...tls, cert: path.resolve(tls.cert), key: path.resolve(tls.key) }
  fs.writeFileSync(config, testConfig({ dir, site: path.resolve(site), port, tls: certificate, searchPort }))

  const nginx = spawn(NGINX, ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', config], { stdio: ['ignore', 'inherit', 'inherit'] })
  let exited = false
  const exit = new Promise((resolve) => nginx.on('exit', () => resolve((exited = true))))
  const errorLog = () => (fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '')
  try {
    await waitForPort(port, 10_000, () => exited)
  } catch (error) {
    nginx.kill('SIGKILL')
    const log = errorLog()
    fs.rmSync(dir, { recursive: true, force: true })
    throw new Error(`${/** @type {Error} */ (error).message}:\n${log}`)
  }
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    errorLog,
    /** Stops nginx (fast shutdown) and removes its temp folder. */
    async stop() {
      if (!exited) nginx.kill('SIGTERM')
      await exit
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Runs `nginx -t` on a config file; returns nginx's output and whether the test passed. */
/** @param {string} config */
export function checkConfig(config) {
  const result = spawnSync(NGINX, ['-t', '-p', path.dirname(config), '-e', '/dev/stderr', '-c', config], { encoding: 'utf8' })
  return { ok: result.status === 0, output: result.stdout + result.stderr }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { dir: { type: 'string', default: 'out' }, port: { type: 'string', default: '8080' } } })
  if (!hasNginx()) {
    console.error(`✖ nginx is not installed (${NGINX}): apt-get install nginx`)
    process.exit(1)
  }
  const server = await startNginx({ site: values.dir, port: Number(values.port) })
  console.log(`nginx (deploy/site.conf) serving ${values.dir} on ${server.url}/  (Ctrl-C stops it)`)
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.stop().then(() => process.exit(0)))
}

/**
 * Starts nginx with deploy/desk.conf (byte for byte) on 127.0.0.1:port in front of the desk on
 * 127.0.0.1:deskPort, with `htpasswd` as its password file. For the desk's tests.
 * @param {{ port: number, deskPort: number, htpasswd: string }} options
 */
export async function startDeskNginx({ port, deskPort, htpasswd }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lzfzw-desk-nginx-'))
  fs.copyFileSync(path.join(deploy, 'desk.conf'), path.join(dir, 'desk.conf'))
  fs.copyFileSync(htpasswd, path.join(dir, 'desk.htpasswd'))
  const user = process.getuid?.() === 0 ? 'user root root;\n' : ''
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${dir}/${t};`).join('\n')
  const config = path.join(dir, 'nginx.conf')
  fs.writeFileSync(
    config,
    `${user}daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\nevents { worker_connections 256; }\nhttp {\n    include ${MIME_TYPES};\n    default_type application/octet-stream;\n    access_log off;\n${temp}\n    upstream lzfzw_desk { server 127.0.0.1:${deskPort}; keepalive 4; }\n    server {\n        listen 127.0.0.1:${port};\n        include desk.conf;\n    }\n}\n`,
  )
  const nginx = spawn(NGINX, ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', config], { stdio: ['ignore', 'inherit', 'inherit'] })
  let exited = false
  const exit = new Promise((resolve) => nginx.on('exit', () => resolve((exited = true))))
  try {
    await waitForPort(port, 10_000, () => exited)
  } catch (error) {
    nginx.kill('SIGKILL')
    const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''
    fs.rmSync(dir, { recursive: true, force: true })
    throw new Error(`${/** @type {Error} */ (error).message}:\n${log}`)
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (!exited) nginx.kill('SIGTERM')
      await exit
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
