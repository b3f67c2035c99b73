import type { HeldFile } from '@/lib/content'
import { articlePath } from '@/lib/routes'

/**
 * `npm run dev` only: names the article files held back by their mistakes, on every page, so the
 * rest of the preview stays usable. Each links to its own page, which lists the file's problems.
 */
export function HeldArticlesBanner({ held }: { held: HeldFile[] }) {
  if (held.length === 0) return null
  return (
    <div className="held-banner" role="alert">
      <p>
        {held.length} 篇文章有错误,暂不发布(其他内容照常):
        {held.map((h, i) => (
          <span key={h.file}>
            {i > 0 && '、'}
            <a href={articlePath(h.slug)}>
              <code>{h.file}</code>
            </a>
          </span>
        ))}
        。点开看错在哪里,或在终端运行 npm run check。
      </p>
    </div>
  )
}
