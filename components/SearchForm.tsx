interface SearchFormProps {
  /** The query to show in the box (on the search page). */
  query?: string
  id?: string
}

/** A plain GET form to /search/: it works from any page, JavaScript or not. */
export function SearchForm({ query, id = 'site-search' }: SearchFormProps) {
  return (
    <form className="search-form" action="/search/" method="get" role="search" aria-label="站内搜索">
      <label htmlFor={id} className="visually-hidden">
        搜索本站文章
      </label>
      <input id={id} type="search" name="q" defaultValue={query} placeholder="搜索本站文章" autoComplete="off" />
      <button type="submit">搜索</button>
    </form>
  )
}
