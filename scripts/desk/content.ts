import path from 'node:path'
import { renderToStaticMarkup } from 'react-dom/server'
import { createElement } from 'react'
import { dump, JSON_SCHEMA } from 'js-yaml'
import { ArticleText } from '../../components/ArticleText'
import { Breadcrumb } from '../../components/Breadcrumb'
import { SiteHeader } from '../../components/SiteHeader'
import {
  checkPhotoBytes,
  checkPhotoFile,
  contentImagesDir,
  type ContentProblem,
  type ContentStore,
  type ImageLookup,
  imageLookup,
  parseArticle,
  readContent,
  type Site,
} from '../../lib/content'
import { channelPath } from '../../lib/routes'
import type { Settings } from '../../lib/settings'

// What the desk asks of the content package: the site and its tags for the form, the check of one
// entry before it is saved, and the article page's own components for the preview. Everything goes
// through lib/content, so the desk judges an entry exactly as the build will.

/** A photo that is part of the request being checked (Decap sends new uploads with the entry). */
export interface PendingImage {
  /** The site path it will have, `/images/…`. */
  url: string
  bytes: Buffer
}

export interface EntryCheck {
  problems: ContentProblem[]
  warnings: ContentProblem[]
  /** The article as parsed, when the entry has no problems that stop it. */
  article?: ReturnType<typeof parseArticle>['article']
}

export class DeskContent {
  private store?: ContentStore
  private site?: Site
  private tags: string[] = []

  constructor(private readonly settings: Settings) {}

  /** Reads the folder again (only files that changed are parsed); returns the site, if site.md is valid. */
  refresh(): Site | undefined {
    const { report, store } = readContent(this.settings, this.store)
    this.store = store
    this.site = report.site
    // Tags ranked by how many articles use them, so the most common come first in the form.
    const counts = new Map<string, number>()
    for (const article of report.articles) for (const tag of article.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1)
    this.tags = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN')).map(([tag]) => tag)
    return this.site
  }

  /** The channels and tags the form offers, from the folder as it is now. */
  formChoices(): { site?: Site; tags: string[] } {
    this.refresh()
    return { site: this.site, tags: this.tags }
  }

  /**
   * A file of the content folder as the desk names it: under the folder's own name
   * (`content/articles/x.md`), whatever the working directory, as editors know it.
   */
  shownFile(relativeToContent: string): string {
    return path.posix.join(path.basename(this.settings.contentDir), relativeToContent)
  }

  /**
   * Checks one entry's text as the build would (the same parser, channels and photo lookup), with
   * the photos sent along with it counted as present. `now` decides whether 更新时间 is in the future.
   */
  checkEntry(file: string, raw: string, pending: PendingImage[] = [], now = new Date()): EntryCheck {
    const site = this.site ?? this.refresh()
    const base = imageLookup(this.settings.publicDir, this.settings.contentDir)
    const imagesDir = contentImagesDir(this.settings.contentDir)
    // A photo is sized as the pipeline plans it (upright, with its published variants): one being
    // uploaded from its bytes, one already in content/images/ but not yet in the store (uploaded in
    // this session) from its file, never through a link or out of the folder.
    const planned = (checked: ReturnType<typeof checkPhotoBytes>) => ('plan' in checked ? { width: checked.plan.width, height: checked.plan.height, photo: checked.plan } : undefined)
    const images: ImageLookup = {
      ...base,
      size: (url) => {
        const clean = url.split(/[?#]/)[0]
        if (!clean.startsWith('/images/')) return base.size(url)
        let name: string
        try {
          name = decodeURIComponent(clean.slice('/images/'.length))
        } catch {
          return undefined
        }
        const found = pending.find((p) => p.url === clean)
        if (found) return planned(checkPhotoBytes(name, found.bytes))
        const known = base.size(url)
        if (known) return known
        const full = path.resolve(imagesDir, name)
        if (!full.startsWith(imagesDir + path.sep)) return undefined
        return planned(checkPhotoFile(full, name))
      },
    }
    const parsed = parseArticle(this.shownFile(file), raw, site, images)
    const problems = [...parsed.problems]
    for (const timed of parsed.until ?? []) if (now.getTime() < Date.parse(timed.until)) problems.push(timed.problem)
    if (!site) problems.unshift({ file: this.shownFile('site.md'), field: '文件', message: 'site.md 有错误,先改好它(npm run check 列出问题)' })
    return { problems, warnings: parsed.warnings, article: problems.length === 0 ? parsed.article : undefined }
  }

  /**
   * The preview of an entry being edited: the article drawn by the site's own components from the
   * fields and body the desk holds, with the check's problems. Nothing is written.
   */
  preview(slug: string, fields: Record<string, unknown>, body: string, pending: PendingImage[] = []): { html: string; problems: ContentProblem[]; warnings: ContentProblem[] } {
    const raw = entryText(fields, body)
    const file = `articles/${slug || 'new-article'}.md`
    const checked = this.checkEntry(file, raw, pending)
    const site = this.site
    if (!site || !checked.article) return { html: '', problems: checked.problems, warnings: checked.warnings }
    const article = checked.article
    const html = renderToStaticMarkup(
      createElement(
        'div',
        { className: 'desk-preview' },
        createElement(SiteHeader, { site, currentChannel: article.channel.slug }),
        createElement(
          'main',
          { id: 'main', className: 'container' },
          createElement(Breadcrumb, { trail: [{ label: '首页', href: '/' }, { label: article.channel.name, href: channelPath(article.channel.slug) }, { label: '正文' }] }),
          createElement(ArticleText, { article, site }),
        ),
      ),
    )
    return { html, problems: [], warnings: checked.warnings }
  }
}

/** Front matter and body as one Markdown file, the way the desk's entries are stored. */
export function entryText(fields: Record<string, unknown>, body: string): string {
  const kept = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== ''))
  return `---\n${dump(kept, { schema: JSON_SCHEMA, lineWidth: -1 })}---\n${body}\n`
}
