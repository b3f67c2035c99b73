// Types for sites.mjs, so the Playwright config and specs type-check (the project has allowJs off).
export interface SiteSpec {
  port: number
  out?: string
  fill?: (dir: string) => void
  env?: Record<string, string>
}
export const e2eDir: string
export const SITES: Record<string, SiteSpec>
export function buildSite(name: string): void
export function outDir(name: string): string
