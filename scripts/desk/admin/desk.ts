// The desk's own part of the editors' page, around Decap CMS (loaded before this script with
// CMS_MANUAL_INIT): the preview drawn by the site's components (POST desk-api/preview), the 关键词
// field offering existing tags, and the panel that says, after each save, 已发布 with a link or the
// check's problems. Decap comes from ./decap, which also hands on React's createElement as `h` and `createClass`.

import './decap'

interface Problem {
  file: string
  line?: number
  field: string
  message: string
}
interface ImmutableLike {
  get(key: string): unknown
  toJS(): unknown
}
interface Decap {
  init(options?: object): void
  registerPreviewTemplate(name: string, component: unknown): void
  registerPreviewStyle(url: string): void
  registerWidget(name: string, control: unknown, preview?: unknown): void
}
type CreateElement = (type: unknown, props?: Record<string, unknown> | null, ...children: unknown[]) => unknown
type ComponentSpec = Record<string, unknown> & { render(): unknown }
declare global {
  interface Window {
    CMS: Decap
    h: CreateElement
    createClass: (spec: ComponentSpec) => unknown
  }
}

const { CMS, h, createClass } = window
const API = new URL('api/v1', location.href).pathname
const desk = (name: string) => new URL(`desk-api/${name}`, location.href).href

// ---- The panel: what happened to the last save, in words an editor reads. ----

const panel = document.createElement('section')
panel.id = 'desk-status'
panel.setAttribute('role', 'status')
panel.setAttribute('aria-live', 'polite')
panel.setAttribute('aria-label', '发布状态')
panel.hidden = true
const style = document.createElement('style')
style.textContent = `
#desk-status { position: fixed; right: 16px; bottom: 16px; z-index: 10000; max-width: min(560px, calc(100vw - 32px));
  max-height: 60vh; overflow: auto; padding: 14px 40px 14px 16px; border-radius: 6px; font: 15px/1.6 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  box-shadow: 0 4px 16px rgba(0,0,0,.25); background: #fff; color: #1a1a1a; border-left: 6px solid #767676; }
#desk-status[data-kind="ok"] { border-left-color: #1e6b2f; }
#desk-status[data-kind="error"] { border-left-color: #b31b1b; }
#desk-status h2 { margin: 0 0 6px; font-size: 17px; }
#desk-status ul { margin: 6px 0 0; padding-left: 20px; }
#desk-status code { font-size: 13px; }
#desk-status a { color: #0b3d91; }
#desk-status button.close { position: absolute; top: 8px; right: 8px; border: 0; background: none; font-size: 20px; cursor: pointer; }
`
document.head.append(style)

function show(kind: 'ok' | 'error' | 'busy' | 'note', title: string, build?: (body: HTMLElement) => void) {
  panel.replaceChildren()
  panel.dataset.kind = kind
  const heading = document.createElement('h2')
  heading.textContent = title
  const close = document.createElement('button')
  close.className = 'close'
  close.type = 'button'
  close.textContent = '×'
  close.setAttribute('aria-label', '关闭')
  close.onclick = () => (panel.hidden = true)
  panel.append(close, heading)
  build?.(panel)
  panel.hidden = false
  if (!panel.isConnected) document.body.append(panel)
}

function problemList(problems: Problem[]) {
  return (body: HTMLElement) => {
    const list = document.createElement('ul')
    for (const p of problems) {
      const item = document.createElement('li')
      const where = document.createElement('code')
      where.textContent = `${p.file}${p.line ? ` 第 ${p.line} 行` : ''}`
      item.append(where, ` ${p.field}:${p.message}`)
      list.append(item)
    }
    body.append(list)
  }
}

function paragraph(text: string, link?: { href: string; text: string }) {
  return (body: HTMLElement) => {
    const p = document.createElement('p')
    p.style.margin = '0'
    p.textContent = text
    if (link) {
      const a = document.createElement('a')
      a.href = link.href
      a.target = '_blank'
      a.rel = 'noopener'
      a.textContent = link.text
      p.append(' ', a)
    }
    body.append(p)
  }
}

interface Published {
  state: 'published' | 'draft' | 'scheduled' | 'deleted' | 'refused'
  url?: string
  date?: string
  seconds?: number
  problems?: Problem[]
}

async function followPublish(slug: string) {
  show('busy', '已保存,正在发布……')
  let result: Published
  try {
    const response = await fetch(`${desk('published')}?slug=${encodeURIComponent(slug)}`)
    result = (await response.json()) as Published
  } catch {
    show('error', '无法得知发布结果', paragraph('编辑台没有应答:请检查运行 npm run desk 的终端。'))
    return
  }
  switch (result.state) {
    case 'published':
      show('ok', '已发布', paragraph('文章已在网站上更新。', { href: result.url!, text: '查看文章' }))
      break
    case 'draft':
      show('ok', '已保存为草稿', paragraph('草稿不会发布。关掉“草稿”开关并保存,文章即发布。'))
      break
    case 'scheduled':
      show('ok', '已保存,定时发布', paragraph(`文章将在 ${new Date(result.date!).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}(北京时间)发布。`))
      break
    case 'deleted':
      show('ok', '已删除', paragraph('文章已从网站上撤下。'))
      break
    default:
      show('error', '没有发布:内容有错误,网站仍是上一次发布的版本', problemList(result.problems ?? []))
  }
}

