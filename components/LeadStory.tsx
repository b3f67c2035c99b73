import { formatDay, isoInShanghai } from '@/lib/dates'
import { articlePath, channelPath } from '@/lib/routes'
import type { LeadItem } from '@/lib/view-items'

/** 头条: the home page's lead, the newest pinned article, with its summary and photo. */
export function LeadStory({ article }: { article: LeadItem }) {
  return (
    <section className="lead-story" aria-labelledby="lead-heading">
      {article.image && (
        // Decorative here: the headline beside it names the story, and the photo links nowhere else.
        // eslint-disable-next-line @next/next/no-img-element
        <img src={article.image.url} alt="" width={article.image.width} height={article.image.height} decoding="async" />
      )}
      <div>
        <p className="lead-label">
          <span>头条</span>
          <a href={channelPath(article.channel.slug)}>{article.channel.name}</a>
          <time dateTime={isoInShanghai(article.date)}>{formatDay(article.date)}</time>
        </p>
        <h2 id="lead-heading">
          <a href={articlePath(article.slug)}>{article.title}</a>
        </h2>
        <p className="lead-summary">{article.description}</p>
      </div>
    </section>
  )
}
