import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'
import { ContentErrorPage } from '@/components/ContentErrorPage'
import { HeldArticlesBanner } from '@/components/HeldArticlesBanner'
import { SiteFooter } from '@/components/SiteFooter'
import { content, contentError, heldArticles } from '@/lib/content'
import { baseMetadata } from '@/lib/seo'
import './globals.css'

export function generateMetadata(): Metadata {
  const { site } = content()
  return { ...baseMetadata(site), title: { default: site.name, template: `%s - ${site.name}` } }
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#b31b1b' }

export default function RootLayout({ children }: { children: ReactNode }) {
  // Only in development: the build stops on content problems before any page is rendered.
  const error = contentError()
  const site = error ? undefined : content().site
  // A broken article file holds back that article alone: named in a banner, not in place of every page.
  const held = error ? [] : heldArticles()
  return (
    // reader.js sets the reader's saved settings on <html> (data-font-size, data-contrast, ...)
    // before the page is drawn; React, which hydrates only `npm run dev`'s pages, is told to expect it.
    <html lang="zh-CN" suppressHydrationWarning>
      <head>
        {/* Blocking on purpose (0.3 KB, cached): it applies the reader's saved 字号, 高对比度 and 大鼠标
            before the page is drawn, so nothing jumps. Article pages wire their tools in reader-tools.js. */}
        {/* eslint-disable-next-line @next/next/no-sync-scripts */}
        <script src="/js/reader.js" />
      </head>
      <body>
        <a className="skip-link" href="#main">
          跳到主要内容
        </a>
        <HeldArticlesBanner held={held} />
        {error ? <ContentErrorPage problems={error.problems} /> : children}
        {site && <SiteFooter site={site} />}
      </body>
    </html>
  )
}
