import type { Article } from '@/lib/content'
import { formatDay, isoInShanghai } from '@/lib/dates'
import { articlePath, channelPath } from '@/lib/routes'

interface ArticleListProps {
  articles: Article[]
  /** Shown in place of the list when it is empty. */
  emptyText?: string
  /** Show each article's channel beside its title (on lists mixing channels). */
  showChannel?: boolean
  /** How many articles at the top are pinned, each marked 置顶. */
  pinned?: number
}

export function ArticleList({ articles, emptyText = '暂无文章', showChannel = false, pinned = 0 }: ArticleListProps) {
  if (articles.length === 0) return <p className="empty">{emptyText}</p>
  return (
    <ul className="article-list">
      {articles.map((article, i) => (
        <li key={article.slug} className={i < pinned ? 'pinned' : undefined}>
          {i < pinned && <span className="pinned-mark">置顶</span>}
          {showChannel && (
            <a className="channel-tag" href={channelPath(article.channel.slug)}>
              [{article.channel.name}]
            </a>
          )}
          <a href={articlePath(article.slug)}>{article.title}</a>
          <time dateTime={isoInShanghai(article.date)}>{formatDay(article.date)}</time>
        </li>
      ))}
    </ul>
  )
}
