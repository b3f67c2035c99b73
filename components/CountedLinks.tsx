interface CountedLink {
  label: string
  href: string
  count: number
}

/** A list of links, each with how many articles it leads to: every tag, every month. */
export function CountedLinks({ links, emptyText }: { links: CountedLink[]; emptyText: string }) {
  if (links.length === 0) return <p className="empty">{emptyText}</p>
  return (
    <ul className="counted-links">
      {links.map((link) => (
        <li key={link.href}>
          <a href={link.href}>
            {link.label}
            <span className="count">{`(${link.count} 篇)`}</span>
          </a>
        </li>
      ))}
    </ul>
  )
}
