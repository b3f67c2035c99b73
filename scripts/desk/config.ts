import type { z } from 'zod'
import type { Channel, FieldInfo } from '../../lib/content'
import { ARTICLES, IMAGES } from './paths'

// Decap's configuration, generated from the content schema (lib/content/schema.ts): every field of
// the front matter with the label, hint and "required" its schema carries, in the schema's order.
// Nothing about a field is written here: a new field in the schema appears in the desk.

export interface DeskConfigInput {
  /** The article front matter's schema (ArticleFrontMatter, or an extension of it in tests). */
  schema: z.ZodObject
  channels: Channel[]
  /** Tags already in use, most used first: offered in the 关键词 field. */
  tags: string[]
  /** The content repository's branch the proxy commits to. */
  branch: string
  /** Where the published site is, for Decap's "view live" links. */
  siteUrl?: string
  /** The proxy's address, as the browser sees it. */
  proxyUrl: string
}

/** One Decap field; only the keys this generator writes. */
export interface DecapField {
  name: string
  label: string
  widget: string
  required: boolean
  hint?: string
  [option: string]: unknown
}

/** 标题(title) → 标题: the label without the front matter's name in brackets. */
const shortLabel = (label: string) => label.replace(/[((][^))]*[))]\s*$/, '').trim() || label

/** How many existing tags the hint names; the widget offers them all. */
const TAGS_IN_HINT = 12

/** The Decap field for one schema field; `FieldInfo` from its metadata, plain text when it has none. */
export function decapField(name: string, schema: z.ZodType, input: Pick<DeskConfigInput, 'channels' | 'tags'>): DecapField {
  const info = (schema.meta() ?? {}) as FieldInfo
  const label = shortLabel(info.label ?? name)
  const field: DecapField = { name, label, widget: 'string', required: info.required === true }
  if (info.hint) field.hint = info.hint
  switch (info.widget) {
    case 'text':
      field.widget = 'text'
      break
    case 'boolean':
      field.widget = 'boolean'
      // A switch that means false when absent starts off; one whose absence means "decide for me"
      // (转载) stays unset until the editor touches it.
      if (schema.safeParse(undefined).data === false) field.default = false
      break
    case 'datetime':
      // Stored as the wall-clock text the check reads as Beijing time (2023-01-07 08:30): Decap
      // converts nothing when `format` is given.
      Object.assign(field, { widget: 'datetime', format: 'YYYY-MM-DD HH:mm', date_format: 'YYYY-MM-DD', time_format: 'HH:mm' })
      if (info.required) field.default = '{{now}}'
      field.hint = info.hint ?? '北京时间'
      break
    case 'channel':
      Object.assign(field, { widget: 'select', options: input.channels.map((c) => ({ label: c.name, value: c.name })) })
      if (input.channels.length > 0) field.default = input.channels[0].name
      break
    case 'tags': {
      Object.assign(field, { widget: 'desk-tags', default: [], suggestions: input.tags })
      const known = input.tags.slice(0, TAGS_IN_HINT)
      if (known.length > 0) field.hint = `${info.hint ? `${info.hint}。` : ''}已有关键词:${known.join('、')}${input.tags.length > known.length ? '……' : ''}`
      break
    }
    case 'url':
      Object.assign(field, { widget: 'string', pattern: ['^https?://\\S+$', '应为 http:// 或 https:// 开头的完整网址'] })
      break
  }
  return field
}

/** The whole Decap configuration (served as /admin/config.yml). */
export function deskConfig(input: DeskConfigInput) {
  const fields = Object.entries(input.schema.shape).map(([name, schema]) => decapField(name, schema as z.ZodType, input))
  return {
    backend: { name: 'proxy', proxy_url: input.proxyUrl, branch: input.branch },
    locale: 'zh_Hans',
    // Paths are relative to the content folder, which is the proxy's repository root.
    media_folder: IMAGES,
    public_folder: `/${IMAGES}`,
    ...(input.siteUrl && { site_url: input.siteUrl, display_url: input.siteUrl }),
    // Photo names keep their Chinese (Decap lowercases them); article names come from the
    // collection's slug template below.
    slug: { encoding: 'unicode', clean_accents: false, sanitize_replacement: '-' },
    collections: [
      {
        name: ARTICLES,
        label: '文章',
        label_singular: '文章',
        description: '每篇文章是内容目录 articles/ 里的一个 Markdown 文件;保存即发布(草稿除外),发布结果显示在右下角。',
        folder: ARTICLES,
        create: true,
        delete: true,
        extension: 'md',
        format: 'frontmatter',
        // New articles are named from the moment they are created: digits and a hyphen always meet
        // the file-name rule (lowercase letters, digits, hyphens), whatever the title; Decap cannot
        // turn a Chinese title into pinyin.
        slug: '{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}',
        preview_path: `${ARTICLES}/{{slug}}/`,
        summary: '{{title}}({{date}})',
        sortable_fields: ['date', 'title'],
        view_filters: [{ label: '草稿', field: 'draft', pattern: true }],
        editor: { preview: true },
        fields: [
          ...fields,
          {
            name: 'body',
            label: '正文',
            widget: 'markdown',
            required: true,
            // Plain Markdown first: what is typed is what is saved (the rich-text mode rewrites it).
            modes: ['raw', 'rich_text'],
            // Decap renders hints as Markdown: the example is code, or it would show as a broken image.
            hint: '照片单独成一段:`![图片说明](/images/文件名.jpg)`,说明会显示在照片下面',
          },
        ],
      },
    ],
  }
}
