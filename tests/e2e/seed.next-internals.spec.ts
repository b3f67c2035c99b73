import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { Parser } from 'htmlparser2'
import { NOT_FOUND, outputFile } from '../../lib/site-pages'
import { settingsFromEnv } from '../../lib/settings'
import {
  ASSET_URL,
  BUILD_ID_FILE,
  BOOTSTRAP_SCRIPT_ID,
  inlineScriptKind,
  NEXT_CHECKED_VERSION,
  NEXT_CLI,
  NEXT_INLINE_SCRIPTS,
  NEXT_WRITES,
  STATIC_DIR,
  STATIC_URL,
  TRACE_DIR,
  UNMATCHED_URL,
  waitingBoundary,
} from '../../scripts/publish/next-internals'
import { rendererEnv } from '../../scripts/publish/renderers'
import { stripFramework } from '../../scripts/publish/strip'
import { cacheControl } from '../../scripts/server/headers.mjs'
import { pagesIn } from './crawler'
import { outDir } from './sites.mjs'

// The upgrade test: every fact scripts/publish/next-internals.ts states about Next, checked against
// the installed Next and the compile `npm run build` left in .next/. Pages are asked of Next's own
// server (`next start`), before any strip, so that what is checked is Next's output itself. After
// a Next upgrade this is the test that fails, naming the fact that changed.

const root = path.resolve(import.meta.dirname, '../..')
const UPGRADE = `(checked against Next ${NEXT_CHECKED_VERSION} in scripts/publish/next-internals.ts: re-check it there after an upgrade)`
// In this checkout's range (tests/e2e/sites.mjs), above the sites' own ports.
const port = Number(process.env.E2E_PORT_BASE || 4310) + 90
const origin = `http://127.0.0.1:${port}`

interface Script {
  attributes: Record<string, string>
  body: string
}
interface Page {
  path: string
  status: number
  html: string
  scripts: Script[]
  stylesheets: string[]
  /** Suspense markers still waiting for a swap script: `<!--$?-->`, `<template id="B:0">`, `<div hidden id="S:0">`. */
  suspended: string[]
}

/** What a raw page holds that the pipeline relies on, read with an HTML parser. */
function read(pagePath: string, status: number, html: string): Page {
  const page: Page = { path: pagePath, status, html, scripts: [], stylesheets: [], suspended: [] }
  let script: Script | undefined
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const waiting = waitingBoundary({ name, attributes })
        if (waiting) page.suspended.push(waiting)
        if (name === 'script') script = { attributes, body: '' }
        if (name === 'link' && attributes.rel === 'stylesheet') page.stylesheets.push(attributes.href)
      },
      ontext(text) {
        if (script) script.body += text
      },
      oncomment(data) {
        const waiting = waitingBoundary({ comment: data })
        if (waiting) page.suspended.push(waiting)
      },
      onclosetag(name) {
        if (name === 'script' && script) page.scripts.push(script)
        if (name === 'script') script = undefined
      },
    },
    { decodeEntities: true },
  )
  parser.end(html)
  return page
}

/** What kind of script the strip takes it for: one of Next's (removed) or ours (kept); undefined when it knows none. */
function kindOf({ attributes, body }: Script): string | undefined {
  if (attributes.src !== undefined) return attributes.src.startsWith(ASSET_URL) ? 'asset' : attributes.src.startsWith('/js/') ? 'ours' : undefined
  if (attributes.type === 'application/ld+json') return 'ours'
  if (attributes.id === BOOTSTRAP_SCRIPT_ID) return 'bootstrap'
  return inlineScriptKind(body)
}

