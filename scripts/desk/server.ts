import fs from 'node:fs'
import path from 'node:path'
import { build as esbuild } from 'esbuild'
import express, { type NextFunction, type Request, type Response } from 'express'
import { dump } from 'js-yaml'
import decapServer from 'decap-server/dist/middlewares.js'
import { ArticleFrontMatter, type ContentProblem, formatProblem, readImage } from '../../lib/content'
import { articlePath } from '../../lib/routes'
import type { Settings } from '../../lib/settings'
import { deskConfig } from './config'
import { DeskContent, type PendingImage } from './content'
import { refusePath } from './paths'
import { refusePhoto } from './photo'
import type { Publisher } from './publisher'

// The desk's HTTP side, one express app (decap-server's proxy is an express middleware):
//   /admin/               Decap CMS, its bundle served from node_modules (never copied to out/)
//   /admin/config.yml     generated from the content schema (scripts/desk/config.ts)
//   /admin/api/v1         decap-server's git proxy, behind our checks: same origin only, paths
//                         inside articles/ and images/, entries and photos checked before a commit
//   /admin/desk-api/…     the preview (our components) and the publish outcome of a save
//   /images/…             the content folder's photos, for the preview

export interface DeskOptions {
  root: string
  settings: Settings
  publisher?: Publisher
  /** The published site's address, for links to live pages (`http://127.0.0.1:3000`, or the public one). */
  siteUrl: string
  /** Origins allowed to write (`DESK_ORIGIN`); by default the origin must name the host the request came to. */
  origins?: string[]
}


/** Actions of Decap's proxy protocol the desk answers (simple publishing; no editorial workflow). */
const READS = new Set(['info', 'entriesByFolder', 'entriesByFiles', 'getEntry', 'getMedia', 'getMediaFile', 'getDeployPreview', 'unpublishedEntries'])
const WRITES = new Set(['persistEntry', 'persistMedia', 'deleteFile', 'deleteFiles'])

/** The problems as one message, for Decap's "保存内容失败" notice. */
const problemText = (problems: ContentProblem[]) => `有 ${problems.length} 处需要修改,没有保存,网站不变:\n${problems.map(formatProblem).join('\n')}`

/** Refuses writes whose Origin is not the desk's own: no other site can save through an editor's browser. */
export function sameOrigin(origins?: string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next()
    const origin = req.get('origin')
    let ok = false
    try {
      ok = !!origin && (origins ? origins.includes(origin) : new URL(origin).host === req.get('host'))
    } catch {
      ok = false
    }
    if (ok && req.get('sec-fetch-site') === 'cross-site') ok = false
    if (!ok) {
      res.status(403).json({ error: '拒绝:这个请求不是从编辑台页面发出的(跨站请求)' })
      return
    }
    next()
  }
}

interface Asset {
  path: string
  content: string
  encoding: BufferEncoding
}

/** Why a proxy request may not go on (Chinese), checking every path it names; undefined when it may. */
function refuseRequest(contentDir: string, action: string, params: Record<string, unknown>): string | undefined {
  if (!READS.has(action) && !WRITES.has(action)) {
    return `编辑台不支持「${action}」:保存即发布,草稿请打开“草稿”开关(不使用审稿流程)`
  }
  const checks: [unknown, 'article' | 'image' | 'folder'][] = []
  const articleOrImage = (p: unknown) => (typeof p === 'string' && p.startsWith('images/') ? 'image' : 'article')
  switch (action) {
    case 'entriesByFolder':
      checks.push([params.folder, 'folder'])
      break
    case 'entriesByFiles':
      for (const file of (params.files as { path?: unknown }[] | undefined) ?? []) checks.push([file?.path, 'article'])
      break
    case 'getEntry':
      checks.push([params.path, 'article'])
      break
    case 'getMedia':
      checks.push([params.mediaFolder, 'folder'])
      break
    case 'getMediaFile':
      checks.push([params.path, 'image'])
      break
    case 'persistEntry': {
      // Decap's editorial workflow makes decap-server check out a branch per entry in the working
      // tree, where the watch publisher would publish it: refused, drafts use the 草稿 switch.
      if ((params.options as { useWorkflow?: unknown } | undefined)?.useWorkflow) return '编辑台不使用审稿流程:草稿请打开“草稿”开关'
      const dataFiles = (params.dataFiles as { path?: unknown; newPath?: unknown }[] | undefined) ?? [params.entry as { path?: unknown }]
      for (const file of dataFiles) {
        checks.push([file?.path, 'article'])
        if (file && 'newPath' in file && file.newPath !== undefined) checks.push([file.newPath, 'article'])
      }
      for (const asset of (params.assets as Asset[] | undefined) ?? []) checks.push([asset?.path, 'image'])
      break
    }
    case 'persistMedia':
      checks.push([(params.asset as Asset | undefined)?.path, 'image'])
      break
    case 'deleteFile':
      checks.push([params.path, articleOrImage(params.path)])
      break
    case 'deleteFiles':
      for (const p of (params.paths as unknown[] | undefined) ?? []) checks.push([p, articleOrImage(p)])
      break
  }
  for (const [p, kind] of checks) {
    const refused = refusePath(contentDir, p, kind)
    if (refused) return refused
  }
  return undefined
}

