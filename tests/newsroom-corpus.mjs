// @ts-check
// The newsroom e2e site: pinned articles, an update with a correction, tags enough to need a second
// page, and articles either side of a month's end in Beijing time. Test content only: generated
// into a temporary folder, never into content/.
import fs from 'node:fs'
import path from 'node:path'
import { writeCorpus } from '../scripts/tools/generate-corpus.mjs'

/** @param {Record<string, string | boolean | string[] | undefined>} fields @param {string} body */
const article = (fields, body) =>
  `---\n${Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : v}`)
    .join('\n')}\n---\n\n${body}\n`

/** What the tests look for, so the spec and the content cannot disagree. */
export const NEWSROOM = {
  lead: { slug: 'lead-new', title: '【测试】新置顶的头条文章', summary: '这是最新一篇置顶文章的摘要。', photo: 'lead-photo.png' },
  oldLead: { slug: 'lead-old', title: '【测试】较早置顶的文章' },
  corrected: {
    slug: 'corrected',
    title: '【测试】发布后更正过的文章',
    date: '2026-11-20 09:00',
    updated: '2026-11-21 10:00',
    correction: '本文第二段中的“2022年”应为“2023年”,已更正。',
  },
  tag: '乡村振兴',
  otherTag: '驻村帮扶',
  /** How many articles carry `tag`: more than 40, so its list has an archive page. */
  tagged: 45,
  /** 23:30 Beijing time on the last day of October; 00:30 on the first of November. */
  monthEnd: { slug: 'month-end', title: '【测试】十月最后一天深夜发布', date: '2026-10-31 23:30' },
  monthStart: { slug: 'month-start', title: '【测试】十一月第一天凌晨发布', date: '2026-11-01 00:30' },
}

/** @param {string} dir */
export function writeNewsroomCorpus(dir) {
  writeCorpus(dir, { count: 0 })
  const articles = path.join(dir, 'articles')
  const write = (/** @type {string} */ slug, /** @type {string} */ text) => fs.writeFileSync(path.join(articles, `${slug}.md`), text)
  const { lead, oldLead, corrected, monthEnd, monthStart, tag, otherTag } = NEWSROOM
  write(oldLead.slug, article({ title: oldLead.title, date: '2026-09-01 08:00', category: '关注民生', pinned: true }, '较早置顶的文章正文。'))
  // The lead has a photo (a real 1200×675 PNG, in the content folder's images/); the home page shows it.
  fs.mkdirSync(path.join(dir, 'images'), { recursive: true })
  fs.copyFileSync(path.join(import.meta.dirname, '../public/share.png'), path.join(dir, 'images', lead.photo))
  write(
    lead.slug,
    article({ title: lead.title, date: '2026-11-25 08:00', category: '关注民生', pinned: true, summary: lead.summary, tags: [otherTag] }, `头条文章正文。\n\n![头条照片的说明](/images/${lead.photo})`),
  )
  write(
    corrected.slug,
    article(
      { title: corrected.title, date: corrected.date, category: '廉政建设', updated: corrected.updated, correction: corrected.correction, tags: [otherTag, tag] },
      '第一段。\n\n第二段:2023年的情况。',
    ),
  )
  // Our own reporting (source: the site's own name) and a reposted article: only the latter ends with the disclaimer.
  write(monthEnd.slug, article({ title: monthEnd.title, date: monthEnd.date, category: '法治动态', source: '廉政法制网', author: '本网记者' }, '十月底的文章。'))
  // In the pinned articles' channel, newer than the older pinned one: pinning puts it below that one.
  write(monthStart.slug, article({ title: monthStart.title, date: monthStart.date, category: '关注民生', source: '红星网' }, '十一月初的文章。'))
  for (let i = 1; i < NEWSROOM.tagged; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0')
    write(`tagged-${i}`, article({ title: `【测试】乡村振兴报道第 ${i} 篇`, date: `2026-0${1 + (i % 8)}-${day} 10:00`, category: '乡村振兴', tags: [tag] }, `第 ${i} 篇乡村振兴报道。`))
  }
}
