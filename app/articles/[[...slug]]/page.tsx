import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Breadcrumb } from '@/components/Breadcrumb'
import { ArticleList } from '@/components/ArticleList'
import { ArticleNeighbours } from '@/components/ArticleNeighbours'
import { ArticleText } from '@/components/ArticleText'
import { HeldArticleProblems } from '@/components/HeldArticleProblems'
import { ReaderTools } from '@/components/ReaderTools'
import { RelatedArticles } from '@/components/RelatedArticles'
import { WeChatShare } from '@/components/WeChatShare'
import { JsonLd } from '@/components/JsonLd'
import { SiteHeader } from '@/components/SiteHeader'
import { content, heldArticles, refreshArticle } from '@/lib/content'
import { qrImage } from '@/lib/qr'
import { ARCHIVE_PATH, articlePath, channelPath } from '@/lib/routes'
import { absoluteUrl, articleJsonLd, articleMetadata, pageMetadata } from '@/lib/seo'
import { articleView, latestView } from '@/lib/views'

// An optional catch-all: /articles/ is the latest articles, /articles/<slug>/ an article.
type Params = Promise<{ slug?: string[] }>

// Rendered by the build's warm Next server, never prerendered by `next build` (see README).
export const dynamic = 'force-dynamic'

/** The view of the article a URL names; undefined for /articles/ itself and for anything unknown. */
async function articleAt(params: Params) {
  const { slug = [] } = await params
  if (slug.length !== 1) return undefined
  refreshArticle(slug[0]) // npm run dev: this article's own save shows on its next request
  return articleView(content(), slug[0])
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { site } = content()
  if (((await params).slug ?? []).length === 0) {
    return pageMetadata({ site, title: '最新文章', description: `${site.name}各栏目最新发布的文章。`, path: '/articles/' })
  }
  const view = await articleAt(params)
  return view ? articleMetadata(site, view.article) : {}
}

export default async function ArticlePage({ params }: { params: Params }) {
  if (((await params).slug ?? []).length === 0) return <LatestArticles />
  // npm run dev: an article held back by its mistakes shows them on its own page.
  const [slug] = (await params).slug ?? []
  refreshArticle(slug)
  const held = heldArticles().find((h) => h.slug === slug)
  if (held) return <HeldArticleProblems held={held} />
  const { article, older, newer, related } = (await articleAt(params)) ?? notFound()
  const { site } = content()
  const qr = qrImage(absoluteUrl(site, articlePath(article.slug)))
  return (
    <>
      <JsonLd data={articleJsonLd(site, article)} />
      <SiteHeader site={site} currentChannel={article.channel.slug} />
      <main id="main" className="container">
        <Breadcrumb
          trail={[
            { label: '首页', href: '/' },
            { label: article.channel.name, href: channelPath(article.channel.slug) },
            { label: '正文' },
          ]}
        />
        <ArticleText article={article} site={site} tools={<ReaderTools />}>
          <WeChatShare image={qr} />
        </ArticleText>
        <ArticleNeighbours older={older} newer={newer} />
        <RelatedArticles articles={related} />
      </main>
    </>
  )
}

/** /articles/: the latest articles of every channel, for readers and crawlers. */
function LatestArticles() {
  const all = content()
  const { site } = all
  const { articles, more } = latestView(all)
  return (
    <>
      <SiteHeader site={site} />
      <main id="main" className="container">
        <Breadcrumb trail={[{ label: '首页', href: '/' }, { label: '最新文章' }]} />
        <h1 className="channel-title">最新文章</h1>
        <ArticleList articles={articles} />
        {more && (
          <p className="more">
            更早的文章请<a href={ARCHIVE_PATH}>按月份浏览</a>,或进入各栏目浏览:
            {site.channels.map((c) => (
              <a key={c.slug} href={channelPath(c.slug)}>
                {c.name}{' '}
              </a>
            ))}
          </p>
        )}
      </main>
    </>
  )
}
