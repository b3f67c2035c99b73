import type { Article, Channel, Content } from './content'
import { relatedArticles } from './related'
import { archiveLayout, archivePage } from './routes'

// What each page shows, chosen from the content in one place. Pages render these views, and the
// build hashes the same views to decide which pages a change touches (lib/site-pages.ts): a page
// can only show what its view holds, so the two cannot drift apart.

/** Articles on the home page's 最新发布 list, and per channel block. */
export const HOME_LATEST = 12
export const HOME_PER_CHANNEL = 6
/** Articles on /articles/. */
export const LATEST_LIST = 50

/** At most this many pinned articles head a channel's front page: the newest pinned ones. */
export const PINNED_PER_CHANNEL = 3

export interface HomeView {
  /** 头条: the newest pinned article, shown large with its summary and photo. */
  lead?: Article
  latest: Article[]
  more: boolean
  channels: { channel: Channel; articles: Article[] }[]
}

export function homeView({ site, articles, byChannel, pinned }: Content): HomeView {
  return {
    lead: pinned[0],
    latest: articles.slice(0, HOME_LATEST),
    more: articles.length > HOME_LATEST,
    channels: site.channels.map((channel) => ({ channel, articles: (byChannel.get(channel.slug) ?? []).slice(0, HOME_PER_CHANNEL) })),
  }
}

export interface LatestView {
  articles: Article[]
  more: boolean
}

export const latestView = ({ articles }: Content): LatestView => ({
  articles: articles.slice(0, LATEST_LIST),
  more: articles.length > LATEST_LIST,
})

export interface ArticleView {
  article: Article
  older?: Article
  newer?: Article
  related: Article[]
}

/** An article page's view; undefined for a slug that is not published. */
export function articleView(content: Content, slug: string): ArticleView | undefined {
  const article = content.bySlug.get(slug)
  if (!article) return undefined
  const { older, newer } = content.neighbours.get(slug) ?? {}
  return { article, older, newer, related: relatedArticles(content, article) }
}

/**
 * A channel page's pager, as shown: only what it shows, so an archive page's pager (and the page)
 * stays the same when newer archive pages are added, except for the two just below the newest.
 */
export interface Pager {
  /** 0 on the front page, else the archive page number. */
  current: number
  /** 上一页: the next newer page (0 is the front page). */
  newer?: number
  /** 下一页: the next older page. */
  older?: number
  /** The archive page numbers listed, newest first, with gaps: up to two either side of the current one, and 1. */
  numbers: (number | 'gap')[]
}

/** The pager of page `page` (0 the front page) of a channel with `pages` archive pages; undefined when there are none. */
export function pagerFor(page: number, pages: number): Pager | undefined {
  if (pages === 0) return undefined
  const top = page === 0 ? pages : Math.min(pages, page + 2)
  const bottom = page === 0 ? Math.max(1, pages - 2) : Math.max(1, page - 2)
  const numbers: (number | 'gap')[] = []
  for (let n = top; n >= bottom; n--) numbers.push(n)
  if (bottom > 2) numbers.push('gap')
  if (bottom > 1) numbers.push(1)
  return {
    current: page,
    newer: page === 0 ? undefined : page === pages ? 0 : page + 1,
    older: page === 0 ? pages : page > 1 ? page - 1 : undefined,
    numbers,
  }
}

/** One page of a paginated list (a channel, a tag, a month): front page 0, archive pages 1 … from the oldest. */
export interface ListPage {
  /** 0 for the front page, else the archive page number (1 is the oldest). */
  page: number
  pager?: Pager
  articles: Article[]
}

/** Page `page` of a newest-first list, laid out like every archive (lib/routes.ts); undefined past the last. */
function listPage(list: Article[], page: number): ListPage | undefined {
  const layout = archiveLayout(list.length)
  if (page > layout.pages) return undefined
  return { page, pager: pagerFor(page, layout.pages), articles: page === 0 ? list.slice(0, layout.front) : archivePage(list, page) }
}

/** Every page of a list: the front page and each archive page. */
const listPages = (list: Article[]) => Array.from({ length: archiveLayout(list.length).pages + 1 }, (_, page) => listPage(list, page)!)

export interface ChannelView extends ListPage {
  channel: Channel
  /** How many of `articles` are pinned (置顶), at the top of the front page. */
  pinned: number
}

/**
 * A channel page's view; undefined for an unknown channel or a page that does not exist. The
 * front page starts with the channel's newest pinned articles, taken out of their place below.
 */
export function channelView(content: Content, slug: string, page: number): ChannelView | undefined {
  const channel = content.site.channels.find((c) => c.slug === slug)
  if (!channel) return undefined
  const view = listPage(content.byChannel.get(channel.slug) ?? [], page)
  if (!view) return undefined
  if (page > 0) return { ...view, channel, pinned: 0 }
  const pinned = content.pinned.filter((a) => a.channel.slug === channel.slug).slice(0, PINNED_PER_CHANNEL)
  return { ...view, channel, pinned: pinned.length, articles: [...pinned, ...view.articles.filter((a) => !pinned.includes(a))] }
}

/** Every channel page that exists: each channel's front page and its archive pages. */
export function channelViews(content: Content): ChannelView[] {
  return content.site.channels.flatMap((channel) => {
    const { pages } = archiveLayout(content.byChannel.get(channel.slug)?.length ?? 0)
    return Array.from({ length: pages + 1 }, (_, page) => channelView(content, channel.slug, page)!)
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

export interface TagView extends ListPage {
  tag: string
}

/** A tag page's view; undefined for a tag no published article has, or a page that does not exist. */
export function tagView(content: Content, tag: string, page: number): TagView | undefined {
  const list = content.byTag.get(tag)
  const view = list && listPage(list, page)
  return view && { ...view, tag }
}

export const tagViews = (content: Content): TagView[] => [...content.byTag].flatMap(([tag, list]) => listPages(list).map((view) => ({ ...view, tag })))

/** /archive/: every month that has articles, newest first. */
export const archiveView = ({ byMonth }: Content): Count[] => [...byMonth.entries()].map(([name, list]) => ({ name, count: list.length }))

export interface MonthView extends ListPage {
  /** `2023-01` */
  month: string
}

/** A month page's view; undefined for a month without articles, or a page that does not exist. */
export function monthView(content: Content, month: string, page: number): MonthView | undefined {
  const list = content.byMonth.get(month)
  const view = list && listPage(list, page)
  return view && { ...view, month }
}

export const monthViews = (content: Content): MonthView[] =>
  [...content.byMonth].flatMap(([month, list]) => listPages(list).map((view) => ({ ...view, month })))
