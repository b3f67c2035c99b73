import type { Metadata } from 'next'
import { Breadcrumb } from '@/components/Breadcrumb'
import { SearchForm } from '@/components/SearchForm'
import { SiteHeader } from '@/components/SiteHeader'
import { content } from '@/lib/content'
import { channelPath } from '@/lib/routes'
import { pageMetadata } from '@/lib/seo'

// Rendered by the build's warm Next server, never prerendered by `next build` (see README).
export const dynamic = 'force-dynamic'

export function generateMetadata(): Metadata {
  const { site } = content()
  return pageMetadata({ site, title: '站内搜索', description: `搜索${site.name}的全部文章。`, path: '/search/' })
}

export default function SearchPage() {
  const { site } = content()
  return (
    <>
      <SiteHeader site={site} />
      <main id="main" className="container search-page" data-search-page>
        <Breadcrumb trail={[{ label: '首页', href: '/' }, { label: '站内搜索' }]} />
        <h1 className="channel-title">站内搜索</h1>
        <SearchForm id="search-page-query" />
        <p className="search-status" role="status" data-search-status>
          请输入要搜索的词语,例如:乡村振兴。
        </p>
        <ol className="search-results" data-search-results></ol>
        <noscript>
          <p className="empty">
            站内搜索需要浏览器启用 JavaScript。您也可以按栏目浏览:
            {site.channels.map((c) => (
              <a key={c.slug} href={channelPath(c.slug)}>
                {' '}
                {c.name}
              </a>
            ))}
          </p>
        </noscript>
        {/* A module script is deferred by the browser; the rule does not know type="module". */}
        {/* eslint-disable-next-line @next/next/no-sync-scripts */}
        <script type="module" src="/js/search.js" />
      </main>
    </>
  )
}
