import { PHASE_DEVELOPMENT_SERVER } from 'next/constants.js'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A static site: `next build` writes plain files to out/, served by any static host.
  output: 'export',
  // out/articles/<slug>/index.html, which every static server maps to /articles/<slug>/.
  trailingSlash: true,
  images: { unoptimized: true },
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` and CI type-check with `tsc --noEmit`; repeating it in every build costs ~5 s and
  // gives editors, who only change Markdown, nothing.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // On 2 cores Next otherwise renders pages with a single worker (see shared/KNOWN-GOOD.md).
    cpus: 2,
    // Prefetch inlining gzips every page's flight data to size client-router prefetches. Pages
    // ship no client router (scripts/postbuild.mjs), so that is ~0.5 ms a page for nothing.
    prefetchInlining: false,
  },
  // With output: 'export', distDir names the output folder; tests build other corpora beside out/.
  ...(process.env.OUT_DIR ? { distDir: process.env.OUT_DIR } : {}),
}

/**
 * `npm run dev` previews the same pages without the export's check that every address a page is
 * asked for is in its generateStaticParams(): that check answers an unknown address, and an article
 * whose file has a mistake, with a server error in English instead of the 404 page, or instead of
 * the list of content problems the root layout shows in development.
 */
export default function config(phase) {
  return phase === PHASE_DEVELOPMENT_SERVER ? { ...nextConfig, output: undefined } : nextConfig
}
