// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeChanges } from '../../scripts/publish/changes'
import { publishPaths } from '../../scripts/publish/release'
import { buildPageChanges, releaseChanges, type ReleaseState } from '../../scripts/deploy/changes'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-changes-'))
const paths = publishPaths(path.join(tmp, 'out'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

const publish = (release: string, previous: string | undefined, changed: string[], removed: string[]) =>
  writeChanges(paths, { format: 1, release, ...(previous && { previous }), at: '2026-12-06T00:00:00Z', site: 'https://www.example.cn', full: false, changed, removed })

describe('what a deploy announces', () => {
  it('merges the build’s change files of every publish since the last deploy', () => {
    publish('R1', undefined, ['/'], [])
    publish('R2', 'R1', ['/', '/articles/a/'], [])
    publish('R3', 'R2', ['/'], ['/articles/a/', '/tags/x/'])
    publish('R4', 'R3', ['/', '/tags/x/'], [])
    expect(buildPageChanges(paths, 'R1', 'R4')).toEqual({ changed: ['/', '/tags/x/'], removed: ['/articles/a/'] })
    expect(buildPageChanges(paths, 'R3', 'R4')).toEqual({ changed: ['/', '/tags/x/'], removed: [] })
  })

  it('falls back to comparing bytes when the change files do not reach back (first deploy, pruned files)', () => {
    expect(buildPageChanges(paths, undefined, 'R4')).toBeUndefined()
    expect(buildPageChanges(paths, 'R0', 'R4')).toBeUndefined()
  })

  it('counts an article as changed when what it says changed, not when only its page did', () => {
    const state = (release: string, files: Record<string, string>, documents: Record<string, string>): ReleaseState => ({
      release,
      files,
      pages: Object.fromEntries(Object.keys(documents).map((slug) => [`/articles/${slug}/`, 'k'])),
      documents,
    })
    const before = state('R1', { 'articles/a/index.html': '1', 'articles/b/index.html': '1', 'articles/c/index.html': '1' }, { a: 'a1', b: 'b1', c: 'c1' })
    // b gained a 下一篇 link to d (its bytes changed, its text did not); a was edited; c was taken down.
    const after = state('R2', { 'articles/a/index.html': '2', 'articles/b/index.html': '2', 'articles/d/index.html': '1' }, { a: 'a2', b: 'b1', d: 'd1' })
    const changes = releaseChanges(before, after)
    expect(changes.articles).toEqual({ changed: ['/articles/a/', '/articles/d/'], removed: ['/articles/c/'] })
    expect(changes.pages).toEqual({ changed: ['/articles/a/', '/articles/b/', '/articles/d/'], removed: ['/articles/c/'] })
    expect(changes.files).toEqual({ changed: ['articles/a/index.html', 'articles/b/index.html', 'articles/d/index.html'], removed: ['articles/c/index.html'] })
  })
})
