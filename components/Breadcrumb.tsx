export interface Crumb {
  label: string
  /** Omitted for the current page, which is not a link. */
  href?: string
}

export function Breadcrumb({ trail }: { trail: Crumb[] }) {
  return (
    <nav className="breadcrumb" aria-label="当前位置">
      当前位置:
      <ol>
        {trail.map((crumb, i) => (
          <li key={crumb.label + i}>
            {i > 0 && <span aria-hidden="true"> &gt; </span>}
            {crumb.href ? <a href={crumb.href}>{crumb.label}</a> : <span aria-current="page">{crumb.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  )
}
