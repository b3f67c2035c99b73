import type { Element, ElementContent, Root as HastRoot } from 'hast'
import { raw } from 'hast-util-raw'
import type { Schema } from 'hast-util-sanitize'
import type { Heading, Html, Image, Root } from 'mdast'
import { defaultHandlers, type Handlers, type State } from 'mdast-util-to-hast'
import { toString } from 'mdast-util-to-string'
import { remark } from 'remark'
import remarkHtml from 'remark-html'
import { SKIP, visit } from 'unist-util-visit'
import { VFile } from 'vfile'

/** Intrinsic size of a local image, so the page does not jump while it loads. */
export interface ImageSize {
  width: number
  height: number
  /** A photo of the content folder: the files the site publishes of it (lib/content/images.ts). */
  photo?: PhotoSources
}

/** The published files of a photo, as the markup needs them. */
export interface PhotoSources {
  /** WebP files, narrowest first. */
  webp: { url: string; width: number }[]
  /** The JPEG every browser reads. */
  fallback: { url: string; width: number; height: number }
}

/** An image the body references, with the line it is on, for the content check. */
export interface ImageReference {
  url: string
  alt: string
  line?: number
}

export interface RenderOptions {
  /** Looks up a local image's size; undefined when the file does not exist. */
  imageSize?: (url: string) => ImageSize | undefined
}

export interface RenderedMarkdown {
  /** Sanitized HTML of the body. */
  html: string
  /** The body as plain text, whitespace collapsed: for search. */
  text: string
  /**
   * The body's paragraphs alone as plain text (no subheadings, photo captions, lists, quotes or
   * tables): what an automatic summary is taken from.
   */
  lead: string
  images: ImageReference[]
  /** Set when the body nests deeper than MAX_NESTING (then html and text are empty): where, and how deep. */
  tooDeep?: { line?: number; depth: number }
  /** Set when the body would take the parser too long (then html and text are empty): why, and where. */
  tooSlow?: { kind: 'size'; characters: number } | { kind: 'marks'; line: number; marks: number }
}

/**
 * A body longer than this is refused: the parser takes about 10 µs a character (50 on a busy
 * machine), and a check must not take more than a few seconds for any file. 100,000 characters
 * are fifty news articles of the usual length.
 */
export const MAX_BODY = 100_000

/**
 * At most this many of * _ [ ] ` in one paragraph. The parser's emphasis and link matching is
 * quadratic in them: `*_` 8,000 times (16 KB) took 27 s, `[a](` 8,000 times 15 s. Prose has a few.
 */
export const MAX_MARKS = 2_000

/** The first paragraph (lines between blank lines, outside code fences) with more than MAX_MARKS marks. */
function busiestParagraph(markdown: string): { line: number; marks: number } | undefined {
  const lines = markdown.split('\n')
  let fence: string | undefined
  let start = 0
  let marks = 0
  for (let i = 0; i <= lines.length; i++) {
    const line = lines[i] ?? ''
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = undefined
      continue
    }
    if (opener) {
      fence = opener
      continue
    }
    if (line.trim() === '' || i === lines.length) {
      marks = 0
      start = i + 1
      continue
    }
    for (const c of line) if (c === '*' || c === '_' || c === '[' || c === ']' || c === '`') marks++
    if (marks > MAX_MARKS) return { line: start + 1, marks }
  }
  return undefined
}

/**
 * How deeply lists, quotes and HTML elements may nest in an article body. A news article needs a
 * handful of levels; hostile files with hundreds overflow the stack of the Markdown and HTML tree
 * walkers, and lists nested by indentation make the parser quadratic (400 levels took 5 s).
 */
export const MAX_NESTING = 32

/** Raised inside the pipeline when a tree is too deep to walk safely; turned into `tooDeep`. */
class TooDeep extends Error {
  constructor(readonly depth: number, readonly line?: number) {
    super(`nesting ${depth} deep`)
  }
}

interface Positioned {
  children?: Positioned[]
  position?: { start?: { line?: number } }
}

/**
 * Throws TooDeep when a tree nests deeper than MAX_NESTING, with the line of the deepest node that
 * has one (elements parsed from raw HTML have none of their own). Walks without recursion, so it
 * cannot overflow itself.
 */
function assertShallow(tree: Positioned) {
  const stack: [Positioned, number, number | undefined][] = [[tree, 0, undefined]]
  while (stack.length > 0) {
    const [node, depth, parentLine] = stack.pop()!
    const line = node.position?.start?.line ?? parentLine
    if (depth > MAX_NESTING) throw new TooDeep(depth, line)
    for (const child of node.children ?? []) stack.push([child, depth + 1, line])
  }
}

