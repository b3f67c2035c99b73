// @vitest-environment node
// Real nginx with deploy/site.conf (scripts/tools/nginx.mjs) serving an `out` link while it is switched
// from release to release, as publishing does: a reader sweeping the site must see it whole. Each
// page says which release it belongs to; within one sweep the releases seen may only move forward
// (an old page after a new one is a mixed site), and never to one already deleted.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hasNginx, startNginx } from '../../scripts/tools/nginx.mjs'
import { get, page, PORT_BASE, publish, siteFiles } from './serve-fixtures'

const PORT = PORT_BASE + 3 // this file uses PORT_BASE + 3
const PAGES = 40
let tmp: string

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-releases-'))
})
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** A release numbered `n`: the usual site files and PAGES article pages, each naming the release. */
function release(n: number): Record<string, string> {
  const files: Record<string, string> = { ...(siteFiles(`首页 第${n}版`) as Record<string, string>) }
  for (let i = 0; i < PAGES; i++) files[`articles/a${i}/index.html`] = page(`文章 ${i} 第${n}版`)
  return files
}

/** The release a page belongs to (-1 when the page is none of ours). */
const releaseOf = (text: string) => Number(/第(\d+)版/.exec(text)?.[1] ?? -1)

describe('nginx (deploy/site.conf) while releases are published', () => {
  it('serves every sweep of the site whole: releases only move forward within it, and never one already deleted', async () => {
    expect(hasNginx(), 'nginx is installed (apt-get install nginx; .ci/run does it)').toBe(true)
    const site = path.join(tmp, 'site')
    const folders = [publish(site, 'r0', release(0))]
    const nginx = await startNginx({ site: path.join(site, 'out'), port: PORT })
    try {
      const urls = ['/', ...Array.from({ length: PAGES }, (_, i) => `/articles/a${i}/`)]
      // Every page read once, so nginx's open-file cache holds them all (what a busy site has).
      for (const url of urls) expect(releaseOf((await get(nginx.url + url)).text)).toBe(0)
      const mixed: string[] = []
      const problems: string[] = []
      let deleted = -1 // releases up to this one are gone from disk
      let published = 0
      let sweeps = 0
      // Sweeps run until every publish is done and one more whole sweep saw only the last release.
      let done = false
      const sweeper = (async () => {
        for (;;) {
          const finalSweep = done
          const seen: number[] = []
          for (const url of urls) {
            const reply = await get(nginx.url + url)
            const n = releaseOf(reply.text)
            if (reply.status !== 200 || n < 0) problems.push(`${url}: ${reply.status}`)
            else if (n <= deleted) problems.push(`${url}: release ${n}, deleted before the request`)
            seen.push(n)
          }
          sweeps++
          const backwards = seen.findIndex((n, i) => i > 0 && n < seen[i - 1])
          if (backwards !== -1) mixed.push(`sweep ${sweeps}: ${urls[backwards]} from release ${seen[backwards]} after release ${seen[backwards - 1]} (${[...new Set(seen)].join(', ')})`)
          if (finalSweep) return seen
        }
      })()
      // Publishes as the builder does: a new release, the link switched in one rename, and every
      // release but the live one and the one before it deleted. Each waits for a sweep to pass.
      for (let n = 1; n <= 4; n++) {
        const before = sweeps
        folders.push(publish(site, `r${n}`, release(n)))
        published = n
        if (n >= 2) {
          fs.rmSync(folders[n - 2], { recursive: true })
          deleted = n - 2
        }
        while (sweeps < before + 1) await new Promise((resolve) => setTimeout(resolve, 20))
      }
      done = true
      const last = await sweeper
      expect(mixed).toEqual([])
      expect(problems).toEqual([])
      expect(new Set(last)).toEqual(new Set([published]))
    } finally {
      await nginx.stop()
    }
  }, 120_000)
})
