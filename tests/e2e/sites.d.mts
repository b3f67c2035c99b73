// Types for sites.mjs, which tests/playwright.config.ts imports (tsc does not read .mjs files).

export interface SiteSpec {
  port: number
  out?: string
  fill?: (dir: string) => unknown
  env?: Record<string, string>
}

export const e2eDir: string
export const SITES: Record<'seed' | 'corpus' | 'states' | 'preview' | 'empty' | 'hostile', SiteSpec>
export function buildSite(name: string): void
export function outDir(name: string): string
