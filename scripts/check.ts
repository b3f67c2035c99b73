// `npm run check`: validates the content folder (CONTENT_DIR or content/) without building the site.
// Prints every problem at once, one block per file, then a one-line summary; exits 1 on any error.
// Warnings (提醒) are printed too but do not fail. Drafts and scheduled articles are listed.
// `npm run build` runs it first with --quiet, so a broken file stops the build with this list.
import { contentDir, inspectContent } from '../lib/content'
import { saveSnapshot } from '../lib/content'
import { formatDayTime } from '../lib/dates'
import { formatProblem, printable, type ContentProblem } from '../lib/content'

const quiet = process.argv.includes('--quiet')
const { site, articles, files, problems, warnings } = inspectContent(contentDir())

/** One block per file, in the order the files were read; inside a block, top to bottom. */
function printBlocks(list: ContentProblem[], prefix = '') {
  const blocks = new Map<string, ContentProblem[]>()
  for (const p of list) blocks.set(p.file, [...(blocks.get(p.file) ?? []), p])
  for (const block of blocks.values()) {
    block.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    console.error(block.map((p) => prefix + formatProblem(p)).join('\n') + '\n')
  }
}

printBlocks(problems)
if (!quiet || problems.length > 0) printBlocks(warnings, '提醒  ')

const drafts = articles.filter((a) => a.draft)
const scheduled = articles.filter((a) => !a.draft && a.scheduled)
if (!quiet) {
  // Titles and file names are the editors' text: printed with every control character escaped.
  for (const a of drafts) console.log(printable(`草稿      ${a.file}  ${a.title}`))
  for (const a of scheduled) console.log(printable(`定时发布  ${a.file}  ${formatDayTime(a.date)}  ${a.title}`))
}
const broken = files.filter((file) => problems.some((p) => p.file === file)).length
const summary =
  `文章 ${files.length} 篇${broken > 0 ? `(${broken} 篇有错误)` : ''},错误 ${problems.length} 处,` +
  `草稿 ${drafts.length} 篇,定时 ${scheduled.length} 篇${warnings.length > 0 ? `,提醒 ${warnings.length} 处` : ''}`
if (problems.length > 0) {
  console.error(`✖ 内容检查未通过:${summary}。请按上面的提示修改后重试(说明见 docs/editing.md)。`)
  process.exit(1)
}
// During `npm run build`, Next's page workers load what was just checked instead of parsing it again.
if (process.env.CONTENT_SNAPSHOT && site) saveSnapshot(process.env.CONTENT_SNAPSHOT, contentDir(), site, articles)
console.log(`✓ 内容检查通过:${summary}`)
