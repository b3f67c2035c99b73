// `npm run check`: validates the content folder (CONTENT_DIR or content/) without building the site.
// Prints every problem at once, one block per file, then a one-line summary; exits 1 on any error.
// `npm run build` runs it first with --quiet, so a broken file stops the build with this list.
import { contentDir, inspectContent } from '../lib/content'
import { formatDayTime } from '../lib/dates'
import { formatProblem, type ContentProblem } from '../lib/problems'

const quiet = process.argv.includes('--quiet')
const { articles, problems } = inspectContent(contentDir())

const blocks = new Map<string, ContentProblem[]>()
for (const p of problems) blocks.set(p.file, [...(blocks.get(p.file) ?? []), p])
for (const list of blocks.values()) console.error(list.map(formatProblem).join('\n') + '\n')

const drafts = articles.filter((a) => a.draft)
const scheduled = articles.filter((a) => !a.draft && a.scheduled)
if (!quiet) {
  for (const a of drafts) console.log(`草稿      ${a.file}  ${a.title}`)
  for (const a of scheduled) console.log(`定时发布  ${a.file}  ${formatDayTime(a.date)}  ${a.title}`)
}
const total = articles.length + new Set(problems.map((p) => p.file)).size
const summary = `文章 ${total} 篇,错误 ${problems.length} 处,草稿 ${drafts.length} 篇,定时 ${scheduled.length} 篇`
if (problems.length > 0) {
  console.error(`✖ 内容检查未通过:${summary}。请按上面的提示修改后重试(说明见 docs/editing.md)。`)
  process.exit(1)
}
console.log(`✓ 内容检查通过:${summary}`)
