// @ts-check
// Generates a synthetic content folder for tests and benchmarks: site.md copied from content/,
// and N deterministic articles whose titles start with 【测试】, built from the seed article's text.
// Never write into content/: generated articles are not news.
//
//   node scripts/tools/generate-corpus.mjs --out /tmp/corpus --articles 1000 [--channels minsheng]
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'

const here = path.dirname(new URL(import.meta.url).pathname)
const root = path.resolve(here, '../..')

/** The seed article's paragraphs, from the captured page kept in tests/fixtures. */
export function seedParagraphs() {
  const lines = fs.readFileSync(path.join(root, 'tests/fixtures/seed-page.txt'), 'utf8').split('\n')
  return lines.slice(7, 26).map((l) => l.trim()).filter(Boolean)
}

/** @param {number} n */
const pad = (n, width = 2) => String(n).padStart(width, '0')

const CHANNELS = ['关注民生', '廉政建设', '法治动态', '乡村振兴']

/**
 * Article i (0-based) of a generated corpus, dated `hoursApart` hours before `newest` (Beijing
 * time), so article 0 is the newest: its slug, title, Beijing date stamp, channel name and
 * Markdown body (six paragraphs of the seed text, the third a heading).
 */
/**
 * @param {number} i
 * @param {{ channels?: string[], newest?: string, hoursApart?: number, paragraphs?: string[] }} [options]
 */
export function corpusArticle(i, { channels = CHANNELS, newest = '2026-01-01T12:00:00+08:00', hoursApart = 7, paragraphs = seedParagraphs() } = {}) {
  const date = new Date(new Date(newest).getTime() - i * hoursApart * 3_600_000 + 8 * 3_600_000) // shift to Beijing wall time
  const stamp = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`
  const body = Array.from({ length: 6 }, (_, k) => paragraphs[(i + k) % paragraphs.length])
    .map((p, k) => (k === 2 ? `## ${p.slice(0, 18)}` : p))
    .join('\n\n')
  return {
    slug: `test-${pad(i + 1, 6)}`,
    title: `【测试】第 ${i + 1} 篇 ${paragraphs[i % paragraphs.length].slice(0, 16).replace(/"/g, '')}`,
    stamp,
    channel: channels[i % channels.length],
    body,
  }
}

/**
 * Writes `count` articles (corpusArticle) into `dir/articles` and site.md into `dir`.
 * Returns the slugs in newest-first order.
 * @param {string} dir
 * @param {{ count: number, channels?: string[], newest?: string, hoursApart?: number, siteFile?: string }} options
 * @returns {string[]}
 */
export function writeCorpus(
  dir,
  { count, channels, newest = '2026-01-01T12:00:00+08:00', hoursApart = 7, siteFile = path.join(root, 'content/site.md') },
) {
  fs.mkdirSync(path.join(dir, 'articles'), { recursive: true })
  fs.copyFileSync(siteFile, path.join(dir, 'site.md'))
  const paragraphs = seedParagraphs()
  const slugs = []
  for (let i = 0; i < count; i++) {
    const { slug, title, stamp, channel, body } = corpusArticle(i, { channels: channels ?? CHANNELS, newest, hoursApart, paragraphs })
    fs.writeFileSync(
      path.join(dir, 'articles', `${slug}.md`),
      [
        '---',
        `title: "${title}"`,
        `date: ${stamp}`,
        `category: ${channel}`,
        'source: 测试来源',
        'author: 测试作者',
        `sourceUrl: https://example.com/news/${i + 1}.html`,
        '---',
        '',
        body,
        '',
      ].join('\n'),
    )
    slugs.push(slug)
  }
  return slugs
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, articles: { type: 'string', default: '1000' }, channels: { type: 'string' } },
  })
  if (!values.out) {
    console.error('usage: node scripts/tools/generate-corpus.mjs --out DIR [--articles N] [--channels 关注民生,廉政建设]')
    process.exit(2)
  }
  const slugs = writeCorpus(path.resolve(values.out), {
    count: Number(values.articles),
    channels: values.channels?.split(','),
  })
  console.log(`wrote ${slugs.length} articles to ${values.out}`)
}
