import { Parser } from 'htmlparser2'
import { ASSET_URL, BOOTSTRAP_SCRIPT_ID, HYDRATION_COMMENT, inlineScriptKind, waitingBoundary } from './next-internals'

// App Router has no switch to ship a page without its runtime: every page carries ~135 KB gzip of
// framework JavaScript plus an inline copy of its data (the article text twice). Our pages are
// server components with plain <a> links, so none of it is needed. This removes it with an HTML
// tokenizer (htmlparser2) and cuts the page only at the start and end of the tokens it removes,
// copying everything else byte for byte: a `<script` or `</body>` inside an attribute or text is
// text to the tokenizer, so it can never cut a page short. (parse5's rewriting stream did the same
// at ~2× the time per page.)
//
// React's empty hydration comments go too. Every <script> must be one we know: Next's (src under /_next/, or inline bootstrap and flight
// data), ours (src under /js/) or JSON-LD. Anything else means Next's output changed shape, and
// the build stops rather than guess. So does a Suspense boundary still waiting for the swap script
// the strip removes: its content would stay hidden. What Next's output looks like is kept in one
// place, ./next-internals.ts.

/** Thrown when a page holds a script the strip does not recognise. */
export class UnknownScriptError extends Error {
  constructor(readonly snippet: string) {
    super(`unrecognised <script> in Next's output: ${snippet.slice(0, 160)}`)
    this.name = 'UnknownScriptError'
  }
}

/** Thrown when a Suspense boundary would stay hidden: Next streamed it, and its swap script is stripped. */
export class HiddenBoundaryError extends Error {
  constructor(readonly snippet: string) {
    super(`a Suspense boundary in Next's output waits for a swap script the strip removes, so its content would stay hidden: ${snippet}`)
    this.name = 'HiddenBoundaryError'
  }
}

type Attributes = Record<string, string>

/** Whether a script is Next's (removed) or ours (kept); throws UnknownScriptError for anything else. */
function isNextScript(attributes: Attributes, body: string): boolean {
  const src = attributes.src
  if (src !== undefined) {
    if (src.startsWith(ASSET_URL)) return true
    if (src.startsWith('/js/')) return false
  } else if (attributes.type === 'application/ld+json') {
    return false
  } else if (attributes.id === BOOTSTRAP_SCRIPT_ID || inlineScriptKind(body)) {
    return true
  }
  throw new UnknownScriptError(`<script ${JSON.stringify(attributes)}> ${body}`)
}

/** Preloads of Next's scripts: `<link rel="preload" as="script">` and module preloads. */
const isScriptPreload = (name: string, attributes: Attributes) =>
  name === 'link' && ((attributes.rel === 'preload' && attributes.as === 'script') || attributes.rel === 'modulepreload')

/** Removes Next's runtime from one page, keeping our own scripts and JSON-LD; throws UnknownScriptError or HiddenBoundaryError. */
export function stripFramework(html: string): string {
  const cuts: [number, number][] = []
  let script: { start: number; attributes: Attributes; body: string } | undefined
  let failure: Error | undefined
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const waiting = waitingBoundary({ name, attributes })
        if (waiting) failure ??= new HiddenBoundaryError(waiting)
        if (name === 'script') script = { start: parser.startIndex, attributes, body: '' }
        else if (isScriptPreload(name, attributes)) cuts.push([parser.startIndex, parser.endIndex + 1])
      },
      ontext(text) {
        if (script) script.body += text
      },
      // React's markers for hydration: `<!-- -->` between adjacent text nodes and `<!--$-->`
      // `<!--/$-->` around Suspense boundaries. Nothing hydrates a stripped page, so they are bytes
      // for nothing (the seed article page carries a dozen). Editors' comments never reach the HTML
      // (remark-html drops raw HTML), and any other comment is kept.
      oncomment(data) {
        if (HYDRATION_COMMENT.test(data)) cuts.push([parser.startIndex, parser.endIndex + 1])
        else if (waitingBoundary({ comment: data })) failure ??= new HiddenBoundaryError(`<!--${data}-->`)
      },
      onclosetag(name) {
        if (name !== 'script' || !script) return
        try {
          if (isNextScript(script.attributes, script.body)) cuts.push([script.start, parser.endIndex + 1])
        } catch (error) {
          failure ??= error as Error
        }
        script = undefined
      },
    },
    { decodeEntities: true },
  )
  parser.end(html)
  if (failure) throw failure
  let out = ''
  let at = 0
  for (const [start, end] of cuts) {
    out += html.slice(at, start)
    at = end
  }
  return out + html.slice(at)
}
