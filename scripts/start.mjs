// `npm start`: builds the site if out/ has not been built yet, then serves it on port 3000 (PORT,
// HOST; `npm start -- --port 4000 --host 127.0.0.1 --dir out`) with scripts/serve.ts.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { register } from 'tsx/esm/api'

if (!fs.existsSync('out/index.html')) {
  console.log('out/ has not been built yet: running npm run build first…')
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
register()
const { main } = await import('./serve.ts')
await main()
