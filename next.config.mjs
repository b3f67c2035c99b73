import { PHASE_DEVELOPMENT_SERVER } from 'next/constants.js'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // `next build` compiles the app; scripts/publish/build.ts then renders every page through Next's own
  // server into out/ as plain files (see README). Next prerenders none of the site's pages here, only
  // its own error page and the icons (app/favicon.ico, icon.png, apple-icon.png). What the build
  // relies on in Next's output is in scripts/publish/next-internals.ts.
  // URLs end in a slash: out/articles/<slug>/index.html, which every static server maps to /articles/<slug>/.
  trailingSlash: true,
  // Every request gets its metadata in <head>, as crawlers do, instead of streamed into <body>.
  htmlLimitedBots: /.*/,
  images: { unoptimized: true },
  poweredByHeader: false,
  // `npm run dev` learns of saved files from @parcel/watcher (lib/content/changes.ts), a native
  // module: loaded from node_modules at run time, never bundled.
  serverExternalPackages: ['@parcel/watcher'],
  reactStrictMode: true,
  // `npm test` and CI type-check with `tsc --noEmit`; repeating it in every build costs ~5 s and
  // gives editors, who only change Markdown, nothing.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // Prefetch inlining gzips every page's flight data to size client-router prefetches. Pages
    // ship no client router (scripts/publish/strip.ts), so that is ~0.5 ms a page for nothing.
    prefetchInlining: false,
    // Code changes are rare next to content changes; a warm cache makes the recompile ~3 s.
    turbopackFileSystemCacheForBuild: true,
  },
}

/**
 * `npm run dev` serves /images/… through app/dev-images/, which looks in the content folder's
 * images/ before public/, as the build does (scripts/publish/assets.ts). A `beforeFiles` rewrite is
 * the one that runs before Next's own public/ files; a build has no such rewrite.
 * @param {string} phase
 * @returns {import('next').NextConfig}
 */
export default function config(phase) {
  if (phase !== PHASE_DEVELOPMENT_SERVER) return nextConfig
  return {
    ...nextConfig,
    rewrites: async () => ({ beforeFiles: [{ source: '/images/:path*', destination: '/dev-images/:path*' }], afterFiles: [], fallback: [] }),
  }
}
