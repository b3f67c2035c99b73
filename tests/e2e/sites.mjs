// @ts-check
// The sites the end-to-end tests walk: the real content (out/, built by `npm run build`) and
// generated corpora, each built into .e2e/<name>/ with its own CONTENT_DIR and served on its own port.
//
//   node tests/e2e/sites.mjs        builds every generated corpus (the real site is npm run build's)
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { writeCorpus } from '../../scripts/tools/generate-corpus.mjs'
import { writeNewsroomCorpus } from '../newsroom-corpus.mjs'
import { writeSearchCorpus } from '../search-corpus.mjs'
import { cameraPhoto, tagLikeAPhone } from '../photos.mjs'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
export const e2eDir = path.join(root, '.e2e')

/** @param {string} fields */
const article = (fields) => `---\n${fields}\n---\n\n本文为测试生成的内容,用于检验发布状态。\n`
/** @param {Date} date */
const shanghaiStamp = (date) =>
  new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

// Ports start at E2E_PORT_BASE (default 4310), so two checkouts can run their tests side by side.
const base = Number(process.env.E2E_PORT_BASE || 4310)

/** @typedef {{ port: number, out?: string, fill?: (dir: string) => unknown, env?: Record<string, string> }} Site */

/**
 * Each generated site: how to fill its content folder, its port, and extra build environment.
 * @type {Record<string, Site>}
 */
export const SITES = {
  seed: { port: base + 0, out: 'out' },
  // 65 articles in one channel: a front page and two archive pages, prev/next, related, search.
  corpus: {
    port: base + 1,
    // Newest an hour before the build, 7 hours apart: some fall in the news sitemap's 48 hours.
    fill: (dir) => writeCorpus(dir, { count: 65, channels: ['关注民生'], newest: new Date(Date.now() - 3_600_000).toISOString() }),
  },
  // A published article beside a draft and one dated a day after the build, and an article with a
  // photo kept in the content folder's images/.
  states: { port: base + 2, fill: fillStates },
  // The same folder built as an editor's preview, drafts and scheduled articles shown with a banner.
  preview: { port: base + 3, fill: fillStates, env: { CONTENT_PREVIEW: '1' } },
  // A brand-new site: site.md and no articles at all.
  empty: { port: base + 4, fill: (dir) => writeCorpus(dir, { count: 0 }) },
  // Script, handlers, javascript: links and mXSS in bodies and front matter (tests/fixtures/hostile).
  hostile: { port: base + 5, fill: (dir) => fs.cpSync(path.join(root, 'tests/fixtures/hostile'), dir, { recursive: true }) },
  // Twelve articles on distinct topics and the query table they answer (tests/search-corpus.mjs).
  search: { port: base + 6, fill: writeSearchCorpus },
  // Pinned articles, a corrected one, tags with an archive page, a month's end in Beijing time.
  newsroom: { port: base + 7, fill: writeNewsroomCorpus },
}

/** @param {string} dir */
async function fillStates(dir) {
  writeCorpus(dir, { count: 0 })
  const tomorrow = shanghaiStamp(new Date(Date.now() + 24 * 3_600_000))
  fs.writeFileSync(path.join(dir, 'articles/published-article.md'), article('title: 已发布的文章\ndate: 2024-03-01\ncategory: 关注民生'))
  fs.writeFileSync(path.join(dir, 'articles/draft-article.md'), article('title: 尚未完成的草稿\ndate: 2024-03-02\ncategory: 关注民生\ndraft: true'))
  fs.writeFileSync(path.join(dir, 'articles/scheduled-article.md'), article(`title: 明天才发布的文章\ndate: ${tomorrow}\ncategory: 法治动态`))
  // A phone photo: a real JPEG, 1500×1000 as stored, with EXIF orientation 6 (shown upright,
  // 1000×1500) and the GPS position, maker, owner and serial number a phone leaves in it. Then a
  // real 1200×675 PNG. Both published through the photo pipeline from content/images/.
  fs.mkdirSync(path.join(dir, 'images/2024'), { recursive: true })
  const phone = path.join(dir, 'images/2024/huiyi.jpg')
  fs.writeFileSync(phone, await cameraPhoto(1500, 1000))
  tagLikeAPhone(phone, 6)
  fs.copyFileSync(path.join(root, 'public/share.png'), path.join(dir, 'images/2024/zoufang.png'))
  fs.writeFileSync(
    path.join(dir, 'articles/photo-article.md'),
    `${article('title: 带照片的文章\ndate: 2024-03-03\ncategory: 关注民生')}\n![座谈会现场](/images/2024/huiyi.jpg)\n\n${'照片下面的一段。'.repeat(60)}\n\n${'又一段文字。'.repeat(80)}\n\n![驻村工作队走访农户](/images/2024/zoufang.png)\n\n照片下面的一段。\n`,
  )
}

/** Builds one generated site into .e2e/<name>/out; throws with the build's output on failure. */
/** @param {string} name */
export async function buildSite(name) {
  const site = SITES[name]
  const base = path.join(e2eDir, name)
  fs.rmSync(base, { recursive: true, force: true })
  const content = path.join(base, 'content')
  await site.fill?.(content)
  const out = path.relative(root, path.join(base, 'out'))
  const started = Date.now()
  const result = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: root,
    // Built on a machine west of UTC: a bare date must still mean Beijing time.
    env: { ...process.env, TZ: 'America/Los_Angeles', CONTENT_DIR: content, OUT_DIR: out, ...site.env },
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`building the ${name} site failed:\n${result.stdout}\n${result.stderr}`)
  console.log(`built ${name} site in ${((Date.now() - started) / 1000).toFixed(1)} s → ${out}`)
}

/** @param {string} name */
export const outDir = (name) => path.join(root, SITES[name].out ?? path.join('.e2e', name, 'out'))

if (import.meta.url === `file://${process.argv[1]}`) {
  fs.mkdirSync(e2eDir, { recursive: true })
  const only = process.argv.slice(2)
  for (const name of Object.keys(SITES).filter((n) => SITES[n].fill && (only.length === 0 || only.includes(n)))) {
    await buildSite(name)
  }
}
