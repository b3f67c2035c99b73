// What the publishing pipeline knows of Next beyond its public API (`next build`, `next()` and its
// request handler): where `next build` leaves its output, where its command line lives, the URLs of
// its assets, how it answers an address no route matches, and the shape of every inline script it
// writes into a page, which the strip removes. None of this is promised by Next; all of it was
// checked against NEXT_CHECKED_VERSION. tests/e2e/seed.next-internals.spec.ts checks each fact
// against the installed Next and names the one that no longer holds: after an upgrade, run it,
// re-check what it names, and set NEXT_CHECKED_VERSION.

/** The Next version every fact below was checked against (package.json pins it). */
export const NEXT_CHECKED_VERSION = '16.4.6'

/** Next's command line inside its package, run with this Node (no `.bin` link or npx needed). */
export const NEXT_CLI = 'node_modules/next/dist/bin/next'

/** Where `next build` writes the compiled app (the default `distDir`). */
export const DIST_DIR = '.next'

/** Written by `next build` once the compile is complete: no BUILD_ID, no usable compile. */
export const BUILD_ID_FILE = `${DIST_DIR}/BUILD_ID`

// Why lib/ has `turbopackIgnore: true` comments inside its fs and path calls (in lib/settings.ts
// and lib/content/ today): `next build` lists the files each route needs at run time (for
// standalone deployments, which we do not make) by following every fs and path call of the server
// code. It cannot know a path computed at run time (the content folder from CONTENT_DIR, the store,
// the photo cache), so it traces the whole project for it; with the dangling link among the test
// fixtures (tests/fixtures/invalid/) it then panics: "Path tests/fixtures/invalid/articles/
// dangling-link.md could not be resolved" (checked on 16.4.6 with all of them removed). Next has no
// setting that turns this tracing off (`outputFileTracingExcludes: { '*': ['**/*'] }` panics the
// same), so every fs or path call in server code on such a path carries the comment, and the
// upgrade test checks that no trace lists a file of the project.

/** Where those lists are written: `<route>.js.nft.json`. */
export const TRACE_DIR = `${DIST_DIR}/server`

/** The compiled stylesheets, media and JavaScript chunks, with hashed names. */
export const STATIC_DIR = `${DIST_DIR}/static`

/** The URL pages load STATIC_DIR's files from; a release keeps them at the same path. */
export const STATIC_URL = '/_next/static/'

/** Every URL of Next's own files (scripts, chunks) starts with this. */
export const ASSET_URL = '/_next/'

/**
 * An address no route matches. Next answers it with app/not-found.tsx and status 404, the page the
 * build writes as 404.html (lib/site-pages.ts NOT_FOUND).
 */
export const UNMATCHED_URL = '/--not-found--/'

/** The `id` of the inline script that boots the client router. */
export const BOOTSTRAP_SCRIPT_ID = '_R_'

/**
 * The inline scripts the strip removes, by kind: a script of no kind (and not the bootstrap) stops
 * the build (scripts/publish/strip.ts). NEXT_WRITES says which kinds our pages carry.
 */
export const NEXT_INLINE_SCRIPTS = {
  /** The flight data (the page's React tree again, for hydration): `(self.__next_f=self.__next_f||[]).push(…)`, `self.__next_f.push(…)`. */
  flight: /^\s*\(?self\.__next_f/,
  /** Next's `next/script` beforeInteractive queue. */
  scriptQueue: /^\s*\(?\(?self\.__next_s/,
  /**
   * React's Suspense boundary swaps of a streamed page, as React 18 wrote them: `$RC` (complete),
   * `$RS` (segment), `$RX` (client render). React 19.3 writes `$RB=[];$RV=…` and
   * `requestAnimationFrame(function(){$RT=…})` instead, which match nothing here: a page that has
   * them has a boundary left waiting, which the strip refuses first (waitingBoundary).
   */
  suspenseSwap: /^\s*\(?\$R[CSXT]\b/,
  /** Turbopack's chunk loader list. */
  turbopackChunks: /^\s*\(?(?:"?TURBOPACK|globalThis\.TURBOPACK)/,
  /** Next's client globals (`self.__NEXT_…`). */
  nextGlobals: /^\s*\(?self\.__NEXT/,
  /** The script that moves icon links out of <body> (metadata streamed late). */
  iconMover: /^\s*\(?document\.querySelectorAll\('body link\[rel="icon"\]/,
} as const satisfies Record<string, RegExp>

/**
 * The kinds of NEXT_INLINE_SCRIPTS that NEXT_CHECKED_VERSION writes on our pages (besides the
 * bootstrap): the upgrade test fails when the kinds it finds differ. The others came with the strip
 * from earlier versions and pages unlike ours (next/script, metadata streamed late, React 18's
 * swaps); they are still removed should they appear.
 */
export const NEXT_WRITES: readonly (keyof typeof NEXT_INLINE_SCRIPTS)[] = ['flight']

/** Which of NEXT_INLINE_SCRIPTS an inline script's text is, if any. */
export const inlineScriptKind = (body: string) =>
  (Object.keys(NEXT_INLINE_SCRIPTS) as (keyof typeof NEXT_INLINE_SCRIPTS)[]).find((kind) => NEXT_INLINE_SCRIPTS[kind].test(body))

/**
 * React's comments around Suspense boundaries and between text nodes that nothing needs once the
 * page no longer hydrates: `<!-- -->`, `<!--$-->` (a completed boundary) and `<!--/$-->`.
 */
export const HYDRATION_COMMENT = /^(\s*|\/?\$)$/

/**
 * What a Suspense boundary left waiting for its swap script looks like: a pending or client-rendered
 * boundary comment (`<!--$?-->`, `<!--$!-->`), its placeholder `<template id="B:0">` or `"P:0"`,
 * and its content parked in `<div hidden id="S:0">`. On a stripped page the swap never runs: the
 * fallback stays and the content stays hidden, so the strip refuses the page. Our pages have no
 * Suspense boundary (no loading.tsx, no <Suspense>: pages await their data before they render).
 * One added would stream even with `htmlLimitedBots` (checked: a child awaiting 200 ms came as
 * `<!--$?--><template id="B:0">`, `<div hidden id="S:0">` and a `$RB=[];$RV=…` script).
 */
const SUSPENDED = { comment: /^\$[?!]$/, placeholderId: /^[BP]:/, parkedId: /^S:/ }

/** The tag or comment as written, if it marks a Suspense boundary waiting for its swap script. */
export function waitingBoundary(token: { comment: string } | { name: string; attributes: Record<string, string> }): string | undefined {
  if ('comment' in token) return SUSPENDED.comment.test(token.comment) ? `<!--${token.comment}-->` : undefined
  const id = token.attributes.id ?? ''
  const waiting = (token.name === 'template' && SUSPENDED.placeholderId.test(id)) || ('hidden' in token.attributes && SUSPENDED.parkedId.test(id))
  return waiting ? `<${token.name} id="${id}">` : undefined
}
