import fs from 'node:fs'
import path from 'node:path'

// Production pages ship no framework JavaScript (scripts/publish/strip.ts), so a client component
// ('use client') would render once and never hydrate: its controls would silently do nothing.
// The build refuses one instead.

const DIRECTIVE = /^\s*(?:\/\/.*\n|\/\*[\s\S]*?\*\/\s*)*['"]use client['"]/

/** Source files under `base` (in app/, components/, lib/) that declare 'use client', relative to `base`. */
export function findClientComponents(base: string, dirs = ['app', 'components', 'lib']): string[] {
  const found: string[] = []
  for (const dir of dirs.map((d) => path.join(base, d)).filter((d) => fs.existsSync(d))) {
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name)
      if (entry.isFile() && /\.(tsx?|jsx?|mjs)$/.test(file) && DIRECTIVE.test(fs.readFileSync(file, 'utf8').slice(0, 500))) found.push(path.relative(base, file))
    }
  }
  return found
}

/** Why the build stops when `files` declare 'use client'. */
export function clientComponentError(files: string[]): string {
  return (
    `✖ Client components found: ${files.join(', ')}\n` +
    '  Production pages ship no framework JavaScript (scripts/publish/strip.ts removes it), so a\n' +
    "  'use client' component would render once and never hydrate: its controls would do nothing.\n" +
    '  Keep components server-only and add interactivity as a small script in public/js/ (see README).\n'
  )
}
