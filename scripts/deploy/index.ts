import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import { currentRelease, publishPaths, readManifest } from '../publish/release'
import { buildPageChanges, type HashCache, type ReleaseChanges, type ReleaseState, releaseChanges, releaseState } from './changes'
import { purge } from './cdn'
import { DEFAULT_CONFIG, type DeployConfig, type DeploySecrets, type Environment, type NodeTarget, readDeployConfig, secretsFromEnv } from './config'
import { closeNode, NodeError, pruneNode, rollbackNode, type Staged, stageNode, switchNode } from './nodes'
import { deleteRemoved, type ObjectStoreState, storeClient, uploadRelease } from './object-store'
import { pushBaidu, pushIndexNow } from './search-engines'

// `deployRelease`: one published release to every target, in this order:
//   1. the release is hashed and compared with what the targets last received (changes.ts);
//   2. every node stages it beside its live release (nodes.ts); any failure: nothing switches;
//   3. the object store gets the changed objects, assets first and HTML last (object-store.ts);
//   4. every node switches in one rename each; if one fails, the others switch back;
//   5. objects that left the site are deleted; replaced releases past their grace period too;
//   6. the CDN purge list (cdn.ts) and the search engines (search-engines.ts), never blocking.
// State lives in `.<out>-publish/deploy/` beside the build's releases: what each target holds, and
// the URLs still owed to the CDN and the search engines.

export interface DeployOptions {
  config: DeployConfig
  secrets: DeploySecrets
  /** The build's output link (`out`): its current release is deployed. */
  out: string
  /** Deploy this release id instead of the current one. */
  release?: string
  /** Where each line of the report goes (default: console.log). */
  log?: (line: string) => void
  /**
   * Seconds each node's ssh connection stays open after the deploy, for the next one (the resident
   * publisher: the next publish's deploy then skips the handshake). Default 0: closed at the end.
   */
  keepConnections?: number
}

export interface DeployReport {
  ok: boolean
  release: string
  /** One line per failure: which target failed, and why (Chinese). */
  failures: string[]
  /** Warnings that did not fail the deploy (search engines, pruning). */
  warnings: string[]
  changes?: ReleaseChanges
  nodes: Record<string, Staged>
  store?: { uploaded: number; deleted: number; bytes: number }
  purged?: { file: string; urls: number }
  seconds: number
  /** Milliseconds of each stage of the deploy, in order (the bench prints them). */
  timings: Record<string, number>
}

interface DeployState {
  /** The release every target last received whole, and its files and keys. */
  last?: ReleaseState
  stores: Record<string, ObjectStoreState>
  /** URLs owed to the CDN and the search engines after a failed call. */
  owed: { purge: string[]; indexnow: string[]; baidu: string[] }
}

const stateDir = (out: string) => path.join(publishPaths(out).state, 'deploy')

function readJson<T>(file: string, fallback: T): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T
  } catch {
    return fallback
  }
}

/** Writes JSON by renaming a complete file over the old one: a killed deploy never leaves half a state. */
function writeJson(file: string, value: unknown) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  writeFileAtomic.sync(file, JSON.stringify(value))
}

/** One deploy at a time per output folder: the publisher may call while an operator runs npm run deploy. */
function lockDeploy(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'lock')
  try {
    fs.writeFileSync(file, String(process.pid), { flag: 'wx' })
  } catch {
    const holder = Number(fs.readFileSync(file, 'utf8'))
    let alive = false
    try {
      process.kill(holder, 0)
      alive = holder !== process.pid
    } catch {
      alive = false
    }
    if (alive) throw new Error(`另一个部署(进程 ${holder})正在进行,请等它结束后再试`)
    fs.writeFileSync(file, String(process.pid))
  }
  return () => fs.rmSync(file, { force: true })
}

/** The IndexNow key file ships in the release, at `/<key>.txt`, as the protocol asks (a new file: the release's linked files stay as they are). */
function shipKeyFile(dir: string, key: string) {
  const file = path.join(dir, `${key}.txt`)
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === key) return
  writeFileAtomic.sync(file, key)
}

const unique = (urls: string[]) => [...new Set(urls)]

/**
 * Deploys a published release to every target of `config` and tells the CDN and search engines.
 * Never throws for a target's failure: the report's `failures` name the target and the reason, and
 * every node then serves its previous release. Throws only when the release or the state cannot be read.
 */
