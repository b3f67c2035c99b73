// xmllint (Debian libxml2-utils) against the vendored schemas of tests/fixtures/xsd/: the sitemaps'
// validity checked by a real validator, offline.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export type Schema = 'sitemap' | 'siteindex' | 'news-sitemap'

/** xmllint's complaints about `xml` against one of the vendored schemas: '' when it is valid. */
export function schemaErrors(xml: string, schema: Schema): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsd-'))
  try {
    fs.writeFileSync(path.join(dir, 'file.xml'), xml)
    const xsd = path.resolve(import.meta.dirname, `fixtures/xsd/${schema}.xsd`)
    const result = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, path.join(dir, 'file.xml')], { encoding: 'utf8' })
    if (result.error) throw result.error
    return result.status === 0 ? '' : result.stderr
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
