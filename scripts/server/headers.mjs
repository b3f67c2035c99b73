// @ts-check
// The HTTP headers every response of the site carries, shared by `npm start` (scripts/server/serve.ts)
// and checked against deploy/nginx.conf by the tests, so both servers promise the same thing.

/** Scripts only from our own origin: nothing inline can run, whatever a page contains. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
}

/** Sent only where the site is served over HTTPS (production), never on http://localhost. */
export const HSTS = 'max-age=31536000; includeSubDomains'

/**
 * Hashed build assets never change; the search index's files are fetched with their generation in
 * the address (?v=), so an hour is safe, except index.json, which names the generation; HTML and
 * feeds are re-checked after five minutes. Every answer says no-transform: Baidu's mobile
 * transcoder (and other proxies) rewrite pages unless told not to, and the header is the way to say
 * it (a <meta http-equiv="Cache-Control"> is invalid HTML).
 */
/** @param {string} pathname */
export function cacheControl(pathname) {
  if (pathname.startsWith('/_next/static/')) return 'public, max-age=31536000, immutable, no-transform'
  if (pathname.startsWith('/search-index/') && pathname !== '/search-index/index.json') return 'public, max-age=3600, no-transform'
  return 'public, max-age=300, must-revalidate, no-transform'
}
