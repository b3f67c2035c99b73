import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'
import { SiteFooter } from '@/components/SiteFooter'
import { content } from '@/lib/content'
import { baseMetadata } from '@/lib/seo'
import './globals.css'

export function generateMetadata(): Metadata {
  const { site } = content()
  return { ...baseMetadata(site), title: { default: site.name, template: `%s - ${site.name}` } }
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#b31b1b' }

export default function RootLayout({ children }: { children: ReactNode }) {
  const { site } = content()
  return (
    <html lang="zh-CN">
      <head>
        {/* Blocking on purpose (1 KB, cached): it applies the reader's saved font size and contrast
            before the page is drawn, so nothing jumps. The tools it wires exist on article pages. */}
        {/* eslint-disable-next-line @next/next/no-sync-scripts */}
        <script src="/js/reader.js" />
      </head>
      <body>
        <a className="skip-link" href="#main">
          跳到主要内容
        </a>
        {children}
        <SiteFooter site={site} />
      </body>
    </html>
  )
}
