/** The article text. `html` must come from lib/markdown, which sanitizes it. */
export function ArticleBody({ html }: { html: string }) {
  return <div className="article-body" dangerouslySetInnerHTML={{ __html: html }} />
}
