import { spawn } from 'node:child_process'
import type { NodeTarget } from './config'

// nginx nodes over ssh and rsync (both run as processes: they are the tools for this, and every
// node has them). On a node, `<path>/out` is a link to `<path>/releases/<id>/`, nginx's root.
// A deploy stages the new release beside the live one on every node first, then switches each
// link with one rename; a node that fails at any step leaves every node on its previous release.
//
// Staging: when the node still serves the release this machine last sent it, the new folder starts
// as hard links to it and only the changed files travel (`--files-from`), so the bytes sent are
// about the changed files; otherwise (first deploy, another release there, a folder left by a
// killed deploy) the whole tree goes through `rsync --link-dest`, which still sends only changed
// files' bytes and links the rest. The folder is written as `<id>.partial` and renamed to `<id>`
// when whole; a killed deploy leaves only a `.partial` that nobody serves.
//
// Every step costs about the change, not the site: after each switch the node makes, in the
// background, a spare copy of the live release as hard links (`spare/<id>`, `cp -al`: seconds at
// 20,000 articles), and deletes pruned releases (moved to `trash/` at once); the next deploy takes
// the spare with one rename (waiting for it if it is still being made) and deletes removed files one
// by one. rsync never writes into a linked file (it writes a new one and renames it over), so the
// live release is never touched through its links; a node rsync option `--inplace` would break that.

export interface CommandResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a program (no shell) and collects its output; never rejects for a non-zero exit. */
export function run(command: string, args: string[], input?: string | Buffer): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: stderr + error.message }))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.on('error', () => {}) // a program that exits without reading its input
    child.stdin.end(input ?? '')
  })
}

const sshOptions = (node: NodeTarget) => [
  ...(node.port ? ['-p', String(node.port)] : []),
  '-o',
  'BatchMode=yes',
  '-o',
  'ConnectTimeout=15',
  '-o',
  'ServerAliveInterval=15',
  ...node.ssh,
]

/** The last lines a tool printed on failure, for the operator. */
const why = (result: CommandResult) =>
  result.stderr.trim().split('\n').filter(Boolean).slice(-3).join(' | ') || `退出码 ${result.code}`

/** Quoted for a POSIX shell: ssh hands the remote shell one command line. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

/** Runs a POSIX sh script on the node with positional arguments (plain characters only: config checks paths, ids are ours). */
async function remote(node: NodeTarget, script: string, args: string[], input?: string): Promise<CommandResult> {
  return run('ssh', [...sshOptions(node), node.host, 'sh', '-c', quote(`set -e\n${script}`), 'deploy', ...args], input)
}

const value = (output: string, key: string) => output.match(new RegExp(`^${key}=(.*)$`, 'm'))?.[1] ?? ''

/** What the node reported while staging. */
export interface Staged {
  /** The release the node served before (its rollback target), or '' on a first deploy. */
  previous: string
  mode: 'delta' | 'full'
  /** True when the new folder was the spare the last deploy left (a rename, not a copy of the tree). */
  spare: boolean
  bytesSent: number
  /** Milliseconds each step took (prepare, rsync, remove, finish), for the bench. */
  steps: Record<string, number>
}

/** Runs `step` and adds its milliseconds to `steps[name]`. */
async function timed<T>(steps: Record<string, number>, name: string, step: () => Promise<T>): Promise<T> {
  const start = performance.now()
  try {
    return await step()
  } finally {
    steps[name] = (steps[name] ?? 0) + (performance.now() - start)
  }
}

export class NodeError extends Error {
  constructor(
    readonly node: string,
    readonly step: string,
    readonly reason: string,
  ) {
    super(`节点 ${node} ${step}失败:${reason}`)
  }
}

const PREPARE = `
base=$1; id=$2; known=$3
mkdir -p "$base/releases"
cur=$(readlink "$base/out" 2>/dev/null || true); cur=\${cur#releases/}
echo "current=$cur"
if [ -e "$base/out" ] && [ ! -L "$base/out" ]; then echo "$base/out 是普通目录而不是链接:请把它移走(例如 mv $base/out $base/out.old),再部署" >&2; exit 3; fi
if [ -n "$cur" ] && [ "$cur" = "$known" ] && [ "$cur" != "$id" ] && [ -d "$base/releases/$cur" ] && [ ! -e "$base/releases/$id.partial" ]; then
  # The last deploy's background job (its spare, its trash) finishes first.
  while [ -f "$base/spare/pid" ] && kill -0 "$(cat "$base/spare/pid")" 2>/dev/null; do sleep 0.05; done
  if [ -d "$base/spare/$cur" ]; then
    mv "$base/spare/$cur" "$base/releases/$id.partial"
    echo spare=yes
  else
    cp -al "$base/releases/$cur" "$base/releases/$id.partial.tmp"
    mv "$base/releases/$id.partial.tmp" "$base/releases/$id.partial"
  fi
  echo mode=delta
else
  rm -rf "$base/releases/$id.partial.tmp"
  echo mode=full
fi
`

