// docs/editing.md lists every message `npm run check` prints, generated from its real output.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CATALOG, GUIDE, renderCatalog, withCatalog } from '@/scripts/tools/error-catalog'
import { ARTICLE_CASES, SITE_CASES, WARNING_CASES } from './invalid-cases'

const root = path.resolve(__dirname, '../..')

describe('the editor guide', { timeout: 180_000 }, () => {
  it('lists the current output of npm run check for every fixture (run npx tsx scripts/tools/error-catalog.ts to update)', () => {
    const guide = fs.readFileSync(GUIDE, 'utf8')
    expect(withCatalog(guide, renderCatalog())).toBe(guide)
  })

  it('explains every fixture of the check tests', () => {
    const explained = new Set(CATALOG.flatMap(([, entries]) => entries.map((e) => path.basename(e.fixture))))
    for (const [file] of [...ARTICLE_CASES, ...WARNING_CASES, ...SITE_CASES]) expect(explained).toContain(file)
  })

  it('is linked from the README and links the raw HTML guide', () => {
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('(docs/editing.md)')
    expect(fs.readFileSync(GUIDE, 'utf8')).toContain('(raw-html.md)')
  })
})
