// @vitest-environment node
import path from 'node:path'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { ARTICLE_FIELDS, type Article, ArticleFrontMatter, type ArticleOf, loadContent, parseArticle, type Site } from '@/lib/content'

// The content types are inferred from the schema: these expectations are checked by the compiler
// (`npm run typecheck`, part of npm test), the last one by vitest as well.

type Fields = z.output<typeof ArticleFrontMatter>

describe('Article, inferred from ArticleFrontMatter', () => {
  it('has every front-matter field in the shape the schema gives it, the category as its channel', () => {
    expectTypeOf<Article['date']>().toEqualTypeOf<Date>()
    expectTypeOf<Article['updated']>().toEqualTypeOf<Date | undefined>()
    expectTypeOf<Article['tags']>().toEqualTypeOf<string[]>()
    expectTypeOf<Article['reposted']>().toEqualTypeOf<boolean>()
    expectTypeOf<Article['channel']>().toEqualTypeOf<Site['channels'][number]>()
    // Only `category` is not kept under its own name: it became `channel`.
    expectTypeOf<Exclude<keyof Fields, keyof Article>>().toEqualTypeOf<'category'>()
  })

  it('gains a field added to the schema, typed as the schema outputs it', () => {
    const Extended = ArticleFrontMatter.extend({
      subtitle: z.string().optional(),
      pages: z.string().transform((v) => Number(v)),
    })
    type Extended = ArticleOf<z.output<typeof Extended>>
    expectTypeOf<Extended>().toHaveProperty('subtitle').toEqualTypeOf<string | undefined>()
    expectTypeOf<Extended>().toHaveProperty('pages').toEqualTypeOf<number>()
    expectTypeOf<Article>().not.toHaveProperty('subtitle')
  })

  it('is what parsing gives: every field of the schema but category is a field of the article', () => {
    const site = loadContent(path.resolve(__dirname, '../../content')).site
    const text = [
      '---',
      'title: 类型测试',
      'date: 2023-01-07 08:30',
      `category: ${site.channels[0].slug}`,
      'source: 红星网',
      'author: 佚名',
      'sourceUrl: https://example.com/news/1.html',
      'summary: 提要',
      'originalTitle: 原标题',
      'editor: 张三',
      'draft: false',
      'pinned: true',
      'updated: 2023-01-08 10:00',
      'correction: 已更正。',
      'tags: [驻村帮扶]',
      'reposted: true',
      '---',
      '正文。',
    ].join('\n')
    const { article, problems } = parseArticle('articles/types.md', text, site, { size: () => undefined, folder: 'content/images' })
    expect(problems).toEqual([])
    const fields = article as Record<string, unknown>
    expect(ARTICLE_FIELDS.filter((field) => field !== 'category' && fields[field] === undefined)).toEqual([])
    expect(article).toMatchObject({ updated: new Date('2023-01-08T02:00:00Z'), tags: ['驻村帮扶'], reposted: true, channel: site.channels[0] })
  })
})