// Removed files, one by one, and the folders they leave empty (an article's own folder).
const REMOVE = `
dir=$1/releases/$2.partial
while IFS= read -r f; do
  rm -f -- "$dir/$f"
  d=$(dirname -- "$f")
  while [ "$d" != . ] && rmdir -- "$dir/$d" 2>/dev/null; do d=$(dirname -- "$d"); done
done
`

// Pages cached before the switch still name the previous release's hashed assets: they are carried
// into the new release. And assets go before pages: the new release's hashed assets also join the
// live one before any node switches, so a page from a switched node finds its assets on one that
// has not switched yet, behind the same load balancer.
const FINISH = `
base=$1; id=$2
cd "$base/releases"
cur=$(readlink "$base/out" 2>/dev/null || true); cur=\${cur#releases/}
if [ -n "$cur" ] && [ "$cur" != "$id" ] && [ -d "$cur/_next/static" ]; then
  mkdir -p "$id.partial/_next/static" && cp -Rln "$cur/_next/static/." "$id.partial/_next/static/"
fi
if [ "$cur" = "$id" ]; then rm -rf "$id.partial"; else rm -rf "$id"; mv "$id.partial" "$id"; fi
if [ -n "$cur" ] && [ "$cur" != "$id" ] && [ -d "$id/_next/static" ]; then
  mkdir -p "$cur/_next/static" && cp -Rln "$id/_next/static/." "$cur/_next/static/"
fi
`

const SWITCH = `
base=$1; id=$2
cur=$(readlink "$base/out" 2>/dev/null || true)
ln -sfn "releases/$id" "$base/.out.new"
mv -T "$base/.out.new" "$base/out"
if [ -n "$cur" ] && [ "$cur" != "releases/$id" ] && [ -d "$base/$cur" ]; then touch "$base/$cur"; fi
`

const ROLLBACK = `
base=$1; id=$2; previous=$3
if [ -n "$previous" ]; then
  ln -sfn "releases/$previous" "$base/.out.new"
  mv -T "$base/.out.new" "$base/out"
elif [ "$(readlink "$base/out" 2>/dev/null)" = "releases/$id" ]; then
  rm -f "$base/out"
fi
if [ "$previous" != "$id" ]; then rm -rf "$base/releases/$id" "$base/releases/$id.partial"; fi
`

// A replaced release was touched when it was replaced: it goes once it is older than the grace
// period, like a folder a killed deploy left. The live release always stays. Pruned folders move to
// trash/ at once and are deleted in the background, where the next deploy's spare is made too
// (its own process group, output to /dev/null, so the ssh session ends without waiting for it).
const PRUNE = `
base=$1; id=$2; grace=$3
cd "$base/releases"
mkdir -p "$base/trash" "$base/spare"
for d in * .[!.]*; do
  [ -d "$d" ] || continue
  [ "$d" = "$id" ] && continue
  if [ -n "$(find "$d" -maxdepth 0 -mmin +"$grace")" ]; then mv "$d" "$base/trash/$d.$$"; echo "pruned=$d"; fi
done
while [ -f "$base/spare/pid" ] && kill -0 "$(cat "$base/spare/pid")" 2>/dev/null; do sleep 0.05; done
cd "$base"
detach=setsid; command -v setsid >/dev/null 2>&1 || detach=nohup
$detach sh -c '
  echo $$ > spare/pid
  for s in spare/* spare/.[!.]*; do [ "$s" = "spare/$1" ] || [ "$s" = spare/pid ] || [ ! -e "$s" ] || rm -rf "$s"; done
  rm -rf trash/* trash/.[!.]* 2>/dev/null
  if [ ! -d "spare/$1" ] && cp -al "releases/$1" "spare/$1.tmp"; then mv "spare/$1.tmp" "spare/$1"; fi
  rm -f spare/pid
' spare "$id" </dev/null >/dev/null 2>&1 &
echo $! > spare/pid
`

