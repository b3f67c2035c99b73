/** An XML response for a route handler (sitemaps and feeds), rendered by the build into a static file. */
export const xmlResponse = (body: string, type = 'application/xml') =>
  new Response(body, { headers: { 'Content-Type': `${type}; charset=utf-8` } })
