import { ArticleList } from '@/components/ArticleList'
import { SiteHeader } from '@/components/SiteHeader'
import { content } from '@/lib/content'
import type { Metadata } from 'next'
import { JsonLd } from '@/components/JsonLd'
import { LeadStory } from '@/components/LeadStory'
import { channelPath } from '@/lib/routes'
import { homeJsonLd, pageMetadata, siteDescription } from '@/lib/seo'
import { homeView } from '@/lib/views'

// Rendered by the build's warm Next server, never prerendered by `next build` (see README).
export const dynamic = 'force-dynamic'

export function generateMetadata(): Metadata {
  const { site } = content()
  return pageMetadata({ site, title: site.name, description: siteDescription(site), path: '/' })
}

export default function HomePage() {
  const all = content()
  const { site } = all
  const view = homeView(all)
  return (
    <>
      <JsonLd data={homeJsonLd(site)} />
      <SiteHeader site={site} isHome />
      <main id="main" className="container home">
        {view.lead && <LeadStory article={view.lead} />}
        <section className="latest" aria-labelledby="latest-heading">
          <h2 id="latest-heading">最新发布</h2>
          <ArticleList articles={view.latest} />
          {view.more && (
            <p className="more">
              <a href="/articles/">更多最新文章 &gt;</a>
            </p>
          )}
        </section>
        <div className="channel-blocks">
          {view.channels.map(({ channel, articles }) => (
            <section key={channel.slug} className="channel-block" aria-labelledby={`channel-${channel.slug}`}>
              <h2 id={`channel-${channel.slug}`}>
                <a href={channelPath(channel.slug)}>{channel.name}</a>
              </h2>
              <ArticleList articles={articles} />
              <p className="more">
                <a href={channelPath(channel.slug)} aria-label={`更多${channel.name}文章`}>
                  更多 &gt;
                </a>
              </p>
            </section>
          ))}
        </div>
      </main>
    </>
  )
}
