import { ArticleList } from '@/components/ArticleList'
import { SiteHeader } from '@/components/SiteHeader'
import { content } from '@/lib/content'
import { channelPath } from '@/lib/routes'

const LATEST = 12
const PER_CHANNEL = 6

export default function HomePage() {
  const { site, articles, byChannel } = content()
  return (
    <>
      <SiteHeader site={site} isHome />
      <main id="main" className="container home">
        <section className="latest" aria-labelledby="latest-heading">
          <h2 id="latest-heading">最新发布</h2>
          <ArticleList articles={articles.slice(0, LATEST)} showChannel />
        </section>
        <div className="channel-blocks">
          {site.channels.map((channel) => (
            <section key={channel.slug} className="channel-block" aria-labelledby={`channel-${channel.slug}`}>
              <h2 id={`channel-${channel.slug}`}>
                <a href={channelPath(channel.slug)}>{channel.name}</a>
              </h2>
              <ArticleList articles={(byChannel.get(channel.slug) ?? []).slice(0, PER_CHANNEL)} />
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
