// The deploy figures of `npm run bench`: a built output folder deployed to two nodes on this machine,
// reached through a real sshd on loopback (scripts/tools/sshd.ts) with rsync, as npm run deploy reaches
// production nodes; then, after the bench publishes one new article, that deploy timed, with the
// bytes rsync sent beside the bytes of the files that changed. Needs root (sshd) and OpenSSH.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DeployConfig } from '../deploy/config'
import { deployRelease, type DeployReport } from '../deploy/index'
import { startSshd, type Sshd } from './sshd'

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`

export interface DeployBench {
  /** Deploys the current release (after a publish) and returns one printable line. */
  measure(label: string): Promise<string>
  close(): Promise<void>
}

/** Starts sshd and makes the first (whole) deploy of `outDir` to two node folders; null when sshd cannot run here. */
export async function startDeployBench(outDir: string, port: number): Promise<{ bench: DeployBench; first: string } | null> {
  if (process.getuid?.() !== 0 || !fs.existsSync('/usr/sbin/sshd')) return null
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lzfzw-deploy-bench-'))
  let sshd: Sshd
  try {
    sshd = await startSshd(path.join(tmp, 'sshd'), port)
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true })
    return null
  }
  const config: DeployConfig = {
    siteUrl: 'https://www.example.cn',
    graceMinutes: 10,
    nodes: ['node-1', 'node-2'].map((name) => ({ name, host: 'root@127.0.0.1', port, path: path.join(tmp, name), ssh: sshd.ssh, rsync: [] })),
  }
  const line = (label: string, report: DeployReport) => {
    const changed = report.changes?.files.changed ?? []
    const release = fs.realpathSync(outDir)
    const changedBytes = changed.reduce((sum, file) => sum + fs.statSync(path.join(release, file)).size, 0)
    const sent = Object.values(report.nodes).map((n) => kb(n.bytesSent))
    return (
      `   deploy ${label}: ${report.seconds.toFixed(1)} s to 2 nodes${report.ok ? '' : ' ✖ ' + report.failures.join('; ')}; ` +
      `${changed.length} files changed (${kb(changedBytes)}), rsync sent ${sent.join(' + ')}` +
      `${Object.values(report.nodes).every((n) => n.mode === 'delta') ? ' (changed files only)' : ''}`
    )
  }
  const deploy = () => deployRelease({ config, secrets: {}, out: outDir, log: () => {} })
  const first = line('whole release (first deploy)', await deploy())
  return {
    first,
    bench: {
      measure: async (label) => line(label, await deploy()),
      async close() {
        await sshd.stop()
        fs.rmSync(tmp, { recursive: true, force: true })
      },
    },
  }
}
