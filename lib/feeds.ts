import { Feed } from 'feed'
import type { Article, Channel, Site } from './content'
import { articlePath, channelPath } from './routes'
import { absoluteUrl, channelFeedPath, FEED_PATH, LOGO } from './seo'
import { xmlText } from './xml'

/** Articles per feed. */
export const FEED_SIZE = 50

const pad = (n: number) => String(n).padStart(2, '0')
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** RFC 822 in Beijing time: `Sat, 07 Jan 2023 00:00:00 +0800`. */
export function rfc822InShanghai(date: Date): string {
  const d = new Date(date.getTime() + 8 * 3_600_000) // Beijing has had no daylight saving since 1991
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0800`
}

// `feed` prints every date with toUTCString() (GMT). Readers in China expect Beijing time, so we
// hand it dates whose toUTCString() gives the same instant as RFC 822 with +0800.
class BeijingDate extends Date {
  override toUTCString() {
    return rfc822InShanghai(this)
  }
}

/** The articles a feed carries: the newest FEED_SIZE of a newest-first list. */
export const feedArticles = (articles: Article[]) => articles.slice(0, FEED_SIZE)

/** RSS 2.0 of the newest articles, for the whole site or one channel. */
export function rssFeed(site: Site, articles: Article[], channel?: Channel): string {
  const latest = feedArticles(articles)
  const link = absoluteUrl(site, channel ? channelPath(channel.slug) : '/')
  const feed = new Feed({
    title: xmlText(channel ? `${channel.name} - ${site.name}` : site.name),
    description: xmlText(channel ? `${site.name}「${channel.name}」栏目最新文章` : `${site.name}最新文章`),
    id: link,
    link,
    language: 'zh-cn',
    image: absoluteUrl(site, LOGO.path),
    copyright: xmlText(site.copyright),
    updated: new BeijingDate(latest[0]?.date ?? new Date()),
    generator: site.name,
    feedLinks: { rss: absoluteUrl(site, channel ? channelFeedPath(channel.slug) : FEED_PATH) },
  })
  for (const article of latest) {
    const url = absoluteUrl(site, articlePath(article.slug))
    feed.addItem({
      title: xmlText(article.title),
      id: url,
      link: url,
      description: xmlText(article.description),
      content: xmlText(article.html),
      date: new BeijingDate(article.date),
      category: [{ name: xmlText(article.channel.name) }],
    })
  }
  return feed.rss2()
}
