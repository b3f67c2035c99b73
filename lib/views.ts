import type { Article, Channel, Content } from './content'
import { monthOf } from './dates'
import { relatedArticles } from './related'
import { FRONT_SIZE } from './routes'
import { channelListItem, type ChannelListItem, leadItem, type LeadItem, linkItem, type LinkItem, listItem, type ListItem } from './view-items'

// What each page shows, chosen from the content in one place. A view is exactly the props the
// page's components render (their prop types are these types), and the build's key for a page is
// a hash of its whole view (lib/site-pages.ts): nothing a page shows can escape its key.

/** Articles on the home page's 最新发布 list, and per channel block. */
export const HOME_LATEST = 12
export const HOME_PER_CHANNEL = 6
/** Articles on /articles/. */
export const LATEST_LIST = 50

/** At most this many pinned articles head a channel's front page: the newest pinned ones. */
export const PINNED_PER_CHANNEL = 3

export interface HomeView {
  /** 头条: the newest pinned article, shown large with its summary and photo. */
  lead?: LeadItem
  latest: ChannelListItem[]
  more: boolean
  channels: { channel: Channel; articles: ListItem[] }[]
}

export function homeView({ site, articles, byChannel, pinned }: Content): HomeView {
  return {
    lead: pinned[0] && leadItem(pinned[0]),
    latest: articles.slice(0, HOME_LATEST).map(channelListItem),
    more: articles.length > HOME_LATEST,
    channels: site.channels.map((channel) => ({ channel, articles: (byChannel.get(channel.slug) ?? []).slice(0, HOME_PER_CHANNEL).map(listItem) })),
  }
}

export interface LatestView {
  articles: ChannelListItem[]
  more: boolean
}

export const latestView = ({ articles }: Content): LatestView => ({
  articles: articles.slice(0, LATEST_LIST).map(channelListItem),
  more: articles.length > LATEST_LIST,
})

export interface ArticleView {
  article: Article
  older?: LinkItem
  newer?: LinkItem
  related: ListItem[]
}

/**
 * An article page's view; undefined for a slug that is not published. `related` gives its related
 * articles when they are known already (a resident publisher's plan: lib/plan-memo.ts).
 */
export function articleView(content: Content, slug: string, related = relatedArticles): ArticleView | undefined {
  const article = content.bySlug.get(slug)
  if (!article) return undefined
  const { older, newer } = content.neighbours.get(slug) ?? {}
  return {
    article,
    ...(older && { older: linkItem(older) }),
    ...(newer && { newer: linkItem(newer) }),
    related: related(content, article).map(listItem),
  }
}

/** The front page of a list, in a Pager: the page before its newest month. */
export const FRONT = 'front'

/**
 * A list page's pager, as shown: only what it shows, this month and the months either side of it,
 * so that a month appearing or emptying changes the pagers of its two neighbours and no others.
 */
export interface Pager {
  /** The month shown (`2023-01`), or FRONT on the front page. */
  current: string
  /** 上一页: the next newer month, or FRONT after the newest one. */
  newer?: string
  /** 下一页: the next older month. */
  older?: string
  /** The months listed, newest first: the newer one, this one and the older one (the newest three on the front page). */
  months: string[]
}

/** The pager of `current` (a month or FRONT) among a list's months, newest first; undefined when the list has none. */
export function pagerFor(current: string, months: string[]): Pager | undefined {
  if (months.length === 0) return undefined
  const at = current === FRONT ? -1 : months.indexOf(current)
  return {
    current,
    ...(at >= 0 && { newer: at === 0 ? FRONT : months[at - 1] }),
    ...(at + 1 < months.length && { older: months[at + 1] }),
    months: at < 0 ? months.slice(0, 3) : months.slice(Math.max(0, at - 1), at + 2),
  }
}

/** One page of a list (a channel, a tag, a month): its front page or one month of it. */
export interface ListPage<Item extends ListItem = ListItem> {
  /** The month shown (`2023-01`), or FRONT for the front page. */
  month: string
  pager?: Pager
  articles: Item[]
}

const monthsMemo = new WeakMap<Article[], Map<string, Article[]>>()

