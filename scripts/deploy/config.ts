import fs from 'node:fs'
import path from 'node:path'
import { JSON_SCHEMA, load } from 'js-yaml'
import { z } from 'zod'
import { lineOfField, parseSite } from '../../lib/content'

// What `npm run deploy` ships where: one YAML file in the repository (deploy/deploy.yml). It names
// targets and paths only; tokens and keys come from the environment (DeploySecrets), so they never
// reach git or a release folder.

/** A path on a node: plain characters only, so it needs no quoting in ssh commands. */
const remotePath = z
  .string()
  .regex(/^\/[A-Za-z0-9._/-]*$/, '应为绝对路径,只含字母、数字和 . _ / -(例如 /srv/lzfzw)')
  .refine((p) => !p.split('/').includes('..'), '路径中不能有 ..')

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, '应只含字母、数字和 . _ -(例如 web1)')
const httpUrl = z.string().regex(/^https?:\/\/[^\s/]+/, '应为 http:// 或 https:// 开头的网址')

const Node = z
  .object({
    name,
    /** `user@host` or a Host of ~/.ssh/config. */
    host: z.string().regex(/^[A-Za-z0-9._@:[\]-]+$/, '应为 user@host 或 ~/.ssh/config 中的主机名'),
    port: z.number().int().min(1).max(65535).optional(),
    /** The site's folder on the node: `<path>/out` is nginx's root, `<path>/releases/` holds releases. */
    path: remotePath,
    /** Extra ssh options, e.g. ['-i', '~/.ssh/deploy_key', '-o', 'UserKnownHostsFile=…']. */
    ssh: z.array(z.string()).default([]),
    /** Extra rsync options, e.g. ['--bwlimit=5000']. */
    rsync: z.array(z.string()).default([]),
  })
  .strict()

const ObjectStore = z
  .object({
    name: name.default('store'),
    /** The S3 API endpoint: OSS `https://oss-cn-hangzhou.aliyuncs.com`, COS `https://cos.ap-guangzhou.myqcloud.com`, MinIO. */
    endpoint: httpUrl.optional(),
    region: z.string().min(1).default('us-east-1'),
    bucket: z.string().min(1),
    /** Key prefix inside the bucket (`site/`), or none. */
    prefix: z.string().regex(/^([A-Za-z0-9._-]+\/)*$/, '应为空,或以 / 结尾的前缀(例如 site/)').default(''),
    /** Path-style addresses (MinIO, and most stores reached by IP); OSS and COS want virtual-host style. */
    forcePathStyle: z.boolean().default(false),
    /** Parallel uploads. */
    concurrency: z.number().int().min(1).max(64).default(8),
  })
  .strict()

const Cdn = z
  .object({
    /**
     * A command run for each batch of at most 1,000 URLs, given one URL a line on its standard input,
     * e.g. ['scripts/purge-cdn.sh'] (argv, no shell). Without it the list is only written to a file.
     */
    purgeCommand: z.array(z.string().min(1)).min(1).optional(),
    batchSize: z.number().int().min(1).max(1000).default(1000),
  })
  .strict()

const SearchEngines = z
  .object({
    /** IndexNow (Bing, Yandex, Naver, Seznam, Yep). The key comes from INDEXNOW_KEY. */
    indexnow: z
      .object({ endpoint: httpUrl.default('https://api.indexnow.org/indexnow'), batchSize: z.number().int().min(1).max(10000).default(10000) })
      .strict()
      .optional(),
    /** Baidu 普通收录. The token comes from BAIDU_TOKEN. */
    baidu: z
      .object({ endpoint: httpUrl.default('http://data.zz.baidu.com/urls'), batchSize: z.number().int().min(1).max(2000).default(2000) })
      .strict()
      .optional(),
  })
  .strict()

const DeployFile = z
  .object({
    /** The site's public address; default: SITE_URL, else content/site.md's url. */
    siteUrl: httpUrl.optional(),
    nodes: z.array(Node).default([]),
    /** Minutes a replaced release stays on a node (readers of cached pages, rollbacks) before it is deleted. */
    graceMinutes: z.number().min(0).default(10),
    objectStore: ObjectStore.optional(),
    cdn: Cdn.optional(),
    searchEngines: SearchEngines.optional(),
  })
  .strict()

export type NodeTarget = z.infer<typeof Node>
export type ObjectStoreTarget = z.infer<typeof ObjectStore>
export type DeployConfig = z.infer<typeof DeployFile> & { siteUrl: string }

