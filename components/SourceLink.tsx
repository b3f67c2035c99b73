/** 原文链接: the republished article's original address, shown as text and as a link. */
export function SourceLink({ url }: { url?: string }) {
  if (!url) return null
  return (
    <p className="source-link">
      原文链接:
      <a href={url} rel="noopener nofollow">
        {url}
      </a>
    </p>
  )
}
