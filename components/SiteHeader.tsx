import type { Channel, Site } from '@/lib/content'
import { ARCHIVE_PATH, channelPath } from '@/lib/routes'
import { SearchForm } from './SearchForm'

interface SiteHeaderProps {
  site: Site
  /** The channel the reader is in, marked in the navigation. */
  currentChannel?: string
  /** On the home page the site name is the page's heading. */
  isHome?: boolean
}

export function SiteHeader({ site, currentChannel, isHome = false }: SiteHeaderProps) {
  const Name = isHome ? 'h1' : 'p'
  return (
    <header className="site-header">
      <div className="topbar">
        <div className="container">
          <p>{site.greeting}</p>
          <ul className="utility-links">
            <li>
              <a href="/articles/">最新文章</a>
            </li>
            <li>
              <a href={ARCHIVE_PATH}>文章归档</a>
            </li>
            <li>
              <a href="/search/">站内搜索</a>
            </li>
            <li>
              <a href="/feed.xml">RSS 订阅</a>
            </li>
          </ul>
        </div>
      </div>
      <div className="masthead">
        <div className="container">
          <Name className="site-name">
            <a href="/">{site.name}</a>
          </Name>
          <SearchForm />
        </div>
      </div>
      <ChannelNav channels={site.channels} current={currentChannel} isHome={isHome} />
    </header>
  )
}

function ChannelNav({ channels, current, isHome }: { channels: Channel[]; current?: string; isHome: boolean }) {
  return (
    <nav className="channel-nav" aria-label="栏目导航">
      <ul className="container">
        <li>
          <a href="/" aria-current={isHome ? 'page' : undefined}>
            首页
          </a>
        </li>
        {channels.map((channel) => (
          <li key={channel.slug}>
            <a href={channelPath(channel.slug)} aria-current={channel.slug === current ? 'page' : undefined}>
              {channel.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
