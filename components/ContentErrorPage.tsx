import type { ContentProblem } from '@/lib/content'
import { formatLocation } from '@/lib/content'

/**
 * `npm run dev` only: the content folder's problems in place of the page, each with its file:line,
 * field and what to fix, as `npm run check` lists them. A server component: no client code.
 */
export function ContentErrorPage({ problems }: { problems: ContentProblem[] }) {
  return (
    <main id="main" className="container content-error">
      <h1 className="channel-title">内容有 {problems.length} 处错误</h1>
      <p>网站暂时无法预览。请按下面的提示修改文件并保存,然后刷新本页。在终端运行 npm run check 可以看到同样的列表。</p>
      <ol className="problems">
        {problems.map((problem, i) => (
          <li key={i}>
            <code>{formatLocation(problem)}</code> <span className="field">{problem.field}</span> {problem.message}
          </li>
        ))}
      </ol>
    </main>
  )
}