// A line's container prefix: indentation, then `>` quotes and list markers (`-`, `*`, `+`, `1.`, `1)`).
const CONTAINER = /^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+/

/**
 * Looks at each line's start, before parsing: the parser's time grows with the square of the depth,
 * so a deep line must be refused before the parser sees it. Each nested list level needs at least
 * two columns of indentation, so indentation counts as half a level per column.
 */
function deepestLine(markdown: string): { line: number; depth: number } | undefined {
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const prefix = CONTAINER.exec(lines[i])?.[0]
    if (!prefix) continue
    const markers = prefix.replace(/\d{1,9}[.)]/g, '-').replace(/[ \t]/g, '').length
    const indent = /^[ \t]*/.exec(lines[i])![0].replace(/\t/g, '    ').length
    const depth = markers + Math.floor(indent / 2)
    if (depth > MAX_NESTING) return { line: i + 1, depth }
  }
  return undefined
}

/** The article title is the page's only `h1`, so a `#` heading in the body becomes `h2`. */
function demoteTopHeadings() {
  return (tree: Root) => {
    visit(tree, 'heading', (node: Heading) => {
      if (node.depth === 1) node.depth = 2
    })
  }
}

/**
 * How wide an article photo shows, for the browser to pick a file before it knows the layout: the
 * article column (`.article`, 820 px) inside the page's 16 px margins (globals.css).
 */
export const ARTICLE_PHOTO_SIZES = '(max-width: 852px) calc(100vw - 32px), 820px'

/**
 * Images get their intrinsic size and are collected for the content check. The first loads at
 * once, with high priority (the reader sees it first: it is often the largest thing in view); the
 * rest lazily. A photo of the content folder shows its published files: src the JPEG fallback,
 * and WebP sizes in a <source> (pictures(), after the HTML is parsed).
 */
function describeImages() {
  return (tree: Root, file: VFile) => {
    const { imageSize, images, photos } = file.data as { imageSize?: RenderOptions['imageSize']; images: ImageReference[]; photos: Map<string, PhotoSources> }
    visit(tree, 'image', (node: Image) => {
      const first = images.length === 0
      images.push({ url: node.url, alt: node.alt ?? '', line: node.position?.start.line })
      const size = imageSize?.(node.url)
      const photo = size?.photo
      if (photo) {
        node.url = photo.fallback.url
        photos.set(node.url, photo)
      }
      const shown = photo ? photo.fallback : size
      node.data = {
        ...node.data,
        hProperties: {
          loading: first ? 'eager' : 'lazy',
          ...(first && { fetchPriority: 'high' }),
          decoding: 'async',
          ...(shown && { width: shown.width, height: shown.height }),
          // Tells localPhotos this one is done; dropped by the sanitizer like any data- attribute.
          dataMarkdown: 'true',
        },
      }
    })
  }
}

const isLocal = (url: unknown): url is string => typeof url === 'string' && url.startsWith('/') && !url.startsWith('//')
const textOf = (node: ElementContent): string =>
  node.type === 'text' ? node.value : node.type === 'element' ? node.children.map(textOf).join('') : ''

/**
 * Raw HTML `<img src="/images/x.jpg">` and links to a photo (`[原图](/images/x.jpg)`, `<a href>`)
 * point at the original, which is never published: each is pointed at a published file instead
 * (an <img> at the JPEG, wrapped in a <picture> with the WebP files like a Markdown photo; a link at
 * the widest WebP), on the parsed tree. Each is also collected for the content check, which names a
 * missing one with its line, and re-reads the article when the photo changes.
 */
function localPhotos(tree: HastRoot, file: VFile | undefined) {
  const data = file?.data as { imageSize?: RenderOptions['imageSize']; images: ImageReference[]; photos: Map<string, PhotoSources> } | undefined
  if (!data) return
  const { imageSize, images, photos } = data
  const markdownImages = images.length
  visit(tree, 'element', (node: Element) => {
    const line = node.position?.start.line
    if (node.tagName === 'img' && node.properties.dataMarkdown) return
    // Only the photo folder's addresses: what an editor's raw HTML does with other paths stays as it was.
    if (node.tagName === 'img' && isLocal(node.properties.src) && node.properties.src.startsWith('/images/')) {
      const url = node.properties.src
      images.push({ url, alt: typeof node.properties.alt === 'string' ? node.properties.alt : '', line })
      const size = imageSize?.(url)
      const shown = size?.photo ? size.photo.fallback : size
      if (size?.photo) {
        node.properties.src = size.photo.fallback.url
        photos.set(size.photo.fallback.url, size.photo)
      }
      const first = markdownImages === 0 && images.length === 1
      Object.assign(node.properties, {
        loading: first ? 'eager' : 'lazy',
        decoding: 'async',
        ...(first && { fetchPriority: 'high' }),
        ...(shown && { width: shown.width, height: shown.height }),
      })
    } else if (node.tagName === 'a' && isLocal(node.properties.href) && node.properties.href.startsWith('/images/')) {
      const url = node.properties.href
      images.push({ url, alt: node.children.map(textOf).join('').trim() || url, line })
      const photo = imageSize?.(url)?.photo
      if (photo) node.properties.href = photo.webp[photo.webp.length - 1].url
    }
  })
}

