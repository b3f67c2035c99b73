import type { Channel, Site } from '@/lib/content'
import { channelPath } from '@/lib/routes'

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
        <p className="container">{site.greeting}</p>
      </div>
      <div className="masthead">
        <div className="container">
          <Name className="site-name">
            <a href="/">{site.name}</a>
          </Name>
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
