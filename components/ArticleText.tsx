import type { ReactNode } from 'react'
import { ArticleBody } from '@/components/ArticleBody'
import { ArticleTags } from '@/components/ArticleTags'
import { Byline } from '@/components/Byline'
import { CorrectionNotice } from '@/components/CorrectionNotice'
import { Disclaimer } from '@/components/Disclaimer'
import { SourceLink } from '@/components/SourceLink'
import type { Article, Site } from '@/lib/content'

interface ArticleTextProps {
  article: Omit<Article, 'scheduled'> & { scheduled?: boolean }
  site: Site
  /** Reader tools, drawn under the byline (the site's pages; the desk's preview has none). */
  tools?: ReactNode
  /** Drawn last inside the article (the page's WeChat share). */
  children?: ReactNode
}

/** The article as readers see it: title to disclaimer. The article page and the desk's preview both draw it. */
export function ArticleText({ article, site, tools, children }: ArticleTextProps) {
  return (
    <article className="article">
      {(article.draft || article.scheduled) && (
        <p className="draft-banner" role="note">
          {article.draft ? '草稿' : '定时发布'}:本文尚未发布,只在预览中可见
        </p>
      )}
      <h1>{article.title}</h1>
      {article.originalTitle && <p className="original-title">原标题:{article.originalTitle}</p>}
      <Byline date={article.date} updated={article.updated} source={article.source} author={article.author} />
      {tools}
      <ArticleBody html={article.html} />
      {article.editor && <p className="editor">责任编辑:{article.editor}</p>}
      <CorrectionNotice text={article.correction} updated={article.updated} />
      <ArticleTags tags={article.tags} />
      <SourceLink url={article.sourceUrl} />
      {/* The reposting disclaimer belongs to articles taken from other outlets, not our own reporting. */}
      {article.reposted && <Disclaimer text={site.disclaimer} />}
      {children}
    </article>
  )
}
