/** @type {import('next').NextConfig} */
const nextConfig = {
  // A static site: `next build` writes plain files to out/, served by any static host.
  output: 'export',
  // out/articles/<slug>/index.html, which every static server maps to /articles/<slug>/.
  trailingSlash: true,
  images: { unoptimized: true },
  poweredByHeader: false,
  reactStrictMode: true,
  // On 2 cores Next otherwise renders pages with a single worker (see shared/KNOWN-GOOD.md).
  experimental: { cpus: 2 },
  // With output: 'export', distDir names the output folder; tests build other corpora beside out/.
  ...(process.env.OUT_DIR ? { distDir: process.env.OUT_DIR } : {}),
}

export default nextConfig
