import type { SiteFrontMatter } from './schema'

export interface Channel {
  slug: string
  name: string
}

export interface Site extends Omit<SiteFrontMatter, 'channels'> {
  /** Base URL without a trailing slash; `SITE_URL` overrides site.md. */
  url: string
  channels: Channel[]
}

export interface Article {
  slug: string
  /** Path of the source file relative to the working directory, for messages. */
  file: string
  title: string
  date: Date
  channel: Channel
  source?: string
  author?: string
  sourceUrl?: string
  summary?: string
  originalTitle?: string
  editor?: string
  draft: boolean
  /** Dated after the build: shown only in development and previews. */
  scheduled: boolean
  /** Sanitized body HTML. */
  html: string
  /** The body as plain text, white space collapsed (what search indexes). */
  text: string
  /** Meta description: the summary, or the first 120 characters of the body. */
  description: string
}

export interface Neighbours {
  /** 上一篇: the article published just before this one in its channel. */
  older?: Article
  /** 下一篇: the article published just after this one in its channel. */
  newer?: Article
}

export interface Content {
  site: Site
  /** Published articles, newest first (drafts and scheduled ones too in development). */
  articles: Article[]
  bySlug: Map<string, Article>
  /** Each channel's articles, newest first; every channel of site.md has an entry. */
  byChannel: Map<string, Article[]>
  /** Each article's neighbours within its channel, precomputed so no page scans the archive. */
  neighbours: Map<string, Neighbours>
}

export interface LoadOptions {
  /** Keep drafts and scheduled articles (development, preview builds). */
  includeUnpublished?: boolean
  /** The moment that decides what is scheduled; defaults to now. */
  now?: Date
}
