import { formatDay, isoInShanghai } from '@/lib/dates'
import { articlePath, channelPath } from '@/lib/routes'
import type { ChannelListItem, ListItem } from '@/lib/view-items'

interface ArticleListProps {
  /** Each entry's channel is shown beside its title when the entry has one (lists mixing channels). */
  articles: (ListItem | ChannelListItem)[]
  /** Shown in place of the list when it is empty. */
  emptyText?: string
  /** How many articles at the top are pinned, each marked 置顶. */
  pinned?: number
}

export function ArticleList({ articles, emptyText = '暂无文章', pinned = 0 }: ArticleListProps) {
  if (articles.length === 0) return <p className="empty">{emptyText}</p>
  return (
    <ul className="article-list">
      {articles.map((article, i) => (
        <li key={article.slug} className={i < pinned ? 'pinned' : undefined}>
          {i < pinned && <span className="pinned-mark">置顶</span>}
          {'channel' in article && (
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
