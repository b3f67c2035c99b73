// Runs OpenSSH's server (Debian openssh-server) on 127.0.0.1 as root, with a temporary host key and
// one temporary client key, in the foreground: what the deploy tests and the deploy bench reach
// their nginx nodes through, as they would be reached in production.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

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
