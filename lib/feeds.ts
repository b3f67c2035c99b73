import { XMLBuilder } from 'fast-xml-parser'
import type { Element, Root } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { toHtml } from 'hast-util-to-html'
import { visit } from 'unist-util-visit'
import type { Article, Channel, Content, Site } from './content'
import { isoInShanghai } from './dates'
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

// Every text goes out escaped (&lt; &amp; …), never in CDATA: a CDATA section ends at the first
// `]]>` an article happens to contain, and the `feed` package's writer (xml-js) escaped only the
// first one, so a title could close the element and add a <link> of its own.
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, suppressEmptyNode: true })

/**
 * An article's HTML with every link and image address made absolute: a feed reader shows the item
 * away from the site, where `/images/x.jpg` means nothing.
 */
export function absoluteHtml(site: Site, html: string): string {
  const tree: Root = fromHtml(html, { fragment: true })
  const base = `${site.url}/`
  // A feed reader gets each photo's JPEG (1200 px wide at most) as a plain <img>: many readers drop
  // <picture> and <source>, and lazy loading means nothing away from the page.
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'picture' || !parent || index === undefined) return
    const img = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'img')
    if (img) parent.children[index] = img
    else parent.children.splice(index, 1)
  })
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'img') for (const name of ['loading', 'fetchPriority', 'decoding', 'srcSet', 'sizes']) delete node.properties[name]
    for (const name of ['href', 'src'] as const) {
      const value = node.properties[name]
      if (typeof value !== 'string') continue
      try {
        node.properties[name] = new URL(value, base).href
      } catch {
        delete node.properties[name] // unparseable: a reader could not follow it either
      }
    }
  })
  return toHtml(tree)
}

/** The articles a feed carries: the newest FEED_SIZE of a newest-first list. */
export const feedArticles = (articles: Article[]) => articles.slice(0, FEED_SIZE)

/** What a feed shows: its channel (none for the whole site's) and its articles, whole (the text goes into the feed). */
export interface FeedView {
  channel?: Channel
  articles: Article[]
}

/** The whole site's feed, or a channel's; undefined for an unknown channel. */
export function feedView({ site, articles, byChannel }: Content, channelSlug?: string): FeedView | undefined {
  if (channelSlug === undefined) return { articles: feedArticles(articles) }
  const channel = site.channels.find((c) => c.slug === channelSlug)
  return channel && { channel, articles: feedArticles(byChannel.get(channel.slug) ?? []) }
}

/**
 * RSS 2.0 of the newest articles, for the whole site or one channel. Everything in it comes from
 * the content (no build clock): a channel without articles has no lastBuildDate.
 */
export function rssFeed(site: Site, articles: Article[], channel?: Channel): string {
  const latest = feedArticles(articles)
  const link = absoluteUrl(site, channel ? channelPath(channel.slug) : '/')
  const title = xmlText(channel ? `${channel.name} - ${site.name}` : site.name)
  return builder.build({
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    rss: {
      '@version': '2.0',
      '@xmlns:atom': 'http://www.w3.org/2005/Atom',
      '@xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
      channel: {
        title,
        link,
        description: xmlText(channel ? `${site.name}「${channel.name}」栏目最新文章` : `${site.name}最新文章`),
        language: 'zh-cn',
        copyright: xmlText(site.copyright),
        ...(latest[0] && { lastBuildDate: rfc822InShanghai(latest[0].date) }),
        generator: xmlText(site.name),
        image: { url: absoluteUrl(site, LOGO.path), title, link },
        'atom:link': {
          '@href': absoluteUrl(site, channel ? channelFeedPath(channel.slug) : FEED_PATH),
          '@rel': 'self',
          '@type': 'application/rss+xml',
        },
        item: latest.map((article) => {
          const url = absoluteUrl(site, articlePath(article.slug))
          return {
            title: xmlText(article.title),
            link: url,
            guid: url,
            pubDate: rfc822InShanghai(article.date),
            // RSS has no update date of its own; feed readers (and Python's feedparser) read Atom's.
            ...(article.updated && { 'atom:updated': isoInShanghai(article.updated) }),
            description: xmlText(article.description),
            'content:encoded': xmlText(absoluteHtml(site, article.html)),
            // A tag that repeats the channel's name (乡村振兴 in 乡村振兴) is not listed twice.
            category: [...new Set([article.channel.name, ...article.tags])].map(xmlText),
          }
        }),
      },
    },
  }) as string
}
