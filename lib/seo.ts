import type { Metadata } from 'next'
import type { Article, Channel, Content, Site } from './content'
import { isoInShanghai } from './dates'
import { articlePath, channelPath } from './routes'

/** An absolute URL on the site, from a path like `/articles/x/`. */
export const absoluteUrl = (site: Site, path: string) => site.url + path

/** The site logo used by JSON-LD and feeds (public/logo.png, 600×60 as Google News asks). */
export const LOGO = { path: '/logo.png', width: 600, height: 60 }

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
      images: [{ url: LOGO.path, width: LOGO.width, height: LOGO.height, alt: site.name }],
    },
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
  return {
    ...base,
    authors: article.author ? [{ name: article.author }] : undefined,
    openGraph: {
      ...base.openGraph,
      type: 'article',
      publishedTime: isoInShanghai(article.date),
      modifiedTime: isoInShanghai(article.date),
      section: article.channel.name,
      authors: article.author ? [article.author] : undefined,
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

/** JSON-LD for an article: NewsArticle and its BreadcrumbList. */
export function articleJsonLd(site: Site, article: Article) {
  const url = absoluteUrl(site, articlePath(article.slug))
  return [
    {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title,
      description: article.description,
      datePublished: isoInShanghai(article.date),
      dateModified: isoInShanghai(article.date),
      author: article.author
        ? { '@type': 'Person', name: article.author }
        : { '@type': 'Organization', name: article.source ?? site.name },
      publisher: organization(site),
      mainEntityOfPage: { '@type': 'WebPage', '@id': url },
      url,
      articleSection: article.channel.name,
      inLanguage: 'zh-CN',
      image: [absoluteUrl(site, LOGO.path)],
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
