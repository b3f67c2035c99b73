import type { ReactNode } from 'react'

interface SearchFormProps {
  /** The query to show in the box. */
  query?: string
  /** The input's id: unique on the page. */
  id?: string
  /**
   * The search landmark's name. A page with two search forms (the header's and its own) must give
   * them different names, or a screen reader's list of landmarks shows two alike (axe landmark-unique).
   */
  label?: string
  /** More fields sent with the query (the search page's channel and order). */
  children?: ReactNode
  /** Marks the form the search script drives. */
  driven?: boolean
}

/** A plain GET form to /search/: it works from any page, JavaScript or not. */
export function SearchForm({ query, id = 'site-search', label = '站内搜索', children, driven = false }: SearchFormProps) {
  return (
    <form className="search-form" action="/search/" method="get" role="search" aria-label={label} data-search-form={driven || undefined}>
      <div className="search-box">
        <label htmlFor={id} className="visually-hidden">
          搜索本站文章
        </label>
        <input id={id} type="search" name="q" defaultValue={query} placeholder="搜索本站文章" autoComplete="off" />
        <button type="submit">搜索</button>
      </div>
      {children}
    </form>
  )
}
