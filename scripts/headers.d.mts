// Types for headers.mjs, which the TypeScript tests import (tsc does not read .mjs files).

export const CONTENT_SECURITY_POLICY: string
export const SECURITY_HEADERS: Record<string, string>
export const HSTS: string
export function cacheControl(pathname: string): string
