import { raw } from 'hast-util-raw'
import type { Schema } from 'hast-util-sanitize'
import type { Heading, Html, Image, Root } from 'mdast'
import { defaultHandlers, type Handlers, type State } from 'mdast-util-to-hast'
import { toString } from 'mdast-util-to-string'
import { remark } from 'remark'
import remarkHtml from 'remark-html'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'

/** Intrinsic size of a local image, so the page does not jump while it loads. */
export interface ImageSize {
  width: number
  height: number
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
  /** The body as plain text, whitespace collapsed: for descriptions and search. */
  text: string
  images: ImageReference[]
}

/** The article title is the page's only `h1`, so a `#` heading in the body becomes `h2`. */
function demoteTopHeadings() {
  return (tree: Root) => {
    visit(tree, 'heading', (node: Heading) => {
      if (node.depth === 1) node.depth = 2
    })
  }
}

/** Images load lazily with their intrinsic size, and are collected for the content check. */
function describeImages() {
  return (tree: Root, file: VFile) => {
    const { imageSize, images } = file.data as { imageSize?: RenderOptions['imageSize']; images: ImageReference[] }
    visit(tree, 'image', (node: Image) => {
      images.push({ url: node.url, alt: node.alt ?? '', line: node.position?.start.line })
      const size = imageSize?.(node.url)
      node.data = {
        ...node.data,
        hProperties: { loading: 'lazy', decoding: 'async', ...(size && { width: size.width, height: size.height }) },
      }
    })
  }
}

// Raw HTML in Markdown is parsed, then filtered by the allow-list below like everything else.
// It is parsed in place, with the Markdown around it, because inline HTML reaches us in pieces:
// `H<sub>2</sub>O` is the text `H`, the html `<sub>`, the text `2` and the html `</sub>`.
const handlers = {
  html: (_: State, node: Html) => ({ type: 'raw', value: node.value }),
  root: (state: State, node: Root) => raw(defaultHandlers.root(state, node)),
} as Handlers // (the Handler type does not admit a root handler's result, a root)

// Everything an article body may contain (docs/raw-html.md). Elements not listed are unwrapped, so
// their text stays; `strip` ones go with their content; any attribute not listed is dropped (so
// no on* handler, style, class or id); links and images keep only the protocols listed.
const schema: Schema = {
  tagNames: [
    // What Markdown produces (a body `#` is demoted to h2: the page's h1 is the title).
    ...['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'code'],
    ...['em', 'strong', 'a', 'img', 'br', 'hr'],
    // Raw HTML editors may add: tables, figures with captions, and a few inline marks.
    ...['table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'figure', 'figcaption'],
    ...['sub', 'sup', 'u', 'ins', 'del', 's', 'mark', 'small', 'b', 'i', 'abbr'],
  ],
  attributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'loading', 'decoding', 'width', 'height'],
    ol: ['start'],
    code: [['className', /^language-[\w-]+$/]],
    th: ['colSpan', 'rowSpan', 'scope'],
    td: ['colSpan', 'rowSpan'],
    abbr: ['title'],
  },
  // Compared before the first colon, case-sensitively: `JavaScript:`, `java\tscript:` and
  // `javascript&#58;` (decoded by then) are not on the list, so the attribute goes.
  protocols: { href: ['http', 'https', 'mailto', 'tel'], src: ['http', 'https'] },
  ancestors: {
    ...Object.fromEntries(['caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'].map((tag) => [tag, ['table']])),
    li: ['ol', 'ul'],
    figcaption: ['figure'],
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

/** Renders an article body to sanitized HTML and plain text. Never throws on any input. */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): RenderedMarkdown {
  const file = new VFile({ value: markdown, data: { imageSize: options.imageSize, images: [] } })
  const tree = processor.runSync(processor.parse(file), file) as Root
  // Blocks are joined with a space so a heading does not run into the paragraph after it.
  const text = tree.children
    .map((node) => toString(node, { includeHtml: false }))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
  const html = String(processor.stringify(tree, file)).trim()
  return { html, text, images: (file.data as { images: ImageReference[] }).images }
}