// Decap talks to the proxy with fetch: watching those answers tells the panel what each save did,
// including the check's refusal, which Decap itself shows only as one line.
const originalFetch = window.fetch.bind(window)
window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const response = await originalFetch(input, init)
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  if (init?.method === 'POST' && new URL(url, location.href).pathname === API) {
    let request: { action?: string; params?: Record<string, unknown> } = {}
    try {
      request = JSON.parse(String(init.body))
    } catch {
      request = {}
    }
    void response
      .clone()
      .json()
      .then((answer: { error?: string; problems?: Problem[] }) => afterWrite(request.action ?? '', request.params ?? {}, response.ok, answer))
      .catch(() => undefined)
  }
  return response
}

const slugOf = (file: unknown) => (typeof file === 'string' ? /^articles\/([^/]+)\.md$/.exec(file)?.[1] : undefined)

function afterWrite(action: string, params: Record<string, unknown>, ok: boolean, answer: { error?: string; problems?: Problem[] }) {
  const failed = (title: string) =>
    show('error', title, answer.problems?.length ? problemList(answer.problems) : paragraph(answer.error ?? '未知错误'))
  if (action === 'persistEntry') {
    const files = (params.dataFiles as { path?: string; newPath?: string }[] | undefined) ?? [params.entry as { path?: string; newPath?: string }]
    const slug = slugOf(files[0]?.newPath ?? files[0]?.path)
    if (!ok) failed('没有保存:请按下面的提示修改,网站不变')
    else if (slug) void followPublish(slug)
  } else if (action === 'persistMedia') {
    const name = String((params.asset as { path?: string } | undefined)?.path ?? '')
    if (!ok) failed('照片没有上传')
    else show('ok', '照片已上传', paragraph(`${name.replace(/^images\//, '')}:正文里写成 ![图片说明](/${name})`))
  } else if (action === 'deleteFile' || action === 'deleteFiles') {
    const slug = slugOf(params.path)
    if (!ok) failed('没有删除')
    else if (slug) void followPublish(slug)
  }
}

// ---- 关键词: a list of tags, offering those already in use. ----

const TagsControl = createClass({
  getInitialState() {
    return { draft: '' }
  },
  tags(): string[] {
    const value = (this as unknown as { props: { value?: unknown } }).props.value
    const list = value && typeof (value as ImmutableLike).toJS === 'function' ? (value as ImmutableLike).toJS() : value
    return Array.isArray(list) ? list.map(String) : []
  },
  add(text: string) {
    const self = this as unknown as { props: { onChange(v: string[]): void }; setState(s: object): void; tags(): string[] }
    const words = text.split(/[,,、;;]/).map((t) => t.trim()).filter(Boolean)
    if (words.length > 0) self.props.onChange([...new Set([...self.tags(), ...words])])
    self.setState({ draft: '' })
  },
  render() {
    const self = this as unknown as {
      props: { forID: string; field: ImmutableLike; classNameWrapper: string; onChange(v: string[]): void; setActiveStyle(): void; setInactiveStyle(): void }
      state: { draft: string }
      setState(s: object): void
      tags(): string[]
      add(text: string): void
    }
    const { forID, field, classNameWrapper, setActiveStyle, setInactiveStyle } = self.props
    const suggestions = ((field.get('suggestions') as ImmutableLike | undefined)?.toJS() as string[] | undefined) ?? []
    const tags = self.tags()
    const listId = `${forID}-suggestions`
    return h(
      'div',
      { className: classNameWrapper },
      h(
        'ul',
        { style: { listStyle: 'none', margin: '0 0 8px', padding: 0, display: 'flex', flexWrap: 'wrap', gap: '6px' }, 'aria-label': '已填的关键词' },
        ...tags.map((tag) =>
          h(
            'li',
            { key: tag },
            h(
              'button',
              {
                type: 'button',
                'aria-label': `删除关键词 ${tag}`,
                style: { border: '1px solid #767676', borderRadius: '14px', padding: '2px 10px', background: '#f4f4f2', cursor: 'pointer' },
                onClick: () => self.props.onChange(tags.filter((t) => t !== tag)),
              },
              `${tag} ×`,
            ),
          ),
        ),
      ),
      h('input', {
        id: forID,
        type: 'text',
        list: listId,
        value: self.state.draft,
        placeholder: '输入关键词后按回车;可从已有关键词中选',
        style: { width: '100%', border: 0, outline: 'none', font: 'inherit' },
        onFocus: setActiveStyle,
        onBlur: (event: { target: { value: string } }) => {
          self.add(event.target.value)
          setInactiveStyle()
        },
        onChange: (event: { target: { value: string }; nativeEvent: { inputType?: string } }) => {
          const text = event.target.value
          // Picking from the list (no inputType) or typing a separator completes a tag.
          if (!event.nativeEvent.inputType && suggestions.includes(text)) self.add(text)
          else if (/[,,、;;]/.test(text)) self.add(text)
          else self.setState({ draft: text })
        },
        onKeyDown: (event: { key: string; preventDefault(): void; target: { value: string } }) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            self.add(event.target.value)
          }
        },
      }),
      h('datalist', { id: listId }, ...suggestions.filter((s) => !tags.includes(s)).map((s) => h('option', { key: s, value: s }))),
    )
  },
})

