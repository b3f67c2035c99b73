// `npm start`: builds the site if out/ has not been built yet, then serves it on port 3000.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

if (!fs.existsSync('out/index.html')) {
  console.log('out/ has not been built yet: running npm run build first…')
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
await import('./serve.mjs')