/** Wraps each content photo's <img> in a <picture> whose <source> offers its WebP files. */
function pictures(tree: HastRoot, photos: Map<string, PhotoSources> | undefined) {
  if (!photos || photos.size === 0) return
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName === 'picture') return SKIP
    if (node.tagName !== 'img' || !parent || index === undefined) return
    const photo = typeof node.properties.src === 'string' ? photos.get(node.properties.src) : undefined
    if (!photo) return
    parent.children[index] = {
      type: 'element',
      tagName: 'picture',
      properties: {},
      children: [
        { type: 'element', tagName: 'source', properties: { type: 'image/webp', srcSet: photo.webp.map((v) => `${v.url} ${v.width}w`).join(', '), sizes: ARTICLE_PHOTO_SIZES }, children: [] },
        node,
      ],
    }
    return SKIP
  })
}

const isBlank = (node: ElementContent) => node.type === 'text' && node.value.trim() === ''

/**
 * A photo alone in its paragraph becomes a figure with its caption (图片说明) below it: the title
 * when the editor wrote one (`![alt](/images/x.jpg "说明")`), else the alt text. Inline images and
 * images an editor already put in a raw `<figure>` are left as they are.
 */
function captionPhotos(tree: HastRoot) {
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'figure') return SKIP
    if (node.tagName !== 'p') return
    const content = node.children.filter((child) => !isBlank(child))
    const image = content[0]
    if (content.length !== 1 || image.type !== 'element' || image.tagName !== 'img') return
    const { alt, title } = image.properties
    const caption = (typeof title === 'string' && title.trim()) || (typeof alt === 'string' && alt.trim())
    if (!caption) return
    // The caption shows the title, so a hover tooltip (and a screen reader's description) would repeat it.
    delete image.properties.title
    // When the caption is the alt text, a screen reader would read it twice: as the image's name,
    // then as the caption's text. The image keeps its alt, its text alternative; the caption is for
    // the eye only. (Chromium still names the figure after it. `role="none"` on the figure would
    // stop that, but HTML forbids a role on a figure that has a figcaption: the W3C validator
    // rejects it.)
    const hidden = caption === (typeof alt === 'string' ? alt.trim() : '')
    const figcaption: Element = {
      type: 'element',
      tagName: 'figcaption',
      properties: hidden ? { ariaHidden: 'true' } : {},
      children: [{ type: 'text', value: caption }],
    }
    node.tagName = 'figure'
    node.children = [image, figcaption]
    return SKIP
  })
}

// Raw HTML in Markdown is parsed, then filtered by the allow-list below like everything else.
// It is parsed in place, with the Markdown around it, because inline HTML reaches us in pieces:
// `H<sub>2</sub>O` is the text `H`, the html `<sub>`, the text `2` and the html `</sub>`.
// Raw HTML can nest far deeper than its Markdown looks (`<b>` 1,500 times is one short line), so
// the parsed HTML tree is measured before anything walks it recursively.
const handlers = {
  html: (_: State, node: Html) => ({ type: 'raw', value: node.value, position: node.position }),
  root: (state: State, node: Root) => {
    // With the file, elements parsed from raw HTML keep their lines, for the too-deep message.
    const tree = raw(defaultHandlers.root(state, node), { file: rendering })
    assertShallow(tree as Positioned)
    localPhotos(tree as HastRoot, rendering)
    captionPhotos(tree as HastRoot)
    pictures(tree as HastRoot, (rendering?.data as { photos?: Map<string, PhotoSources> } | undefined)?.photos)
    return tree
  },
} as Handlers // (the Handler type does not admit a root handler's result, a root)

/** A photo's srcset: files of the site's own /images/, each with its width. */
const PHOTO_SRCSET = /^\/images\/[\w\-./%!'()*~]+ \d+w(?:, \/images\/[\w\-./%!'()*~]+ \d+w)*$/

