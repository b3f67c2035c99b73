// `npm run deploy`: ships the published release (`out`) to the targets of deploy/deploy.yml: nginx
// nodes over rsync and ssh, an S3-compatible object store, a CDN purge list, and the search engines
// (IndexNow, Baidu 普通收录). Secrets come from the environment only (docs/deploy.md). Exit status 1
// when a target failed (every node then serves its previous release); search-engine failures only
// warn and are retried with the next deploy.
//
//   npm run deploy [-- --config deploy/deploy.yml] [--out out] [--release <id>]
import { parseArgs } from 'node:util'
import { DEFAULT_CONFIG, DeployConfigError, readDeployConfig, secretsFromEnv } from './config'
import { deployRelease, hasTargets } from './index'

const { values } = parseArgs({
  options: {
    config: { type: 'string', default: process.env.DEPLOY_CONFIG || DEFAULT_CONFIG },
    out: { type: 'string', default: process.env.OUT_DIR || 'out' },
    release: { type: 'string' },
  },
})

try {
  const config = readDeployConfig(values.config)
  if (!hasTargets(config)) {
    console.log(`${values.config} 中没有配置任何部署目标(nodes、objectStore、cdn、searchEngines),未做任何事。配置方法见 docs/deploy.md`)
    process.exit(0)
  }
  const report = await deployRelease({ config, secrets: secretsFromEnv(), out: values.out!, release: values.release })
  if (!report.ok) process.exit(1)
  console.log(`✓ 已部署 ${report.release}(${report.seconds.toFixed(1)} 秒)`)
} catch (error) {
  console.error(error instanceof DeployConfigError ? `✖ ${error.message}` : `✖ ${(error as Error).message}`)
  process.exit(1)
}
