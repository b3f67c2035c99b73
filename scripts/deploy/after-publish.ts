import { DeployConfigError } from './config'
import { deployPublished } from './index'

// The resident publisher's deploy (`npm start -- --watch`, the desk): after each good publish, the
// release goes to deploy/deploy.yml's targets, one deploy at a time. Publishes that land while a
// deploy runs are covered by one more deploy when it ends (it ships the newest release, and the
// change files since the last deploy tell the CDN and search engines about all of them). A failed
// deploy is reported and retried with the next publish; publishing never waits for a deploy.

export interface AfterPublishOptions {
  /** deploy/deploy.yml unless given. */
  configFile?: string
  log?: (line: string) => void
}

/** Returns the publisher's `onPublish` hook for `out`, and `idle()`, which resolves once no deploy runs or is due. */
export function deployAfterEachPublish(out: string, options: AfterPublishOptions = {}) {
  const log = options.log ?? ((line: string) => console.log(line))
  let running: Promise<void> | undefined
  let due = false
  const loop = async () => {
    while (due) {
      due = false
      try {
        // Each node's ssh connection stays open ten minutes for the next publish's deploy.
        const report = await deployPublished(out, { configFile: options.configFile ?? (process.env.DEPLOY_CONFIG || undefined), log, keepConnections: 600 })
        if (report && !report.ok) log('✖ 部署失败,网站在各节点上仍是上一个版本;下次发布时会重新部署')
        else if (report) log(`✓ 已部署 ${report.release}(${report.seconds.toFixed(1)} 秒)`)
      } catch (error) {
        log(`✖ ${error instanceof DeployConfigError ? error.message : `部署出错:${(error as Error).message}`}(下次发布时重试)`)
      }
    }
    running = undefined
  }
  return {
    onPublish(report: { ok: boolean }) {
      if (!report.ok) return
      due = true
      running ??= loop()
    },
    idle: async () => {
      while (running) await running
    },
  }
}
