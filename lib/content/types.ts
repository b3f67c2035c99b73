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
  /** 置顶: first on its channel's front page; the newest pinned article leads the home page (头条). */
  pinned: boolean
  /** 更新时间: when the article was last changed after publication; never before `date`. */
  updated?: Date
  /** 更正说明: what was corrected, shown at the end of the article with the `updated` time. */
  correction?: string
  /** 关键词, as written (trimmed, whitespace collapsed), each with its page at /tags/<tag>/. */
  tags: string[]
  /**
   * 转载: taken from another outlet, so the article ends with site.md's disclaimer. From the
   * `reposted` field, else true when `source` names an outlet other than this site.
   */
  reposted: boolean
  /** Dated after the build: shown only in development and previews. */
  scheduled: boolean
  /** Sanitized body HTML. */
  html: string
  /** The body as plain text, whitespace collapsed: for search. */
  text: string
  /** Meta description: the summary, or the first 120 characters of the body. */
  description: string
  /** The body's first image (a local file, so its size is known), for shares and search results. */
  image?: ArticleImage
}

export interface ArticleImage {
  /** Site path, such as `/images/meeting.jpg`; for a photo of content/images/, its JPEG (1200 wide at most): shares and feeds read it. */
  url: string
  width: number
  height: number
  /** A photo of content/images/: its WebP files, narrowest first, for srcset. */
  webp?: { url: string; width: number }[]
}

/** An article as its file says it: whether it is scheduled depends on when it is read. */
export type ParsedArticle = Omit<Article, 'scheduled'>

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
  /** Pinned articles, newest first: the first is the home page's lead. */
  pinned: Article[]
  /** Each tag's articles, newest first; tags in the order of their most recent use. */
  byTag: Map<string, Article[]>
  /** Each month's articles (`2023-01`, Beijing time), newest first; months newest first. */
  byMonth: Map<string, Article[]>
}

export interface LoadOptions {
  /** Keep drafts and scheduled articles (development, preview builds). */
  includeUnpublished?: boolean
  /** The moment that decides what is scheduled; defaults to now. */
  now?: Date
}