/**
 * Puts `release` (the local folder `dir`) beside the live release on a node, whole, under
 * `releases/<id>/`, without switching. `known` is the release this machine last sent the node and
 * `changes` its differences from it (the fast path); otherwise the whole tree is compared.
 */
export async function stageNode(
  node: NodeTarget,
  dir: string,
  release: string,
  known: { release: string; files: Promise<{ changed: string[]; removed: string[] }> } | undefined,
): Promise<Staged> {
  const steps: Record<string, number> = {}
  // The node's one ssh connection (ControlMaster) is opened by this first command, timed apart.
  const connect = await timed(steps, 'connect', () => remote(node, 'true', []))
  if (connect.code !== 0) throw new NodeError(node.name, '连接', why(connect))
  const prepare = await timed(steps, 'prepare', () => remote(node, PREPARE, [node.path, release, known?.release ?? '']))
  if (prepare.code !== 0) throw new NodeError(node.name, '准备', why(prepare))
  const previous = value(prepare.stdout, 'current')
  const mode = value(prepare.stdout, 'mode') === 'delta' && known ? 'delta' : 'full'
  const target = `${node.host}:${node.path}/releases/${release}.partial/`
  const shell = ['ssh', ...sshOptions(node)].map((a) => (/[\s'"\\]/.test(a) ? quote(a) : a)).join(' ')
  const base = ['-a', '--stats', '-e', shell, ...node.rsync]
  let result: CommandResult
  if (mode === 'delta') {
    const files = await timed(steps, 'wait', () => known!.files)
    result = files.changed.length
      ? await timed(steps, 'rsync', () => run('rsync', [...base, '--from0', '--files-from=-', `${dir}/`, target], files.changed.join('\0')))
      : { code: 0, stdout: 'Total bytes sent: 0', stderr: '' }
    if (result.code === 0 && files.removed.length > 0) {
      const removal = await timed(steps, 'remove', () => remote(node, REMOVE, [node.path, release], files.removed.join('\n') + '\n'))
      if (removal.code !== 0) throw new NodeError(node.name, '删除已撤下的文件', why(removal))
    }
  } else {
    const linkDest = previous && previous !== release ? [`--link-dest=${node.path}/releases/${previous}/`] : []
    result = await timed(steps, 'rsync', () => run('rsync', [...base, '--delete', ...linkDest, `${dir}/`, target]))
  }
  if (result.code !== 0) throw new NodeError(node.name, '上传(rsync)', why(result))
  const bytesSent = Number((result.stdout.match(/Total bytes sent: ([\d,.]+)/)?.[1] ?? '0').replace(/[,.]/g, ''))
  const finish = await timed(steps, 'finish', () => remote(node, FINISH, [node.path, release]))
  if (finish.code !== 0) throw new NodeError(node.name, '整理新版本', why(finish))
  return { previous, mode, spare: value(prepare.stdout, 'spare') === 'yes', bytesSent, steps }
}

/** Switches the node's `out` link to the staged release in one rename. */
export async function switchNode(node: NodeTarget, release: string): Promise<void> {
  const result = await remote(node, SWITCH, [node.path, release])
  if (result.code !== 0) throw new NodeError(node.name, '切换', why(result))
}

/** Puts the node back on `previous` (switching back if it had switched) and deletes the new release. */
export async function rollbackNode(node: NodeTarget, release: string, previous: string): Promise<CommandResult> {
  return remote(node, ROLLBACK, [node.path, release, previous])
}

/** Ends the node's shared ssh connection (ControlMaster), if the deploy opened one. */
export async function closeNode(node: NodeTarget): Promise<void> {
  await run('ssh', [...sshOptions(node), '-O', 'exit', node.host])
}

/** Deletes replaced releases older than the grace period; returns the ones deleted. */
export async function pruneNode(node: NodeTarget, release: string, graceMinutes: number): Promise<string[]> {
  const result = await remote(node, PRUNE, [node.path, release, String(Math.max(0, Math.floor(graceMinutes)))])
  if (result.code !== 0) throw new NodeError(node.name, '清理旧版本', why(result))
  return [...result.stdout.matchAll(/^pruned=(.*)$/gm)].map((m) => m[1])
}
