import path from 'node:path'
import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ArticleList } from '@/components/ArticleList'
import { Breadcrumb } from '@/components/Breadcrumb'
import { Byline } from '@/components/Byline'
import { ContentErrorPage } from '@/components/ContentErrorPage'
import { Pagination } from '@/components/Pagination'
import { FRONT, pagerFor } from '@/lib/views'
import { SiteFooter } from '@/components/SiteFooter'
import { SiteHeader } from '@/components/SiteHeader'
import { SourceLink } from '@/components/SourceLink'
import { loadContent } from '@/lib/content'
import { parseSiteDate } from '@/lib/dates'
import { legacyArchiveRedirect, listPageFromSegments } from '@/lib/routes'

const seed = loadContent(path.resolve(__dirname, '../../content'))
const beijing = (text: string) => parseSiteDate(text) as Date
const normalise = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim()

describe('Byline', () => {
  it('shows date, source and author as on the seed page', () => {
    const { container } = render(<Byline date={beijing('2023-01-07')} source="红星网" author="佚名" />)
    expect(normalise(container.textContent)).toBe('发布时间:2023-01-07来源:红星网作者:佚名')
    expect(container.querySelector('time')).toHaveAttribute('datetime', '2023-01-07T00:00:00+08:00')
  })

  it('leaves out missing fields instead of printing undefined', () => {
    const { container } = render(<Byline date={beijing('2023-01-07')} />)
    expect(container.textContent).toBe('发布时间:2023-01-07')
  })

  it('shows the time of day when the article has one', () => {
    render(<Byline date={beijing('2023-01-07 08:05')} />)
    expect(screen.getByText('2023-01-07 08:05')).toBeInTheDocument()
  })
})

describe('Breadcrumb', () => {
  it('links every step but the current page, in a named navigation landmark', () => {
    render(<Breadcrumb trail={[{ label: '首页', href: '/' }, { label: '关注民生', href: '/category/minsheng/' }, { label: '正文' }]} />)
    const nav = screen.getByRole('navigation', { name: '当前位置' })
    expect(normalise(nav.textContent)).toBe('当前位置:首页 > 关注民生 > 正文')
    expect(within(nav).getByRole('link', { name: '关注民生' })).toHaveAttribute('href', '/category/minsheng/')
    expect(within(nav).queryByRole('link', { name: '正文' })).toBeNull()
  })
})

describe('SourceLink', () => {
  it('shows the original URL as a link', () => {
    render(<SourceLink url="https://www.hxw.gov.cn/a.html" />)
    expect(screen.getByRole('link', { name: 'https://www.hxw.gov.cn/a.html' })).toHaveAttribute('href', 'https://www.hxw.gov.cn/a.html')
  })

  it('renders nothing without a URL', () => {
    const { container } = render(<SourceLink />)
    expect(container).toBeEmptyDOMElement()
  })
})

describe('Pagination', () => {
  const href = (month: string) => (month === FRONT ? '/c/' : `/c/${month.replace('-', '/')}/`)
  const months = ['2026-05', '2026-04', '2026-02', '2025-12', '2025-11', '2025-10', '2025-09']
  const pager = (current: string) => pagerFor(current, months)!

  it('is absent when the list has no articles', () => {
    expect(pagerFor(FRONT, [])).toBeUndefined()
  })

  it('leads from the front page to the newest month', () => {
    render(<Pagination pager={pager(FRONT)} href={href} />)
    expect(screen.getByRole('link', { name: '最新' })).toHaveAttribute('aria-current', 'page')
    expect(screen.queryByRole('link', { name: '上一页' })).toBeNull()
    expect(screen.getByRole('link', { name: '下一页' })).toHaveAttribute('href', '/c/2026/05/')
    expect(screen.getByRole('link', { name: '2026年4月' })).toHaveAttribute('href', '/c/2026/04/')
  })

  it('marks the current month; 上一页 is the newer month, 下一页 the older one, skipping empty months', () => {
    render(<Pagination pager={pager('2026-02')} href={href} />)
    expect(screen.getByRole('link', { name: '2026年2月' })).toHaveAttribute('aria-current', 'page')
    expect(screen.getByRole('link', { name: '上一页' })).toHaveAttribute('href', '/c/2026/04/')
    expect(screen.getByRole('link', { name: '下一页' })).toHaveAttribute('href', '/c/2025/12/')
  })

  it('goes back to the front page from the newest month and stops at the oldest', () => {
    const { rerender } = render(<Pagination pager={pager('2026-05')} href={href} />)
    expect(screen.getByRole('link', { name: '上一页' })).toHaveAttribute('href', '/c/')
    rerender(<Pagination pager={pager('2025-09')} href={href} />)
    expect(screen.queryByRole('link', { name: '下一页' })).toBeNull()
  })

  it('lists the current month and the months either side of it, newest first, and the newest three from the front page', () => {
    expect(pager('2025-12').months).toEqual(['2026-02', '2025-12', '2025-11'])
    expect(pager(FRONT).months).toEqual(['2026-05', '2026-04', '2026-02'])
  })

  it('shows a month the same whatever happens to months two or more away from it', () => {
    expect(pagerFor('2025-12', ['2027-01', ...months.slice(1, -1)])).toEqual(pager('2025-12'))
    expect(pagerFor('2026-05', [...months, '2025-01'])).toEqual(pager('2026-05'))
  })
})