/** Secrets, only ever from the environment. */
export interface DeploySecrets {
  /** IndexNow key (8–128 of a-z A-Z 0-9 -); its file `/<key>.txt` ships in every release. */
  indexnowKey?: string
  /** Baidu 普通收录 token. */
  baiduToken?: string
}

/** The environment variables deploy reads (a plain map, so tests can pass their own). */
export type Environment = Record<string, string | undefined>

export const DEFAULT_CONFIG = 'deploy/deploy.yml'

/** A configuration problem, with the file, line and field it is about, in Chinese. */
export class DeployConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`部署配置有 ${problems.length} 处错误,未部署:\n${problems.map((p) => `  ${p}`).join('\n')}`)
    this.name = 'DeployConfigError'
  }
}

/** The site URL when the file gives none: SITE_URL, else content/site.md's url. */
function defaultSiteUrl(env: Environment): string | undefined {
  if (env.SITE_URL) return env.SITE_URL
  const file = path.join(path.resolve(env.CONTENT_DIR || 'content'), 'site.md')
  if (!fs.existsSync(file)) return undefined
  const site = parseSite(file, fs.readFileSync(file, 'utf8'))
  return Array.isArray(site) ? undefined : site.url
}

/** Reads deploy.yml text; throws DeployConfigError listing every problem (file:line  field  what to fix). */
export function parseDeployConfig(file: string, text: string, env: Environment = process.env): DeployConfig {
  let data: unknown
  try {
    data = load(text, { schema: JSON_SCHEMA }) ?? {}
  } catch (error) {
    const mark = (error as { mark?: { line: number } }).mark
    throw new DeployConfigError([`${file}${mark ? `:${mark.line + 1}` : ''}  YAML 格式错误:${(error as Error).message.split('\n')[0]}`])
  }
  // zod's own messages in Chinese too (a number where text stands, …): the file's readers are operators here.
  const result = DeployFile.safeParse(data, { error: z.locales.zhCN().localeError })
  if (!result.success) {
    // lineOfField reads front matter: the file is wrapped in --- lines, so its lines shift by one.
    const wrapped = `---\n${text}\n---`
    throw new DeployConfigError(
      result.error.issues.map((issue) => {
        const keys = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path
        const line = keys.length > 0 ? lineOfField(wrapped, keys) : undefined
        const field = keys.map(String).join('.') || '(整个文件)'
        const message = issue.code === 'unrecognized_keys' ? `未知字段 ${issue.keys.join('、')}(请检查拼写,或删掉这一行)` : issue.message
        return `${file}${line ? `:${line - 1}` : ''}  ${field}  ${message}`
      }),
    )
  }
  const siteUrl = (result.data.siteUrl ?? defaultSiteUrl(env))?.replace(/\/+$/, '')
  if (!siteUrl) throw new DeployConfigError([`${file}  siteUrl  缺少网站地址:请写 siteUrl: https://www.example.cn,或设置环境变量 SITE_URL`])
  const names = [...result.data.nodes.map((n) => n.name), ...(result.data.objectStore ? [result.data.objectStore.name] : [])]
  const twice = names.filter((n, i) => names.indexOf(n) !== i)
  if (twice.length > 0) throw new DeployConfigError([`${file}  name  目标名称重复:${twice.join('、')}(每个节点和对象存储的 name 应各不相同)`])
  return { ...result.data, siteUrl }
}

/** Reads and checks a deploy configuration file. */
export function readDeployConfig(file = DEFAULT_CONFIG, env: Environment = process.env): DeployConfig {
  if (!fs.existsSync(file)) throw new DeployConfigError([`${file}  找不到部署配置文件(示例见 docs/deploy.md)`])
  return parseDeployConfig(file, fs.readFileSync(file, 'utf8'), env)
}

/** The secrets deploy needs, from the environment; throws when one is present but malformed. */
export function secretsFromEnv(env: Environment = process.env): DeploySecrets {
  const indexnowKey = env.INDEXNOW_KEY || undefined
  if (indexnowKey && !/^[A-Za-z0-9-]{8,128}$/.test(indexnowKey)) {
    throw new DeployConfigError(['环境变量 INDEXNOW_KEY  IndexNow 密钥应为 8 到 128 个字母、数字或连字符'])
  }
  return { indexnowKey, baiduToken: env.BAIDU_TOKEN || undefined }
}