// ---- The preview: the article as readers will see it, drawn by the site's own components. ----

interface PreviewProps {
  entry: ImmutableLike
  getAsset(path: string): { toString(): string }
}

const blobToBase64 = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(blob)
  })

const ArticlePreview = createClass({
  getInitialState() {
    return { html: '', problems: [] as Problem[], loading: true }
  },
  componentDidMount() {
    ;(this as unknown as { request(): void }).request()
  },
  componentDidUpdate(previous: PreviewProps) {
    const self = this as unknown as { props: PreviewProps; request(): void; pending: Map<string, string>; root?: HTMLElement }
    if (previous.entry !== self.props.entry) self.request()
    // Photos not saved yet are shown from the editor's own copy.
    for (const img of Array.from(self.root?.querySelectorAll('img') ?? [])) {
      const src = img.getAttribute('src') ?? ''
      const local = self.pending?.get(src)
      if (local && img.src !== local) img.src = local
    }
  },
  componentWillUnmount() {
    clearTimeout((this as unknown as { timer?: number }).timer)
  },
  request() {
    const self = this as unknown as { props: PreviewProps; timer?: number; pending: Map<string, string>; setState(s: object): void; sent?: string }
    clearTimeout(self.timer)
    self.timer = window.setTimeout(async () => {
      const { entry } = self.props
      const data = (entry.get('data') as ImmutableLike).toJS() as Record<string, unknown>
      const { body, ...fields } = data
      const media = ((entry.get('mediaFiles') as ImmutableLike | undefined)?.toJS() as { path: string; url?: string; draft?: boolean }[] | undefined) ?? []
      const pending: { url: string; data: string }[] = []
      self.pending = new Map()
      for (const file of media) {
        if (!file.draft || !file.url) continue
        const url = `/${file.path.replace(/^\/+/, '')}`
        self.pending.set(url, file.url)
        try {
          pending.push({ url, data: await blobToBase64(await (await fetch(file.url)).blob()) })
        } catch {
          // An unreadable upload is named by the check as a missing photo.
        }
      }
      const request = JSON.stringify({ slug: entry.get('slug') ?? '', fields, body: typeof body === 'string' ? body : '', pending })
      if (request === self.sent) return
      self.sent = request
      try {
        const response = await fetch(desk('preview'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: request })
        const answer = (await response.json()) as { html: string; problems: Problem[] }
        self.setState({ html: answer.html, problems: answer.problems, loading: false })
      } catch {
        self.setState({ html: '', problems: [{ file: '', field: '预览', message: '编辑台没有应答,预览暂时无法显示' }], loading: false })
      }
    }, 250)
  },
  render() {
    const self = this as unknown as { state: { html: string; problems: Problem[]; loading: boolean }; root?: HTMLElement }
    const { html, problems, loading } = self.state
    return h(
      'div',
      { ref: (node: HTMLElement | null) => (self.root = node ?? undefined) },
      problems.length > 0 &&
        h(
          'section',
          { className: 'desk-problems', role: 'alert', style: { margin: '16px', padding: '12px 16px', border: '2px solid #b31b1b', background: '#fff', color: '#1a1a1a' } },
          h('h2', { style: { margin: '0 0 8px', fontSize: '18px', color: '#b31b1b' } }, '检查发现的问题(保存前请改好)'),
          h('ul', null, ...problems.map((p, i) => h('li', { key: i }, `${p.field}:${p.message}`))),
        ),
      loading ? h('p', { style: { margin: '16px' } }, '正在生成预览……') : h('div', { dangerouslySetInnerHTML: { __html: html } }),
    )
  },
})

CMS.registerPreviewStyle(new URL('site.css', location.href).pathname)
CMS.registerPreviewTemplate('articles', ArticlePreview)
CMS.registerWidget('desk-tags', TagsControl)

if (Intl.DateTimeFormat().resolvedOptions().timeZone !== 'Asia/Shanghai') {
  show('note', '请按北京时间填写日期', paragraph('这台电脑的时区不是北京时间:发布日期和更新时间都按北京时间填写;“现在”按钮给出的是这台电脑的时间。'))
}

CMS.init()

export {}
