import { connection } from 'next/server'
import { Breadcrumb } from '@/components/Breadcrumb'
import { SearchForm } from '@/components/SearchForm'
import { SiteHeader } from '@/components/SiteHeader'
import { content } from '@/lib/content'
import { channelPath } from '@/lib/routes'

// No robots metadata: Next already marks its not-found page noindex, and a second tag is an error.
export const metadata = { title: '页面不存在' }

export default async function NotFound() {
  // Rendered with the site's current content by the build's warm server, never at compile time.
  await connection()
  const { site } = content()
  return (
    <>
      <SiteHeader site={site} />
      <main id="main" className="container not-found">
        <Breadcrumb trail={[{ label: '首页', href: '/' }, { label: '页面不存在' }]} />
        <h1 className="channel-title">页面不存在</h1>
        <p>您要找的页面不存在,可能已被删除或网址有误。可以搜索本站文章:</p>
        <SearchForm id="not-found-search" label="搜索本站文章" />
        <p>
          <a href="/">返回首页</a>,或浏览以下栏目:
        </p>
        <ul className="channel-links">
          {site.channels.map((channel) => (
            <li key={channel.slug}>
              <a href={channelPath(channel.slug)}>{channel.name}</a>
            </li>
          ))}
        </ul>
      </main>
    </>
  )
}
