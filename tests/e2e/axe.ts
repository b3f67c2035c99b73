// axe-core for tests that check many pages: loaded into every document a page opens, before the
// page's own scripts, instead of AxeBuilder's injection over the DevTools protocol on every check,
// which costs about a second a check (5 page types × 2 widths × 8 reader modes is 80 checks).
import { createRequire } from 'node:module'
import type { Page } from '@playwright/test'
import type { AxeResults, RunOptions } from 'axe-core'

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

export const installAxe = (page: Page) => page.addInitScript({ path: axeSource })

/** WCAG 2 A and AA violations of the page as it is now: one line per rule, naming the elements. */
export function wcagViolations(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] })
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
}