export async function deployRelease(options: DeployOptions): Promise<DeployReport> {
  const started = performance.now()
  const log = options.log ?? ((line: string) => console.log(line))
  const paths = publishPaths(options.out)
  const release = options.release ?? currentRelease(paths)
  if (!release) throw new Error(`${options.out} 还没有发布过(没有指向发布版本的链接):请先运行 npm run build`)
  const dir = path.join(paths.releases, release)
  const manifest = readManifest(paths, release)
  if (!manifest || !fs.existsSync(dir)) throw new Error(`找不到发布版本 ${release}(${path.relative(process.cwd(), dir)}):它可能已被清理,请重新运行 npm run build`)

  const home = stateDir(options.out)
  const unlock = lockDeploy(home)
  const report: DeployReport = { ok: false, release, failures: [], warnings: [], nodes: {}, seconds: 0, timings: {} }
  let mark = performance.now()
  const lap = (stage: string) => {
    const now = performance.now()
    report.timings[stage] = (report.timings[stage] ?? 0) + (now - mark)
    mark = now
  }
  // One ssh connection per node for the whole deploy (OpenSSH's ControlMaster): each step is a new
  // session on it, not a new handshake. Its socket lives in a short temporary path (sockets allow
  // about 100 characters); a killed deploy's connection ends by itself after ControlPersist.
  // Kept connections live in one folder of this user's (mode 0700), named by node (ssh removes a
  // dead master's socket by itself).
  const keep = Math.max(0, Math.floor(options.keepConnections ?? 0))
  const kept = keep > 0 && options.config.nodes.length > 0 ? path.join(os.tmpdir(), `lzfzw-ssh-${process.getuid?.() ?? 0}`) : ''
  if (kept) fs.mkdirSync(kept, { recursive: true, mode: 0o700 })
  const sockets = kept || (options.config.nodes.length > 0 ? fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-ssh-')) : '')
  const socketOf = (n: NodeTarget, i: number) =>
    kept ? `${kept}/${createHash('sha1').update(JSON.stringify([n.host, n.port, n.path, n.ssh])).digest('hex').slice(0, 16)}` : `${sockets}/${i}`
  const config = {
    ...options.config,
    nodes: options.config.nodes.map((n, i) => ({ ...n, ssh: [...n.ssh, '-o', 'ControlMaster=auto', '-o', `ControlPath=${socketOf(n, i)}`, '-o', `ControlPersist=${keep || 60}`] })),
  }
  try {
    const { secrets } = options
    const stateFile = path.join(home, 'state.json')
    const state = readJson<DeployState>(stateFile, { stores: {}, owed: { purge: [], indexnow: [], baidu: [] } })
    const nodeStateFile = path.join(home, 'nodes.json')
    const nodeReleases = readJson<Record<string, string>>(nodeStateFile, {})
    const hashFile = path.join(home, 'hashes.json')
    const cache: HashCache = new Map(readJson<[string, string][]>(hashFile, []))

    if (config.searchEngines?.indexnow && secrets.indexnowKey) shipKeyFile(dir, secrets.indexnowKey)
    // 1 and 2 at once: the nodes connect and take their spare (which needs only the release they
    // last got) while this machine compares the release with the last one deployed; the changed
    // files go to each node as soon as the comparison is done.
    const comparing = (async () => {
      const started = performance.now()
      const next = await releaseState(release, dir, manifest, cache)
      const changes = releaseChanges(state.last, next)
      // The build's own list of the pages each publish wrote and removed, where it reaches back to the
      // last deploy; otherwise the pages whose bytes differ.
      changes.pages = buildPageChanges(paths, state.last?.release, release) ?? changes.pages
      // Only this release's files stay in the cache: the next one shares most of them.
      writeJson(hashFile, hashesOf(cache, next))
      report.timings.compare = performance.now() - started
      log(`部署 ${release}:${changes.files.changed.length} 个文件新增或修改,${changes.files.removed.length} 个删除${state.last ? `(对比 ${state.last.release})` : '(首次部署)'}`)
      return { next, changes }
    })()
    const fileChanges = comparing.then(({ changes }) => changes.files)
    fileChanges.catch(() => {}) // awaited below; a node that fails first must not leave it unhandled

    // 2. Stage on every node.
    const staged = new Map<NodeTarget, Staged>()
    const stageResults = await Promise.allSettled(
      config.nodes.map(async (node) => {
        const known = nodeReleases[node.name] === state.last?.release && state.last ? { release: state.last.release, files: fileChanges } : undefined
        staged.set(node, await stageNode(node, dir, release, known))
      }),
    )
    // A node that staged goes back to where it was (its new folder deleted); one that failed
    // before staging keeps at most a `.partial` folder, which nothing serves and pruning removes.
    const discard = () => Promise.all([...staged].map(([node, s]) => rollbackNode(node, release, s.previous)))
    const compared = await comparing.catch(async (error: unknown) => {
      await discard()
      throw error
    })
    const { next, changes } = compared
    report.changes = changes
    const stageFailures = stageResults.flatMap((r) => (r.status === 'rejected' ? [describe(r.reason)] : []))
    if (stageFailures.length > 0) {
      await discard()
      report.failures.push(...stageFailures)
      log(`✖ ${stageFailures.join('\n✖ ')}\n  没有节点切换:所有节点仍是原来的版本`)
      return report
    }
    lap('stage')
    for (const [node, s] of staged) {
      report.nodes[node.name] = s
      log(`  节点 ${node.name}:已上传(${s.mode === 'delta' ? '只传改动的文件' : '与节点现有文件比对'},发送 ${(s.bytesSent / 1024).toFixed(0)} KB)`)
    }

    // 3. The object store: changed objects, HTML last.
    const store = config.objectStore
    let storeUpload: Awaited<ReturnType<typeof uploadRelease>> | undefined
    const client = store && storeClient(store)
    if (store && client) {
      try {
        storeUpload = await uploadRelease(client, store, dir, next.files, state.stores[store.name])
        log(`  对象存储 ${store.name}:上传 ${storeUpload.uploaded.length} 个对象(${(storeUpload.bytes / 1024).toFixed(0)} KB)`)
      } catch (error) {
        report.failures.push(`对象存储 ${store.name} 上传失败:${(error as Error).message}(下次部署时重试)`)
        await discard()
        log(`✖ ${report.failures[0]}\n  没有节点切换:所有节点仍是原来的版本`)
        return report
      }
    }

    lap('store')
    // 4. Switch every node; one failure switches the others back.
    const switched: NodeTarget[] = []
    const switchResults = await Promise.allSettled(
      config.nodes.map(async (node) => {
        await switchNode(node, release)
        switched.push(node)
      }),
    )
    const switchFailures = switchResults.flatMap((r) => (r.status === 'rejected' ? [describe(r.reason)] : []))
    if (switchFailures.length > 0) {
      await Promise.all(config.nodes.map((node) => rollbackNode(node, release, staged.get(node)!.previous).catch(() => {})))
      report.failures.push(...switchFailures)
      const back = switched.map((n) => n.name)
      log(`✖ ${switchFailures.join('\n✖ ')}\n  ${back.length > 0 ? `已切换的节点 ${back.join('、')} 已退回原来的版本;` : ''}所有节点仍是原来的版本`)
      return report
    }
    lap('switch')
    for (const node of config.nodes) nodeReleases[node.name] = release
    writeJson(nodeStateFile, nodeReleases)
    if (config.nodes.length > 0) log(`  ${config.nodes.length} 个节点已切换到 ${release}`)

    // 5. Objects that left the site; replaced releases past their grace period.
    if (store && client && storeUpload) {
      try {
        const removed = await deleteRemoved(client, store, storeUpload.objects, state.stores[store.name], config.graceMinutes)
        state.stores[store.name] = removed.state
        report.store = { uploaded: storeUpload.uploaded.length, deleted: removed.deleted.length, bytes: storeUpload.bytes }
        if (removed.deleted.length > 0) log(`  对象存储 ${store.name}:删除 ${removed.deleted.length} 个已撤下的对象`)
      } catch (error) {
        report.failures.push(`对象存储 ${store.name} 删除已撤下的对象失败:${(error as Error).message}(下次部署时重试)`)
      }
    }
    await Promise.all(config.nodes.map((node) => pruneNode(node, release, config.graceMinutes).catch((error: unknown) => report.warnings.push(describe(error)))))

    lap('prune')
    // 6. The CDN and the search engines, for a publish that is not the first.
    const site = config.siteUrl
    const absolute = (p: string) => `${site}${p}`
    if (state.last) {
      const purgeUrls = unique([...state.owed.purge, ...[...changes.pages.changed, ...changes.pages.removed].map(absolute)])
      const purged = await purge(purgeUrls, { dir: path.join(home, 'purge'), release, command: config.cdn?.purgeCommand, batchSize: config.cdn?.batchSize ?? 1000 })
      state.owed.purge = purged.pending
      report.failures.push(...purged.errors)
      report.purged = { file: purged.file, urls: purgeUrls.length }
      log(`  CDN 刷新列表:${purgeUrls.length} 个网址 → ${path.relative(process.cwd(), purged.file)}${config.cdn?.purgeCommand ? `(已提交 ${purged.sent} 个)` : ''}`)
    } else log('  首次部署:没有上一版可比较,不刷新 CDN、不推送搜索引擎(它们从 sitemap 发现全部文章)')

    const engines = config.searchEngines
    if (state.last && engines?.indexnow) {
      if (!secrets.indexnowKey) report.warnings.push('IndexNow 已配置,但没有设置环境变量 INDEXNOW_KEY:未推送')
      else {
        const urls = unique([...state.owed.indexnow, ...[...changes.articles.changed, ...changes.articles.removed].map(absolute)])
        if (urls.length > 0) {
          const pushed = await pushIndexNow(urls, { ...engines.indexnow, siteUrl: site, key: secrets.indexnowKey })
          state.owed.indexnow = pushed.pending
          for (const line of pushed.messages) (pushed.ok ? log : (l: string) => report.warnings.push(l))(`  ${line}`)
        }
      }
    }
    if (state.last && engines?.baidu) {
      if (!secrets.baiduToken) report.warnings.push('百度普通收录已配置,但没有设置环境变量 BAIDU_TOKEN:未推送')
      else {
        const urls = unique([...state.owed.baidu, ...changes.articles.changed.map(absolute)])
        if (urls.length > 0) {
          const pushed = await pushBaidu(urls, { ...engines.baidu, siteUrl: site, token: secrets.baiduToken })
          state.owed.baidu = pushed.pending
          for (const line of pushed.messages) (pushed.ok ? log : (l: string) => report.warnings.push(l))(`  ${line}`)
        }
      }
    }

    lap('announce')
    state.last = next
    writeJson(stateFile, state)
    lap('state')
    for (const warning of report.warnings) log(`⚠ ${warning.trim()}`)
    report.ok = report.failures.length === 0
    if (!report.ok) log(`✖ ${report.failures.join('\n✖ ')}`)
    return report
  } finally {
    if (!kept) {
      await Promise.all(config.nodes.map((node) => closeNode(node)))
      if (sockets) fs.rmSync(sockets, { recursive: true, force: true })
    }
    unlock()
    lap('close')
    report.seconds = (performance.now() - started) / 1000
  }
}

/** True when the configuration names anything to deploy to or tell. */
export const hasTargets = (config: DeployConfig) =>
  config.nodes.length > 0 || !!config.objectStore || !!config.cdn || !!config.searchEngines?.indexnow || !!config.searchEngines?.baidu

/**
 * The resident publisher's hook, called after each publish: deploys the release `out` points at
 * with deploy/deploy.yml (or `configFile`) and the environment's secrets. Resolves to undefined
 * when the file names no target; throws DeployConfigError for a broken file.
 */
export async function deployPublished(
  out: string,
  options: { configFile?: string; log?: (line: string) => void; env?: Environment; keepConnections?: number } = {},
): Promise<DeployReport | undefined> {
  const env = options.env ?? process.env
  const config = readDeployConfig(options.configFile ?? DEFAULT_CONFIG, env)
  if (!hasTargets(config)) return undefined
  return deployRelease({ config, secrets: secretsFromEnv(env), out, log: options.log, keepConnections: options.keepConnections })
}

/** The cache entries of one release's files (its hashes keyed by inode stamp). */
function hashesOf(cache: HashCache, state: ReleaseState): [string, string][] {
  const wanted = new Set(Object.values(state.files))
  return [...cache].filter(([, hash]) => wanted.has(hash))
}

const describe = (error: unknown) => (error instanceof NodeError ? error.message : `${(error as Error).message}`)
