import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'
import { AccessibilityToolbar } from '@/components/AccessibilityToolbar'
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
        {/* Blocking on purpose (0.6 KB, cached): it applies the reader's saved 字号, 配色, 页面缩放 and the
            other 无障碍 settings before the page is drawn, so nothing jumps; the tools' own code
            (/js/toolbar.js) loads only when the reader uses them. */}
        {/* eslint-disable-next-line @next/next/no-sync-scripts */}
        <script src="/js/reader.js" />
      </head>
      <body>
        <a className="skip-link" href="#main">
          跳到主要内容
        </a>
        <AccessibilityToolbar />
        <HeldArticlesBanner held={held} />
        {error ? <ContentErrorPage problems={error.problems} /> : children}
        {site && <SiteFooter site={site} />}
      </body>
    </html>
  )
}
