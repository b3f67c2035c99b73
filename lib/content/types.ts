import type { ArticleFrontMatter, SiteFrontMatter } from './schema'

// The content types are inferred from the zod schemas in schema.ts (their output: what the
// transforms give, such as dates as instants and tags de-duplicated), so a field added there is a
// field of Site or Article here; only what parsing adds besides the front matter is written out.

/** A channel as site.md lists it. */
export type Channel = SiteFrontMatter['channels'][number]

export interface Site extends SiteFrontMatter {
  /** Base URL without a trailing slash; `SITE_URL` overrides site.md. */
  url: string
}

/** What an article has besides its front matter's fields (and in place of `category` and `reposted`). */
export interface ArticleExtras {
  slug: string
  /** Path of the source file relative to the working directory, for messages. */
  file: string
  /** The channel `category` names, as site.md lists it. */
  channel: Channel
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

/** An article of front matter `Fields` (the output of an article schema) as the site publishes it. */
export type ArticleOf<Fields> = Omit<Fields, 'category' | 'reposted'> & ArticleExtras

/** A published article: the front matter's fields as ArticleFrontMatter gives them, and what parsing adds. */
export type Article = ArticleOf<ArticleFrontMatter>

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
