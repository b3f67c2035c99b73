import { tagPath } from '@/lib/routes'

/** 关键词: each tag a link to its page. */
export function ArticleTags({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null
  return (
    <nav className="article-tags" aria-label="关键词">
      <span>关键词:</span>
      <ul>
        {tags.map((tag) => (
          <li key={tag}>
            <a href={tagPath(tag)} rel="tag">
              {tag}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
