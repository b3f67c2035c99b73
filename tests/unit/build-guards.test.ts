// @vitest-environment node
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findClientComponents } from '../../scripts/publish/client-components'
import { linkTreeAside } from '../../scripts/publish/release'
import { HiddenBoundaryError, stripFramework, UnknownScriptError } from '../../scripts/publish/strip'

const build = path.resolve(__dirname, '../../scripts/publish/build.ts')
const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx')
let project: string

/** Writes `text` to `file` inside the temporary project. */
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true })
  fs.writeFileSync(path.join(project, file), text)
}

beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'build-guards-'))
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

describe('the build', () => {
  it('fails and explains why when a client component exists, before it compiles anything', () => {
    write('components/FontSize.tsx', "'use client'\nexport const FontSize = () => null\n")
    fs.cpSync(path.resolve(__dirname, '../fixtures/valid-edge'), path.join(project, 'content'), { recursive: true })
    const run = spawnSync(tsx, [build], { cwd: project, encoding: 'utf8', env: { ...process.env, CONTENT_DIR: '', OUT_DIR: '' } })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Client components found: components/FontSize.tsx')
    expect(run.stderr).toContain('would render once and never hydrate')
    expect(run.stderr).toContain('public/js/')
    expect(fs.existsSync(path.join(project, 'out'))).toBe(false)
  }, 60_000)
})

describe('stripFramework', () => {
  it('strips framework scripts, preloads and inline payloads from an exported page but keeps ours', () => {
    const page =
      '<html><head><link rel="preload" as="script" href="/_next/static/chunks/a.js"/>' +
      '<script src="/_next/static/chunks/a.js" async=""></script></head><body><p>正文</p>' +
      '<script type="application/ld+json">{"@type":"NewsArticle"}</script>' +
      '<script src="/js/font-size.js" defer=""></script>' +
      '<script>(self.__next_f=self.__next_f||[]).push([0])</script>' +
      '<script>TURBOPACK = []</script></body></html>'
    const html = stripFramework(page)
    expect(html).toBe(
      '<html><head></head><body><p>正文</p><script type="application/ld+json">{"@type":"NewsArticle"}</script>' +
        '<script src="/js/font-size.js" defer=""></script></body></html>',
    )
    expect(html).not.toMatch(/\/_next\/|__next_f|TURBOPACK/)
    expect(html).toContain('<script type="application/ld+json">')
    expect(html).toContain('<script src="/js/font-size.js" defer=""></script>')
    expect(html).toContain('<p>正文</p>')
  })

  it('never cuts a page at a <script or </body> inside an attribute, text or comment', () => {
    const body =
      '<p><a href="https://example.org/" title="关于 <script> 标签 </body> 与 </script>">说明</a></p>' +
      '<p>正文里写着 &lt;script&gt; 和 &lt;/body&gt;</p><!-- <script>x</script> --><p>结尾</p>' +
      '<footer><p>免责声明</p></footer>'
    const page = `<html><head></head><body>${body}<script>self.__next_f.push([1,"</body>"])</script></body></html>`
    expect(stripFramework(page)).toBe(`<html><head></head><body>${body}</body></html>`)
  })

  it("drops React's empty hydration comments and keeps every other comment", () => {
    const page =
      '<html><head></head><body><div hidden=""><!--$--><!--/$--></div><p>来源:<!-- -->红星网</p>' +
      '<!-- 保留 --><!--$x--></body></html>'
    expect(stripFramework(page)).toBe('<html><head></head><body><div hidden=""></div><p>来源:红星网</p><!-- 保留 --><!--$x--></body></html>')
  })

  it('stops when a streamed Suspense boundary would keep its content hidden once the swap script is stripped', () => {
    // React 19.3's streaming shape (from next start): the fallback in a pending boundary, the
    // content parked in a hidden div, and the scripts that swap them, which the strip removes.
    const streamed =
      '<html><head></head><body><!--$?--><template id="B:0"></template><p>加载中</p><!--/$-->' +
      '<div hidden id="S:0"><p>正文</p></div><script>$RB=[];$RV=function(a){};$RC("B:0","S:0")</script></body></html>'
    expect(() => stripFramework(streamed)).toThrow(HiddenBoundaryError)
    expect(() => stripFramework(streamed)).toThrow(/<!--\$\?-->/)
    // A segment parked for $RS, without its boundary comment, is refused too.
    expect(() => stripFramework('<html><body><div hidden id="S:1"><p>正文</p></div></body></html>')).toThrow(/<div id="S:1">/)
  })

  it("stops with the script's text when Next's output holds a script it does not recognise", () => {
    const page = '<html><head></head><body><p>正文</p><script>window.somethingNew = 1</script></body></html>'
    expect(() => stripFramework(page)).toThrow(UnknownScriptError)
    expect(() => stripFramework(page)).toThrow(/somethingNew/)
  })
})

describe('linkTreeAside', () => {
  /** A tree of a few files in folders, as a release holds them. */
  const tree = (root: string) => {
    for (const file of ['index.html', 'articles/a/index.html', 'articles/a/index.html.gz', 'tags/乡村振兴/index.html']) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
      fs.writeFileSync(path.join(root, file), file)
    }
    return ['index.html', 'articles/a/index.html', 'articles/a/index.html.gz', 'tags/乡村振兴/index.html']
  }
  const sameFile = (a: string, b: string) => fs.statSync(a).ino === fs.statSync(b).ino

  it('makes the new release hard links to the last one, with cp -al', async () => {
    const files = tree(path.join(project, 'old'))
    await linkTreeAside(path.join(project, 'old'), path.join(project, 'new'))
    for (const file of files) expect(sameFile(path.join(project, 'old', file), path.join(project, 'new', file)), file).toBe(true)
  })

  it('makes them itself where cp cannot', async () => {
    const files = tree(path.join(project, 'old'))
    // A cp that fails, first on the PATH.
    write('bin/cp', '#!/bin/sh\nexit 1\n')
    fs.chmodSync(path.join(project, 'bin/cp'), 0o755)
    const saved = process.env.PATH
    process.env.PATH = `${path.join(project, 'bin')}:${saved}`
    try {
      await linkTreeAside(path.join(project, 'old'), path.join(project, 'new'))
    } finally {
      process.env.PATH = saved
    }
    for (const file of files) expect(sameFile(path.join(project, 'old', file), path.join(project, 'new', file)), file).toBe(true)
  })
})
