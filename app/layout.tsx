import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'
import { SiteFooter } from '@/components/SiteFooter'
import { content } from '@/lib/content'
import './globals.css'

export function generateMetadata(): Metadata {
  const { site } = content()
  return {
    metadataBase: new URL(site.url + '/'),
    title: { default: site.name, template: `%s - ${site.name}` },
    applicationName: site.name,
  }
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#b31b1b' }

export default function RootLayout({ children }: { children: ReactNode }) {
  const { site } = content()
  return (
    <html lang="zh-CN">
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
