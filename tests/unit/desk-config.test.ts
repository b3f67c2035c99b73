import { dump, load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { deskConfig, type DecapField } from '../../scripts/desk/config'
import { ArticleFrontMatter, ARTICLE_FIELDS } from '../../lib/content'

const channels = [
  { slug: 'minsheng', name: '关注民生' },
  { slug: 'fazhi', name: '法治动态' },
]
const fieldsOf = (schema: z.ZodObject = ArticleFrontMatter, tags = ['乡村振兴', '驻村帮扶']) =>
  (deskConfig({ schema, channels, tags, branch: 'main', proxyUrl: '/admin/api/v1' }).collections[0].fields as DecapField[])
const field = (name: string, fields = fieldsOf()) => fields.find((f) => f.name === name)!

describe('the desk configuration generated from the content schema', () => {
  it('has one field per front matter field, in the schema order, then the body', () => {
    expect(fieldsOf().map((f) => f.name)).toEqual([...ARTICLE_FIELDS, 'body'])
  })

  it('labels every field in Chinese, without the front matter name in brackets, with hints', () => {
    expect(field('title')).toMatchObject({ label: '标题', required: true, widget: 'string' })
    expect(field('source')).toMatchObject({ label: '来源', required: false })
    expect(field('pinned')).toMatchObject({ label: '置顶', widget: 'boolean', default: false })
    expect(field('draft')).toMatchObject({ label: '草稿', widget: 'boolean', hint: '打开表示不发布' })
    expect(field('correction')).toMatchObject({ label: '更正说明', widget: 'text' })
    // 转载 left alone is decided from the source: the switch has no default to write.
    expect(field('reposted')).toMatchObject({ label: '转载', widget: 'boolean' })
    expect(field('reposted')).not.toHaveProperty('default')
    for (const f of fieldsOf()) expect(f.label, f.name).toMatch(/[\u4e00-\u9fff]/)
  })

  it('offers site.md channels as the 栏目 select', () => {
    expect(field('category')).toMatchObject({ label: '栏目', required: true, widget: 'select', options: [{ label: '关注民生', value: '关注民生' }, { label: '法治动态', value: '法治动态' }] })
  })

  it('stores dates as Beijing wall-clock text the check reads', () => {
    expect(field('date')).toMatchObject({ label: '发布日期', widget: 'datetime', format: 'YYYY-MM-DD HH:mm', required: true })
    expect(field('updated')).toMatchObject({ label: '更新时间', widget: 'datetime', format: 'YYYY-MM-DD HH:mm', required: false })
    expect(field('updated').hint).toContain('北京时间')
  })

  it('offers the tags already in use in 关键词', () => {
    expect(field('tags')).toMatchObject({ label: '关键词', widget: 'desk-tags', suggestions: ['乡村振兴', '驻村帮扶'] })
    expect(field('tags').hint).toContain('已有关键词:乡村振兴、驻村帮扶')
  })

  it('names new articles with a slug that meets the file-name rule, in the proxy’s content folder', () => {
    const config = deskConfig({ schema: ArticleFrontMatter, channels, tags: [], branch: 'main', proxyUrl: '/admin/api/v1' })
    expect(config).toMatchObject({ locale: 'zh_Hans', media_folder: 'images', public_folder: '/images', backend: { name: 'proxy', proxy_url: '/admin/api/v1', branch: 'main' } })
    expect(config.collections[0]).toMatchObject({ folder: 'articles', extension: 'md', format: 'frontmatter' })
    const now = new Date(Date.UTC(2026, 11, 6, 13, 5, 9))
    const pad = (n: number) => String(n).padStart(2, '0')
    const slug = config.collections[0].slug
      .replace('{{year}}', String(now.getUTCFullYear()))
      .replace('{{month}}', pad(now.getUTCMonth() + 1))
      .replace('{{day}}', pad(now.getUTCDate()))
      .replace('{{hour}}', pad(now.getUTCHours()))
      .replace('{{minute}}', pad(now.getUTCMinutes()))
      .replace('{{second}}', pad(now.getUTCSeconds()))
    expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  })

  it('shows a field added to the schema, with its label and hint, in the served YAML', () => {
    const extended = ArticleFrontMatter.extend({
      subtitle: z.string().optional().meta({ label: '副标题(subtitle)', hint: '标题下面的一行', widget: 'string' }),
      reviewed: z.boolean().default(false).meta({ label: '已审核(reviewed)', widget: 'boolean', required: true }),
    })
    const yaml = load(
      dump(deskConfig({ schema: extended, channels, tags: [], branch: 'main', proxyUrl: '/admin/api/v1' })),
    ) as { collections: { fields: DecapField[] }[] }
    const fields = yaml.collections[0].fields
    expect(field('subtitle', fields)).toMatchObject({ label: '副标题', hint: '标题下面的一行', widget: 'string', required: false })
    expect(field('reviewed', fields)).toMatchObject({ label: '已审核', widget: 'boolean', required: true })
    expect(fields.map((f) => f.name).slice(-3)).toEqual(['subtitle', 'reviewed', 'body'])
  })
})
