import { formatDay, isoInShanghai } from '@/lib/dates'
import { articlePath, channelPath } from '@/lib/routes'
import type { LeadItem } from '@/lib/view-items'
import { Photo } from './Photo'

/** The lead photo's width: the whole column on a phone, two fifths of the 1100 px page beside the text (globals.css). */
const LEAD_PHOTO_SIZES = '(max-width: 600px) calc(100vw - 32px), 420px'

/** 头条: the home page's lead, the newest pinned article, with its summary and photo. */
export function LeadStory({ article }: { article: LeadItem }) {
  return (
    <section className="lead-story" aria-labelledby="lead-heading">
      {/* Decorative here: the headline beside it names the story, and the photo links nowhere else. */}
      {article.image && <Photo image={article.image} alt="" sizes={LEAD_PHOTO_SIZES} priority />}
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