test.describe("Next's internals the publishing pipeline relies on", () => {
  // One Next server for the file's tests, in one worker (a failed test restarts the worker and its server).
  test.describe.configure({ mode: 'default' })
  let server: ChildProcess | undefined
  const pages: Page[] = []

  test.beforeAll(async () => {
    test.setTimeout(180_000)
    // What the build's renderers have: the store npm run build wrote for the seed content.
    const env = { ...rendererEnv(settingsFromEnv({ NODE_ENV: 'production', CONTENT_DIR: path.join(root, 'content') })), NODE_ENV: 'production' as const, NEXT_TELEMETRY_DISABLED: '1' }
    server = spawn(process.execPath, [path.join(root, NEXT_CLI), 'start', '--port', String(port), '--hostname', '127.0.0.1'], { cwd: root, env, stdio: 'ignore' })
    await expect
      .poll(
        () =>
          fetch(`${origin}/robots.txt`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 120_000, message: 'next start did not answer: is there a compile in .next/ (npm run build)?' },
      )
      .toBe(200)
    for (const pagePath of [...pagesIn(outDir('seed')), UNMATCHED_URL]) {
      const response = await fetch(origin + pagePath, { headers: { 'accept-encoding': 'identity' } })
      pages.push(read(pagePath, response.status, await response.text()))
    }
  })

  test.afterAll(async () => {
    if (!server || server.exitCode !== null) return
    const exited = new Promise((resolve) => server!.once('exit', resolve))
    server.kill('SIGKILL')
    await exited // its port is free for the next worker's server
  })

  test('the installed Next is the version whose internals were checked', () => {
    const installed = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/next/package.json'), 'utf8')).version
    expect(installed, `Next ${installed} is installed; scripts/publish/next-internals.ts was checked against ${NEXT_CHECKED_VERSION}: check every fact this file tests, then set NEXT_CHECKED_VERSION`).toBe(NEXT_CHECKED_VERSION)
  })

  test("Next's command line and its compile output lie where the build looks for them", () => {
    expect(fs.existsSync(path.join(root, NEXT_CLI)), `NEXT_CLI ${NEXT_CLI} is gone: the build's compile stage runs it ${UPGRADE}`).toBe(true)
    // The compile stage is skipped while BUILD_ID is there: a BUILD_ID no build writes means a compile on every build.
    expect(fs.existsSync(path.join(root, BUILD_ID_FILE)), `BUILD_ID_FILE ${BUILD_ID_FILE} is not written ${UPGRADE}`).toBe(true)
    const compiled = fs.readdirSync(path.join(root, STATIC_DIR), { recursive: true }).map(String)
    expect(compiled.filter((file) => file.endsWith('.css')), `STATIC_DIR ${STATIC_DIR} holds no stylesheet: releases would be unstyled ${UPGRADE}`).not.toEqual([])
  })

  test('no route traces a file of the project: every run-time path in lib/ is hidden from the tracer', () => {
    const traces = fs.readdirSync(path.join(root, TRACE_DIR), { recursive: true }).map(String).filter((file) => file.endsWith('.nft.json'))
    expect(traces.length, `no *.nft.json under TRACE_DIR ${TRACE_DIR} ${UPGRADE}`).toBeGreaterThan(0)
    const traced = new Set<string>()
    for (const trace of traces) {
      const from = path.dirname(path.join(root, TRACE_DIR, trace))
      for (const file of JSON.parse(fs.readFileSync(path.join(root, TRACE_DIR, trace), 'utf8')).files as string[]) {
        const relative = path.relative(root, path.resolve(from, file))
        if (!/^(node_modules|\.next)[\\/]/.test(relative)) traced.add(`${trace}: ${relative}`)
      }
    }
    expect([...traced].slice(0, 10), `routes trace project files: an fs or path call on a run-time path lacks its turbopackIgnore comment (see scripts/publish/next-internals.ts) ${UPGRADE}`).toEqual([])
  })

  test('every page Next renders carries only scripts the strip knows, and exactly the inline kinds it was checked with', () => {
    expect(pages.length).toBeGreaterThan(10)
    const unknown: string[] = []
    const seen = new Set<string>()
    for (const page of pages) {
      for (const script of page.scripts) {
        const kind = kindOf(script)
        if (kind === undefined) unknown.push(`${page.path}: <script ${JSON.stringify(script.attributes)}> ${script.body.slice(0, 120)}`)
        else seen.add(kind)
      }
    }
    expect(unknown, `scripts of no shape in NEXT_INLINE_SCRIPTS: the build would stop on them ${UPGRADE}`).toEqual([])
    const inline = [...seen].filter((kind) => kind in NEXT_INLINE_SCRIPTS).sort()
    expect(inline, `the inline scripts Next writes on our pages changed (NEXT_WRITES) ${UPGRADE}`).toEqual([...NEXT_WRITES].sort())
    expect(seen.has('bootstrap'), `no script with id "${BOOTSTRAP_SCRIPT_ID}" (BOOTSTRAP_SCRIPT_ID) ${UPGRADE}`).toBe(true)
  })

  test('no Suspense boundary is left waiting for a swap script, so no content stays hidden after the strip', () => {
    const waiting = pages.filter((page) => page.suspended.length > 0).map((page) => `${page.path}: ${page.suspended.slice(0, 3).join(' ')}`)
    expect(waiting, `Next streamed these pages; the strip removes the $RC/$RS scripts that would show their content ${UPGRADE}`).toEqual([])
    const leftovers: string[] = []
    for (const page of pages) {
      const stripped = read(page.path, page.status, stripFramework(page.html))
      const scripts = stripped.scripts.filter((script) => kindOf(script) !== 'ours').map((script) => `${page.path}: ${JSON.stringify(script.attributes)}`)
      leftovers.push(...scripts)
    }
    expect(leftovers, `scripts of Next's left after the strip ${UPGRADE}`).toEqual([])
  })

  test(`stylesheets are loaded from ${STATIC_URL}, compiled into ${STATIC_DIR} and published with the release`, () => {
    const links = new Set(pages.flatMap((page) => page.stylesheets))
    expect(links.size).toBeGreaterThan(0)
    for (const href of links) {
      expect(href.startsWith(STATIC_URL), `stylesheet ${href} is not under STATIC_URL ${UPGRADE}`).toBe(true)
      const file = href.slice(STATIC_URL.length).split('?')[0]
      expect(fs.existsSync(path.join(root, STATIC_DIR, file)), `${href} is not in STATIC_DIR ${STATIC_DIR} ${UPGRADE}`).toBe(true)
      expect(fs.existsSync(path.join(outDir('seed'), outputFile(href))), `${href} is not in out/: the assets stage copies STATIC_DIR to STATIC_URL`).toBe(true)
      // Hashed names, so the server (and nginx, and the object store) may let browsers keep them for a year.
      expect(cacheControl(href), `scripts/server/headers.mjs does not cache STATIC_URL ${STATIC_URL} for good`).toContain('immutable')
    }
  })

  test('an address no route matches is answered 404 with the not-found page, which the build writes as 404.html', () => {
    const page = pages.find((p) => p.path === UNMATCHED_URL)!
    expect(page.status, `UNMATCHED_URL ${UNMATCHED_URL} answered ${page.status}, not 404 ${UPGRADE}`).toBe(404)
    expect(page.html).toContain('页面不存在')
    expect(fs.readFileSync(path.join(outDir('seed'), outputFile(NOT_FOUND.path)), 'utf8')).toContain('页面不存在')
  })
})
