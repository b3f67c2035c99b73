import type { HeldFile } from '@/lib/content'
import { formatLocation } from '@/lib/content'

/** `npm run dev` only: one held-back article's problems, shown on its own page in place of the article. */
export function HeldArticleProblems({ held }: { held: HeldFile }) {
  return (
    <main id="main" className="container content-error">
      <h1 className="channel-title">
        这篇文章有 {held.problems.length} 处错误,暂不发布
      </h1>
      <p>
        {held.keptVersion ? '网站上仍是它上一次正确的版本。' : '它还没有正确的版本,网站上没有它。'}
        请按下面的提示修改 <code>{held.file}</code> 并保存,然后刷新本页。其他文章照常发布。
      </p>
      <ol className="problems">
        {held.problems.map((problem, i) => (
          <li key={i}>
            <code>{formatLocation(problem)}</code> <span className="field">{problem.field}</span> {problem.message}
          </li>
        ))}
      </ol>
    </main>
  )
}
