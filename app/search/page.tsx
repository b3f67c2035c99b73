import type { Metadata } from 'next'
import { preload } from 'react-dom'
import { Breadcrumb } from '@/components/Breadcrumb'
import { SearchForm } from '@/components/SearchForm'
import { SiteHeader } from '@/components/SiteHeader'
import { content } from '@/lib/content'
import { channelPath, webSearchUrl } from '@/lib/routes'
import { pageMetadata } from '@/lib/seo'
import './search.css'

// Rendered by the build's warm Next server, never prerendered by `next build` (see README).
export const dynamic = 'force-dynamic'

export function generateMetadata(): Metadata {
  const { site } = content()
  return pageMetadata({ site, title: '站内搜索', description: `搜索${site.name}的全部文章。`, path: '/search/' })
}

// Everything the search script needs is in the HTML: it fills the status and the list, and sets
// the box, channel and order from the address (the filters stay hidden without it).
// Without JavaScript the page says so in one sentence and offers a web search engine and the channels.
// A static page cannot see `?q=`: npm start's server (scripts/server/search-page.ts) puts the query into the
// box (#search-page-query) and the web search link (data-web-search), selects the channel and order,
// and, when it can answer from the index, writes the results in: then the filters show, a pager
// follows the list and the sentence marked data-search-needs-script goes.
export default function SearchPage() {
  const { site } = content()
  // The search script's first request, started by the page (a <link rel="preload"> in <head>) while
  // the script itself downloads: one round trip fewer before the first result. It must match the
  // script's fetch() exactly: same URL, CORS mode, credentials same-origin.
  preload('/search-index/index.json', { as: 'fetch', crossOrigin: 'anonymous' })
  return (
    <>
      <SiteHeader site={site} />
      <main id="main" className="container search-page" data-search-page>
        <Breadcrumb trail={[{ label: '首页', href: '/' }, { label: '站内搜索' }]} />
        <h1 className="channel-title">站内搜索</h1>
        <SearchForm id="search-page-query" label="搜索文章" driven>
          <div className="search-options" data-search-options hidden>
            <label htmlFor="search-channel">栏目</label>
            <select id="search-channel" name="channel">
              <option value="">全部栏目</option>
              {site.channels.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
            <fieldset>
              <legend>排序</legend>
              <label>
                <input type="radio" name="sort" value="relevance" /> 相关度
              </label>
              <label>
                <input type="radio" name="sort" value="newest" /> 最新发布
              </label>
            </fieldset>
          </div>
        </SearchForm>
        <p className="search-status" role="status" data-search-status></p>
        <ol className="search-results" data-search-results></ol>
        <button type="button" className="search-more" data-search-more hidden>
          显示更多结果
        </button>
        <noscript>
          <div className="search-noscript">
            <p data-search-needs-script>站内搜索需要浏览器启用 JavaScript,请开启后重试。</p>
            <p>
              <a href={webSearchUrl(site.url)} data-web-search>用百度搜索本站文章</a>
            </p>
            <p>也可以按栏目浏览:</p>
            <ul>
              {site.channels.map((c) => (
                <li key={c.slug}>
                  <a href={channelPath(c.slug)}>{c.name}</a>
                </li>
              ))}
            </ul>
          </div>
        </noscript>
        {/* A module script is deferred by the browser; the rule does not know type="module". */}
        {/* eslint-disable-next-line @next/next/no-sync-scripts */}
        <script type="module" src="/js/search.js" />
      </main>
    </>
  )
}
