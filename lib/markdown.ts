import type { Heading, Image, Root } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { remark } from 'remark'
import remarkHtml from 'remark-html'
import { defaultSchema } from 'hast-util-sanitize'
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

// GitHub's allow-list (hast-util-sanitize's default) plus the image attributes we add ourselves.
// Raw HTML in Markdown is dropped entirely; `javascript:` URLs and `on*` attributes never survive.
const schema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    img: [...(defaultSchema.attributes?.img ?? []), 'loading', 'decoding', 'width', 'height'],
  },
}

// Built once per process. Never pass `sanitize: false`: it lets every script through.
const processor = remark().use(demoteTopHeadings).use(describeImages).use(remarkHtml, { sanitize: schema })

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