/** A newest-first list cut into calendar months (Beijing time), newest first; computed once per list. */
export function monthsOf(list: Article[]): Map<string, Article[]> {
  let months = monthsMemo.get(list)
  if (!months) {
    months = new Map()
    for (const article of list) {
      const month = monthOf(article.date)
      const shown = months.get(month)
      if (shown) shown.push(article)
      else months.set(month, [article])
    }
    monthsMemo.set(list, months)
  }
  return months
}

/** Page `month` (or FRONT) of a newest-first list; undefined for a month without articles in it. */
function listPage<Item extends ListItem>(list: Article[], month: string, item: (a: Article) => Item): ListPage<Item> | undefined {
  const months = monthsOf(list)
  const shown = month === FRONT ? list.slice(0, FRONT_SIZE) : months.get(month)
  if (!shown) return undefined
  return { month, ...optional('pager', pagerFor(month, [...months.keys()])), articles: shown.map(item) }
}

/** Every page of a list: the front page and each month. */
const listPages = <Item extends ListItem>(list: Article[], item: (a: Article) => Item) =>
  [FRONT, ...monthsOf(list).keys()].map((month) => listPage(list, month, item)!)

// An absent field stays absent (not `undefined`), so a view says the same whichever way it was made.
const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as { [k in K]: V }))

export interface ChannelView extends ListPage {
  channel: Channel
  /** How many of `articles` are pinned (置顶), at the top of the front page. */
  pinned: number
}

/**
 * A channel page's view; undefined for an unknown channel or a month without its articles. The
 * front page starts with the channel's newest pinned articles, followed by its newest others.
 */
export function channelView(content: Content, slug: string, month: string): ChannelView | undefined {
  const channel = content.site.channels.find((c) => c.slug === slug)
  if (!channel) return undefined
  const list = content.byChannel.get(channel.slug) ?? []
  if (month !== FRONT) {
    const view = listPage(list, month, listItem)
    return view && { ...view, channel, pinned: 0 }
  }
  const pinned = content.pinned.filter((a) => a.channel.slug === channel.slug).slice(0, PINNED_PER_CHANNEL)
  const rest: Article[] = []
  for (let i = 0; i < list.length && rest.length < FRONT_SIZE; i++) if (!pinned.includes(list[i])) rest.push(list[i])
  return {
    month,
    ...optional('pager', pagerFor(FRONT, [...monthsOf(list).keys()])),
    articles: [...pinned, ...rest].map(listItem),
    channel,
    pinned: pinned.length,
  }
}

/** Every channel page that exists: each channel's front page and its months. */
export function channelViews(content: Content): ChannelView[] {
  return content.site.channels.flatMap((channel) => {
    const list = content.byChannel.get(channel.slug) ?? []
    return [FRONT, ...monthsOf(list).keys()].map((month) => channelView(content, channel.slug, month)!)
  })
}

/** A name (a tag, a month) and how many articles it has. */
export interface Count {
  name: string
  count: number
}

/** /tags/: every tag, the most used first (ties: the most recently used first). */
export const tagsView = ({ byTag }: Content): Count[] =>
  [...byTag.entries()].map(([name, list]) => ({ name, count: list.length })).sort((a, b) => b.count - a.count)

export interface TagView extends ListPage<ChannelListItem> {
  tag: string
}

/** A tag page's view; undefined for a tag no published article has, or a month without its articles. */
export function tagView(content: Content, tag: string, month: string): TagView | undefined {
  const list = content.byTag.get(tag)
  const view = list && listPage(list, month, channelListItem)
  return view && { ...view, tag }
}

export const tagViews = (content: Content): TagView[] =>
  [...content.byTag].flatMap(([tag, list]) => listPages(list, channelListItem).map((view) => ({ ...view, tag })))

/** /archive/: every month that has articles, newest first. */
export const archiveView = ({ byMonth }: Content): Count[] => [...byMonth.entries()].map(([name, list]) => ({ name, count: list.length }))

/** A month of the whole site: every article of it, and the months next to it. */
export interface MonthView extends ListPage<ChannelListItem> {
  month: string
}

/** A month page's view; undefined for a month without articles. */
export function monthView(content: Content, month: string): MonthView | undefined {
  const list = content.byMonth.get(month)
  if (!list) return undefined
  return { month, ...optional('pager', pagerFor(month, [...content.byMonth.keys()])), articles: list.map(channelListItem) }
}

export const monthViews = (content: Content): MonthView[] => [...content.byMonth.keys()].map((month) => monthView(content, month)!)
