import type { Metadata } from 'next'
import type { Article, Channel, Content, Site } from './content'
import { isoInShanghai } from './dates'
import { articlePath, channelPath } from './routes'

/** An absolute URL on the site, from a path like `/articles/x/`. */
export const absoluteUrl = (site: Site, path: string) => site.url + path

/** The site logo used by JSON-LD and feeds (public/logo.png, 600×60 as Google News asks). */
export const LOGO = { path: '/logo.png', width: 600, height: 60 }

/**
 * What a share or a search result shows for a page without a photo of its own: public/share.png,
 * 1200×675 (16:9; Google asks for 1200 px wide images for Top Stories and Discover). Drawn from
 * docs/share-image/share.html with headless Chromium.
 */
export const SHARE_IMAGE = { path: '/share.png', width: 1200, height: 675 }

/** 佚名 is "anonymous": no author to name. */
const namedAuthor = (author: string | undefined) => (author && author !== '佚名' ? author : undefined)

/** The image a share of the page shows: the article's first photo, or the site's share image. */
function shareImage(site: Site, alt: string, image?: Article['image']) {
  const { url, width, height } = image ?? { url: SHARE_IMAGE.path, width: SHARE_IMAGE.width, height: SHARE_IMAGE.height }
  return { url: absoluteUrl(site, url), width, height, alt }
}

export const FEED_PATH = '/feed.xml'
export const channelFeedPath = (slug: string) => `${channelPath(slug)}feed.xml`

/** Metadata every page shares: Baidu's device hint and the RSS autodiscovery links. */
export function baseMetadata(site: Site, channel?: Channel): Metadata {
  const feeds = [{ url: FEED_PATH, title: `${site.name} 最新文章` }]
  if (channel) feeds.push({ url: channelFeedPath(channel.slug), title: `${site.name} ${channel.name}` })
  return {
    metadataBase: new URL(site.url + '/'),
    applicationName: site.name,
    other: { 'applicable-device': 'pc,mobile' },
    alternates: { types: { 'application/rss+xml': feeds } },
    formatDetection: { telephone: false },
  }
}

interface PageMetadataInput {
  site: Site
  title: string
  description: string
  path: string
  channel?: Channel
}

/** Title, description, canonical URL and Open Graph for a list page (home, channel, latest). */
export function pageMetadata({ site, title, description, path, channel }: PageMetadataInput): Metadata {
  const base = baseMetadata(site, channel)
  return {
    ...base,
    title: { absolute: title === site.name ? site.name : `${title} - ${site.name}` },
    description,
    alternates: { ...base.alternates, canonical: absoluteUrl(site, path) },
    openGraph: {
      type: 'website',
      title,
      description,
      url: absoluteUrl(site, path),
      siteName: site.name,
      locale: 'zh_CN',
      images: [shareImage(site, site.name)],
    },
    // A small card: the share image is the site's name, not a photo worth a large one.
    twitter: { card: 'summary', title, description, images: [shareImage(site, site.name)] },
  }
}

/** Everything a crawler reads in an article's head, including `article:published_time` in +08:00. */
export function articleMetadata(site: Site, article: Article): Metadata {
  const base = pageMetadata({
    site,
    title: article.title,
    description: article.description,
    path: articlePath(article.slug),
    channel: article.channel,
  })
  const author = namedAuthor(article.author)
  const image = shareImage(site, article.image ? article.title : site.name, article.image)
  return {
    ...base,
    authors: author ? [{ name: author }] : undefined,
    ...(article.tags.length > 0 && { keywords: article.tags }),
    openGraph: {
      ...base.openGraph,
      type: 'article',
      images: [image],
      publishedTime: isoInShanghai(article.date),
      modifiedTime: isoInShanghai(article.updated ?? article.date),
      section: article.channel.name,
      ...(article.tags.length > 0 && { tags: article.tags }),
      authors: author ? [author] : undefined,
    },
    twitter: {
      card: article.image ? 'summary_large_image' : 'summary',
      title: article.title,
      description: article.description,
      images: [image],
    },
  }
}

/** A channel page's description, for its meta tag. */
export const channelDescription = (site: Site, channel: Channel) =>
  `${site.name}「${channel.name}」栏目:${channel.name}相关新闻报道,按发布时间排列。`

/** The home page's description: the site's own, or its name and channels. */
export const siteDescription = (site: Site) =>
  site.description ?? `${site.name}(${new URL(site.url).host}):${site.channels.map((c) => c.name).join('、')}。`

const organization = (site: Site) => ({
  '@type': 'Organization',
  '@id': `${site.url}/#organization`,
  name: site.name,
  url: `${site.url}/`,
  logo: { '@type': 'ImageObject', url: absoluteUrl(site, LOGO.path), width: LOGO.width, height: LOGO.height },
  ...(site.email && { email: site.email }),
})

const imageObject = ({ url, width, height }: { url: string; width: number; height: number }) => ({ '@type': 'ImageObject', url, width, height })

/** JSON-LD for an article: NewsArticle and its BreadcrumbList; no author when it is 佚名 or blank. */
export function articleJsonLd(site: Site, article: Article) {
  const url = absoluteUrl(site, articlePath(article.slug))
  return [
    {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title,
      description: article.description,
      datePublished: isoInShanghai(article.date),
      dateModified: isoInShanghai(article.updated ?? article.date),
      ...(article.tags.length > 0 && { keywords: article.tags }),
      // A published correction, as schema.org and Google News ask: what was corrected, and when.
      ...(article.correction &&
        article.updated && {
          correction: { '@type': 'CorrectionComment', text: article.correction, datePublished: isoInShanghai(article.updated) },
        }),
      ...(namedAuthor(article.author) && { author: { '@type': 'Person', name: namedAuthor(article.author) } }),
      publisher: organization(site),
      mainEntityOfPage: { '@type': 'WebPage', '@id': url },
      url,
      articleSection: article.channel.name,
      inLanguage: 'zh-CN',
      image: [imageObject(shareImage(site, article.title, article.image))],
      ...(article.sourceUrl && { isBasedOn: article.sourceUrl }),
      ...(article.source && { sourceOrganization: { '@type': 'Organization', name: article.source } }),
    },
    {
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, name: '首页', item: `${site.url}/` },
        { '@type': 'ListItem', position: 2, name: article.channel.name, item: absoluteUrl(site, channelPath(article.channel.slug)) },
        { '@type': 'ListItem', position: 3, name: article.title, item: url },
      ],
    },
  ]
}

/** JSON-LD for the home page: the WebSite (with its search action) and the Organization. */
export function homeJsonLd(site: Site) {
  return [
    {
      '@context': 'https://schema.org',
      '@type': 'WebSite',
      '@id': `${site.url}/#website`,
      name: site.name,
      url: `${site.url}/`,
      inLanguage: 'zh-CN',
      publisher: { '@id': `${site.url}/#organization` },
      potentialAction: {
        '@type': 'SearchAction',
        target: `${site.url}/search/?q={search_term_string}`,
        'query-input': 'required name=search_term_string',
      },
    },
    { '@context': 'https://schema.org', ...organization(site) },
  ]
}

/** Serializes JSON-LD so no string in it can close the <script> element or open a comment. */
export const serializeJsonLd = (data: unknown) =>
  JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')

/** The newest article's date, or undefined for an empty list. */
export const newestDate = (articles: Article[]) => articles[0]?.date

export type { Content }
