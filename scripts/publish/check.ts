// `npm run check`: validates the content folder (CONTENT_DIR or content/) without building the site.
// Prints every problem at once, one block per file, then a one-line summary; exits 1 on any error.
// Warnings (提醒) are printed too but do not fail. Drafts and scheduled articles are listed.
// The build runs the same check first: a broken site.md stops it; a broken article is held back alone.
import { printable, updateStore } from '../../lib/content'
import { formatDayTime } from '../../lib/dates'
import { settingsFromEnv } from '../../lib/settings'
import { codeHash, PARSER_INPUTS } from './compile'
import { printProblems } from './problems-report'

const quiet = process.argv.includes('--quiet')
// Files unchanged since the last check are not parsed again (the store remembers them).
const { report } = updateStore(settingsFromEnv(), codeHash(process.cwd(), PARSER_INPUTS))
const { articles, files, problems, blocking, warnings } = report

printProblems(problems)
if (!quiet || problems.length > 0) printProblems(warnings, '提醒  ')

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
  // What a build would do meanwhile: a broken site.md stops everything; a broken article only itself.
  console.error(
    blocking.length > 0 || !report.site
      ? '  网站信息文件(site.md)有错误时,整个网站都不会更新。'
      : '  发布时,有错误的文章暂不更新(网站上保留它上一次正确的版本,没有就不发布),图片文件夹里不能发布的文件不发布,其他文章照常发布。',
  )
  process.exit(1)
}
console.log(`✓ 内容检查通过:${summary}`)