describe('ArticleList', () => {
  it('says 暂无文章 honestly when there is nothing', () => {
    render(<ArticleList articles={[]} />)
    expect(screen.getByText('暂无文章')).toBeInTheDocument()
  })

  it('links each title to its article with its Beijing date', () => {
    render(<ArticleList articles={seed.articles} />)
    const link = screen.getByRole('link', { name: /娄底市娄星区/ })
    expect(link).toHaveAttribute('href', '/articles/loudi-louxing-zhucun-bangfu/')
    expect(screen.getByText('2023-01-07')).toBeInTheDocument()
  })
})

describe('SiteHeader and SiteFooter', () => {
  it('shows the greeting, the site name and every channel', () => {
    render(<SiteHeader site={seed.site} currentChannel="minsheng" />)
    expect(screen.getByText('欢迎访问廉政法制网!')).toBeInTheDocument()
    const nav = screen.getByRole('navigation', { name: '栏目导航' })
    expect(within(nav).getByRole('link', { name: '关注民生' })).toHaveAttribute('aria-current', 'page')
    expect(within(nav).getAllByRole('link')).toHaveLength(seed.site.channels.length + 1)
  })

  it('renders the footer lines of the seed page verbatim', () => {
    const { container } = render(<SiteFooter site={seed.site} />)
    const text = normalise(container.textContent)
    for (const line of [
      '北京中农兴业传媒广告有限公司主办 | 政讯通-全国政务信息一体化办公室 主管。',
      '廉政法制网 lzfzwl.org.cn 版权所有。',
      '联系电话:010-56212746 15311203816 010-56212739 15311203807 010-53387132',
      '监督电话:13269738208,违法和不良信息举报电话:010-57028685',
      '第一办公区:北京市西城区砖塔胡同56号西配楼;第二办公区:北京市东城区建国门内大街26号新闻大厦5层',
      '邮箱:xcgbfz@163.com 客服QQ:3610847436 通联QQ:3504475633',
    ]) {
      expect(text).toContain(line)
    }
    expect(container.querySelector('footer')).toBeInTheDocument()
  })

  it('makes every phone number a tel: link kept on one line, and the email a mailto: link', () => {
    render(<SiteFooter site={seed.site} />)
    const footer = screen.getByRole('contentinfo')
    const phones = within(footer)
      .getAllByRole('link')
      .filter((a) => a.getAttribute('href')?.startsWith('tel:'))
    expect(phones.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['010-56212746', 'tel:01056212746'],
      ['15311203816', 'tel:15311203816'],
      ['010-56212739', 'tel:01056212739'],
      ['15311203807', 'tel:15311203807'],
      ['010-53387132', 'tel:01053387132'],
      ['13269738208', 'tel:13269738208'],
      ['010-57028685', 'tel:01057028685'],
    ])
    for (const phone of phones) expect(phone).toHaveClass('nowrap')
    expect(within(footer).getByRole('link', { name: 'xcgbfz@163.com' })).toHaveAttribute('href', 'mailto:xcgbfz@163.com')
  })
})

describe('ContentErrorPage', () => {
  it('lists every problem with its file:line, field and message, in Chinese', () => {
    render(
      <ContentErrorPage
        problems={[
          { file: 'content/articles/a.md', line: 3, field: 'date', message: '日期不存在:2023-02-30' },
          { file: 'content/site.md', field: '文件', message: '找不到网站信息文件 site.md' },
        ]}
      />,
    )
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('内容有 2 处错误')
    expect(screen.getAllByRole('listitem').map((li) => normalise(li.textContent))).toEqual([
      'content/articles/a.md:3 date 日期不存在:2023-02-30',
      'content/site.md 文件 找不到网站信息文件 site.md',
    ])
  })
})

describe('list page addresses', () => {
  it('reads month segments strictly, so /2023/1/, /page/2/ and junk are 404s', () => {
    expect(listPageFromSegments([])).toBe(FRONT)
    expect(listPageFromSegments(['2023', '01'])).toBe('2023-01')
    for (const junk of [['page', '2'], ['2023', '1'], ['2023', '13'], ['2023'], ['x', '2'], ['2023', '01', 'x'], ['23', '01']]) {
      expect(listPageFromSegments(junk)).toBeUndefined()
    }
  })

  it('sends the numbered archive pages of before to their list, and nothing else', () => {
    expect(legacyArchiveRedirect('/category/minsheng/page/12/')).toBe('/category/minsheng/')
    expect(legacyArchiveRedirect('/tags/乡村振兴/page/1/')).toBe('/tags/乡村振兴/')
    expect(legacyArchiveRedirect('/archive/2023/01/page/3/')).toBe('/archive/2023/01/')
    for (const other of ['/category/minsheng/', '/category/minsheng/2023/01/', '/articles/page/2/', '/category/a/b/page/2/']) {
      expect(legacyArchiveRedirect(other)).toBeUndefined()
    }
  })
})