/** Builds the desk's app; the caller listens. */
export async function createDesk(options: DeskOptions): Promise<express.Express> {
  const { settings } = options
  const contentDir = settings.contentDir
  const content = new DeskContent(settings)
  const branch = (await gitBranch(contentDir)) ?? 'main'
  const script = await bundleDeskScript()

  const app = express()
  app.disable('x-powered-by')
  app.set('strict routing', true)
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin', 'X-Frame-Options': 'SAMEORIGIN' })
    next()
  })
  app.use('/admin', sameOrigin(options.origins))

  app.get('/admin', (_req, res) => res.redirect(301, '/admin/'))
  app.get('/admin/', (_req, res) => {
    res.type('html').set('Cache-Control', 'no-cache').sendFile(path.join(import.meta.dirname, 'admin/index.html'))
  })
  app.get('/admin/config.yml', (_req, res) => {
    const { site, tags } = content.formChoices()
    const config = deskConfig({ schema: ArticleFrontMatter, channels: site?.channels ?? [], tags, branch, siteUrl: options.siteUrl, proxyUrl: '/admin/api/v1' })
    res.type('text/yaml; charset=utf-8').set('Cache-Control', 'no-store').send(dump(config, { lineWidth: -1 }))
  })
  app.get('/admin/desk.js', (_req, res) => res.type('js').set('Cache-Control', 'no-cache').send(script))
  app.get('/admin/site.css', (_req, res) => res.type('css').set('Cache-Control', 'no-cache').sendFile(path.join(options.root, 'app/globals.css')))

  app.post('/admin/desk-api/preview', express.json({ limit: '60mb' }), (req, res) => {
    const { slug, fields, body, pending } = req.body as { slug?: string; fields?: Record<string, unknown>; body?: string; pending?: { url: string; data: string }[] }
    const images: PendingImage[] = (pending ?? []).filter((p) => typeof p?.url === 'string' && typeof p.data === 'string').map((p) => ({ url: p.url, bytes: Buffer.from(p.data, 'base64') }))
    const safeSlug = typeof slug === 'string' && /^[a-z0-9-]{1,100}$/.test(slug) ? slug : ''
    res.json(content.preview(safeSlug, fields ?? {}, typeof body === 'string' ? body : '', images))
  })

  app.get('/admin/desk-api/published', async (req, res) => {
    const slug = String(req.query.slug ?? '')
    const refused = refusePath(contentDir, `articles/${slug}.md`, 'article')
    if (refused) return void res.status(400).json({ error: refused })
    const file = path.join(contentDir, 'articles', `${slug}.md`)
    const outcome = options.publisher ? await options.publisher.settled([file]) : { ok: true, problems: [], seconds: 0 }
    if (!outcome.ok) return void res.json({ state: 'refused', problems: outcome.problems })
    if (!fs.existsSync(file)) return void res.json({ state: 'deleted' })
    const { article, problems } = content.checkEntry(`articles/${slug}.md`, fs.readFileSync(file, 'utf8'))
    const url = new URL(articlePath(slug), options.siteUrl).href
    if (!article) return void res.json({ state: 'refused', problems })
    if (article.draft) return void res.json({ state: 'draft' })
    if (article.date.getTime() > Date.now()) return void res.json({ state: 'scheduled', date: article.date.toISOString() })
    res.json({ state: 'published', url, seconds: outcome.seconds })
  })

  // The proxy: our checks first, then decap-server's git middleware (every write is a commit).
  app.post('/admin/api/v1', express.json({ limit: '60mb' }), (req, res, next) => {
    const { action, params = {} } = (req.body ?? {}) as { action?: string; params?: Record<string, unknown> }
    const refused = refuseRequest(contentDir, String(action), params)
    if (refused) return void res.status(422).json({ error: refused })
    const assets = action === 'persistMedia' ? [params.asset as Asset] : action === 'persistEntry' ? ((params.assets as Asset[] | undefined) ?? []) : []
    const pending: PendingImage[] = []
    for (const asset of assets) {
      const bytes = Buffer.from(asset.content, asset.encoding === 'base64' ? 'base64' : 'utf8')
      const refusedPhoto = refusePhoto(asset.path, bytes)
      if (refusedPhoto) return void res.status(422).json({ error: refusedPhoto, problems: [{ file: content.shownFile(asset.path), field: '照片', message: refusedPhoto }] })
      pending.push({ url: `/${asset.path}`, bytes })
    }
    if (action === 'persistEntry') {
      const dataFiles = (params.dataFiles as { path: string; newPath?: string; raw: string }[] | undefined) ?? [params.entry as { path: string; newPath?: string; raw: string }]
      const problems = dataFiles.flatMap((file) => content.checkEntry(file.newPath ?? file.path, String(file.raw ?? ''), pending).problems)
      if (problems.length > 0) return void res.status(422).json({ error: problemText(problems), problems })
    }
    next()
  })
  const proxy = express()
  process.env.GIT_REPO_DIRECTORY = contentDir
  await decapServer.registerLocalGit(proxy, { logLevel: 'warn' })
  app.use('/admin', proxy)

  app.get(/^\/images\/(.+)$/, (req, res) => {
    const found = readImage(req.path, settings)
    if (!found) return void res.status(404).type('text').send('没有这张照片')
    res.type(path.extname(found.file)).set('Cache-Control', 'no-cache').send(found.bytes)
  })
  return app
}

/** The branch checked out in the content folder's repository. */
async function gitBranch(dir: string): Promise<string | undefined> {
  const { execFileSync } = await import('node:child_process')
  try {
    return execFileSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim()
  } catch {
    return undefined
  }
}

/** scripts/desk/admin/desk.ts with Decap for the browser (typed source, bundled in memory at start, minified: Decap is most of it). */
async function bundleDeskScript(): Promise<string> {
  const result = await esbuild({
    entryPoints: [path.join(import.meta.dirname, 'admin/desk.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    logLevel: 'silent',
  })
  return result.outputFiles[0].text
}
