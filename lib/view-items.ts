import type { Article, ArticleImage, Channel } from './content'

// What the pages show of an article that is not the page's own: one description per kind of
// item, each exactly the props of the component that draws it. Views (lib/views.ts) are built
// from these, and a page's key is a hash of its whole view (lib/site-pages.ts): a component that
// starts to show another field must get it here first, and the key covers it from then on.

/** A list entry (ArticleList): the title linking to the article, and its date. */
export interface ListItem {
  slug: string
  title: string
  date: Date
}

/** A list entry on a list mixing channels: also the channel, shown beside the title. */
export interface ChannelListItem extends ListItem {
  channel: Channel
}

/** 上一篇 / 下一篇 (ArticleNeighbours): the title, linking to the article. */
export interface LinkItem {
  slug: string
  title: string
}

/** 头条 (LeadStory): the home page's lead, with its channel, summary and photo. */
export interface LeadItem extends ChannelListItem {
  description: string
  image?: ArticleImage
}

// Each function picks its fields one by one: a spread of the article would carry every field
// into the view, and into the key, and re-render lists whenever any field of any article changed.

export const listItem = ({ slug, title, date }: Article): ListItem => ({ slug, title, date })

export const channelListItem = ({ slug, title, date, channel }: Article): ChannelListItem => ({ slug, title, date, channel })

export const linkItem = ({ slug, title }: Article): LinkItem => ({ slug, title })

export const leadItem = ({ slug, title, date, channel, description, image }: Article): LeadItem => ({
  slug,
  title,
  date,
  channel,
  description,
  ...(image && { image }),
})
