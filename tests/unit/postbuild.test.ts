// @vitest-environment node
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findClientComponents, stripFramework } from '../../scripts/postbuild.mjs'

const postbuild = path.resolve(__dirname, '../../scripts/postbuild.mjs')
// The postbuild imports TypeScript (the search step), so it runs under tsx, as `npm run build` runs it.
const tsx = pathToFileURL(path.resolve(__dirname, '../../node_modules/tsx/dist/loader.mjs')).href
let project: string

/** Writes `text` to `file` inside the temporary project. */
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true })
  fs.writeFileSync(path.join(project, file), text)
}

beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'postbuild-'))
  write('app/page.tsx', 'export default function Page() {\n  return <p>服务器组件</p>\n}\n')
  write('components/Byline.tsx', "// Mentions 'use client' only in a comment further down.\nexport const Byline = () => null\n")
})
afterEach(() => fs.rmSync(project, { recursive: true, force: true }))

describe('findClientComponents', () => {
  it('finds nothing when every component is a server component', () => {
    expect(findClientComponents(project)).toEqual([])
  })

  it("flags a file that starts with 'use client'", () => {
    write('components/FontSize.tsx', "'use client'\nexport function FontSize() {\n  return <button>字号</button>\n}\n")
    expect(findClientComponents(project)).toEqual([path.join('components', 'FontSize.tsx')])
  })

  it('flags the directive in double quotes and after leading comments', () => {
    write('app/share.tsx', '// Copy link button\n/* shown on articles */\n"use client";\nexport const Share = () => null\n')
    write('lib/hook.ts', '"use client"\nexport const useThing = () => 1\n')
    expect(findClientComponents(project).sort()).toEqual([path.join('app', 'share.tsx'), path.join('lib', 'hook.ts')])
  })

  it("does not flag 'use client' that is not the file's first statement", () => {
    write('components/Note.tsx', "export const note = 'use client'\n")
    expect(findClientComponents(project)).toEqual([])
  })
})

describe('the postbuild step', () => {
  it('fails and explains why when a client component exists', () => {
    write('components/FontSize.tsx', "'use client'\nexport const FontSize = () => null\n")
    const run = spawnSync(process.execPath, ['--import', tsx, postbuild], { cwd: project, encoding: 'utf8', env: { ...process.env, OUT_DIR: '' } })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Client components found: components/FontSize.tsx')
    expect(run.stderr).toContain('would render once and never hydrate')
    expect(run.stderr).toContain('public/js/')
  })

  it('strips framework scripts, preloads and inline payloads from an exported page but keeps ours', () => {
    const page =
      '<html><head><link rel="preload" as="script" href="/_next/static/chunks/a.js"/>' +
      '<script src="/_next/static/chunks/a.js" async=""></script></head><body><p>正文</p>' +
      '<script type="application/ld+json">{"@type":"NewsArticle"}</script>' +
      '<script src="/js/font-size.js" defer=""></script>' +
      '<script>(self.__next_f=self.__next_f||[]).push([0])</script>' +
      '<script>TURBOPACK = []</script></body></html>'
    const html = stripFramework(page)
    expect(html).not.toMatch(/\/_next\/|__next_f|TURBOPACK/)
    expect(html).toContain('<script type="application/ld+json">')
    expect(html).toContain('<script src="/js/font-size.js" defer=""></script>')
    expect(html).toContain('<p>正文</p>')
  })
})
