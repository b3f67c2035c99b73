// What the search specs (search.spec.ts, corpus.search.spec.ts) look at on /search/.
import type { Page } from '@playwright/test'

/** The results listed, as list items. */
export const results = (page: Page) => page.locator('[data-search-results] > li')

/** The slugs of the results listed, in order. */
export const slugs = (page: Page) => results(page).getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.split('/')[2]))

/**
 * Records, from before the page is parsed, every node removed from the status or the results list:
 * the parser only adds nodes, so any removal is the script clearing or redrawing what the server wrote.
 */
export async function watchRemovals(page: Page) {
  await page.addInitScript(() => {
    const removed: string[] = ((window as unknown as { removedFromResults: string[] }).removedFromResults = [])
    new MutationObserver((records) => {
      for (const record of records) {
        const target = record.target instanceof Element ? record.target : record.target.parentElement
        if (!target?.closest('[data-search-results], [data-search-status]')) continue
        for (const node of record.removedNodes) removed.push(`${target.tagName}: ${node.textContent}`)
        if (record.type === 'characterData') removed.push(`${target.tagName}: ${record.oldValue}`)
      }
    }).observe(document, { childList: true, subtree: true, characterData: true, characterDataOldValue: true })
  })
}

/** What watchRemovals() saw removed so far. */
export const removals = (page: Page) => page.evaluate(() => (window as unknown as { removedFromResults: string[] }).removedFromResults)
