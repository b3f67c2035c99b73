import type { LinkItem } from '@/lib/view-items'
import { articlePath } from '@/lib/routes'

/** 上一篇 / 下一篇 within the article's channel. */
export function ArticleNeighbours({ older, newer }: { older?: LinkItem; newer?: LinkItem }) {
  return (
    <nav className="neighbours" aria-label="上一篇和下一篇">
      <p>
        上一篇:{older ? <a href={articlePath(older.slug)}>{older.title}</a> : <span>没有了</span>}
      </p>
      <p>
        下一篇:{newer ? <a href={articlePath(newer.slug)}>{newer.title}</a> : <span>没有了</span>}
      </p>
    </nav>
  )
}