// Everything an article body may contain (docs/raw-html.md). Elements not listed are unwrapped, so
// their text stays; `strip` ones go with their content; any attribute not listed is dropped (so
// no on* handler, style, class or id); links and images keep only the protocols listed.
const schema: Schema = {
  tagNames: [
    // What Markdown produces (a body `#` is demoted to h2: the page's h1 is the title).
    ...['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'code'],
    ...['em', 'strong', 'a', 'img', 'br', 'hr', 'picture', 'source'],
    // Raw HTML editors may add: tables, figures with captions, and a few inline marks.
    ...['table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'figure', 'figcaption'],
    ...['sub', 'sup', 'u', 'ins', 'del', 's', 'mark', 'small', 'b', 'i', 'abbr'],
  ],
  attributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'loading', 'decoding', 'width', 'height', ['fetchPriority', 'high']],
    // A photo's WebP files (pictures()): only the site's own /images/ files, whatever raw HTML says.
    source: [['type', 'image/webp'], ['srcSet', PHOTO_SRCSET], ['sizes', ARTICLE_PHOTO_SIZES]],
    ol: ['start'],
    code: [['className', /^language-[\w-]+$/]],
    th: ['colSpan', 'rowSpan', 'scope'],
    td: ['colSpan', 'rowSpan'],
    abbr: ['title'],
    // captionPhotos hides a caption that repeats the image's alt text from screen readers.
    figcaption: [['ariaHidden', 'true']],
  },
  // Compared before the first colon, case-sensitively: `JavaScript:`, `java\tscript:` and
  // `javascript&#58;` (decoded by then) are not on the list, so the attribute goes.
  protocols: { href: ['http', 'https', 'mailto', 'tel'], src: ['http', 'https'] },
  ancestors: {
    ...Object.fromEntries(['caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'].map((tag) => [tag, ['table']])),
    li: ['ol', 'ul'],
    figcaption: ['figure'],
    source: ['picture'],
  },
  // Removed with their content: scripts, and elements whose content is code, markup-as-text or
  // another namespace (svg, math), where mXSS tricks live; shown as text it would be junk anyway.
  strip: [
    ...['script', 'style', 'template', 'noscript', 'textarea', 'title', 'xmp', 'plaintext'],
    ...['iframe', 'noembed', 'noframes', 'object', 'select', 'svg', 'math'],
  ],
  clobber: [],
}

// Built once per process. Never pass `sanitize: false`: it lets every script through.
const processor = remark()
  .use(demoteTopHeadings)
  .use(describeImages)
  .use(remarkHtml, { handlers, sanitize: schema })

/**
 * Renders an article body to sanitized HTML and plain text. Never throws on any input, and takes at
 * most about a second: a body that nests deeper than MAX_NESTING comes back empty with `tooDeep`
 * saying where; one too long or too full of marks to parse quickly, empty with `tooSlow`.
 */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): RenderedMarkdown {
  // Each scan is linear; the nesting one first, as its message points at a line.
  const deep = deepestLine(markdown)
  if (deep) return { html: '', text: '', lead: '', images: [], tooDeep: deep }
  if (markdown.length > MAX_BODY) return { html: '', text: '', lead: '', images: [], tooSlow: { kind: 'size', characters: markdown.length } }
  const busy = busiestParagraph(markdown)
  if (busy) return { html: '', text: '', lead: '', images: [], tooSlow: { kind: 'marks', ...busy } }
  try {
    return render(markdown, options)
  } catch (error) {
    if (error instanceof TooDeep) return { html: '', text: '', lead: '', images: [], tooDeep: { line: error.line, depth: error.depth } }
    // A stack overflow in some walker this file does not measure: still a nesting problem, not a crash.
    if (error instanceof RangeError) return { html: '', text: '', lead: '', images: [], tooDeep: { depth: MAX_NESTING + 1 } }
    throw error
  }
}

// The file being rendered, for the root handler (remark-html does not hand it over). Rendering is
// synchronous, so one module-level slot is enough.
let rendering: VFile | undefined

function render(markdown: string, options: RenderOptions): RenderedMarkdown {
  const file = new VFile({ value: markdown, data: { imageSize: options.imageSize, images: [], photos: new Map() } })
  const parsed = processor.parse(file)
  assertShallow(parsed as Positioned)
  const tree = processor.runSync(parsed, file) as Root
  // Blocks are joined with a space so a heading does not run into the paragraph after it.
  const text = tree.children
    .map((node) => toString(node, { includeHtml: false }))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
  // A paragraph that is only a photo becomes a captioned figure: its alt text is no part of the text.
  const lead = tree.children
    .filter((node) => node.type === 'paragraph')
    .map((node) => toString(node, { includeHtml: false, includeImageAlt: false }))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
  rendering = file
  let html: string
  try {
    html = String(processor.stringify(tree, file)).trim()
  } finally {
    rendering = undefined
  }
  return { html, text, lead, images: (file.data as { images: ImageReference[] }).images }
}
