import { type ContentProblem, formatProblem } from '../../lib/content'

/** Prints problems one block per file, in the order the files were read; inside a block, top to bottom. */
export function printProblems(list: ContentProblem[], prefix = '') {
  const blocks = new Map<string, ContentProblem[]>()
  for (const p of list) blocks.set(p.file, [...(blocks.get(p.file) ?? []), p])
  for (const block of blocks.values()) {
    block.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    console.error(block.map((p) => prefix + formatProblem(p)).join('\n') + '\n')
  }
}
