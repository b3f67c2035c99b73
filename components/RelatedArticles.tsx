import type { ListItem } from '@/lib/view-items'
import { ArticleList } from './ArticleList'

export function RelatedArticles({ articles }: { articles: ListItem[] }) {
  if (articles.length === 0) return null
  return (
    <section className="related" aria-labelledby="related-heading">
      <h2 id="related-heading">相关文章</h2>
      <ArticleList articles={articles} />
    </section>
  )
}
