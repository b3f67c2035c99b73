// Writes the list of every `npm run check` message into docs/editing.md, from the check's real
// output on the fixture folders (one broken file per mistake), each with how to fix it.
//
//   npx tsx scripts/tools/error-catalog.ts          rewrites the section between the markers
//
// tests/unit/error-catalog.test.ts fails when the guide is out of date or a message has no entry.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
export const GUIDE = path.join(root, 'docs/editing.md')
const START = '<!-- 错误提示一览:以下由 scripts/tools/error-catalog.ts 生成,请勿手改 -->'
const END = '<!-- 错误提示一览结束 -->'
const MISSING_SITE = '(没有 site.md 的内容目录)'
const IMAGES_LINK = '(images 文件夹本身是链接的内容目录)'
const HUGE_PHOTO = '(有一个 41 MB 照片文件的内容目录)'

interface Entry {
  /** The fixture under tests/fixtures/ whose check output shows this message. */
  fixture: string
  title: string
  fix: string
}

/** Every mistake, in the order the guide explains them. */
export const CATALOG: [section: string, entries: Entry[]][] = [
  [
    '文件和文件名',
    [
      { fixture: 'invalid/articles/empty-file.md', title: '文件是空的', fix: '删掉这个文件,或者按模板写上前言和正文(可用 `npm run new` 新建)。' },
      { fixture: 'invalid/articles/not-utf8.md', title: '文件不是 UTF-8 编码', fix: '用编辑器打开,「另存为」时把编码选成 UTF-8。Windows 记事本:文件 → 另存为 → 编码选「UTF-8」。' },
      { fixture: 'invalid/articles/folder.md', title: '名字以 .md 结尾的文件夹', fix: '文章目录里以 .md 结尾的只能是文章文件。把文件夹改名或移走;图片放在 `content/images/`。' },
      { fixture: 'invalid/articles/dangling-link.md', title: '指向不存在文件的链接', fix: '删除这个链接(快捷方式),把真正的文章文件放进 `content/articles/`。' },
      { fixture: 'invalid/articles/Bad_File_Name.md', title: '文件名不能用作网址', fix: '按提示改文件名:只用小写字母、数字和连字符 `-`。文件名就是文章的网址,发布后不要再改。' },
      { fixture: 'invalid/articles/nul.md', title: '文件名是 Windows 的保留名', fix: '`con`、`prn`、`aux`、`nul`、`com1`–`com9`、`lpt1`–`lpt9` 在 Windows 上不能用作文件夹名:换一个文件名,如 `nul-1.md`。' },
      { fixture: 'invalid/articles/新闻稿.md', title: '文件名是中文', fix: '改用拼音、英文或日期命名,如 `loudi-zhucun.md`、`2023-01-07-1.md`。中文标题写在 `title` 里。' },
      { fixture: 'invalid/articles/稿件.md.txt', title: '不是 .md 文件', fix: '按提示改扩展名为 `.md`(Windows 请在「查看」里打开「文件扩展名」,以免存成 `.md.txt`)。只是笔记、不想发布的文件,在文件名前加下划线 `_`,检查会跳过它。' },
      { fixture: 'invalid/articles/稿件.MD', title: '扩展名是大写的 .MD', fix: '把扩展名改成小写的 `.md`。' },
      { fixture: 'invalid/articles/稿件.docx', title: 'Word 文件', fix: '网站不能直接发布 Word 文件:把正文复制进一个 `.md` 文件(可先用 `npm run new` 新建),再删掉 Word 文件,或在它的名字前加下划线 `_` 留作底稿。' },
    ],
  ],
  [
    '前言的格式(两条 --- 之间的部分)',
    [
      { fixture: 'invalid/articles/no-front-matter.md', title: '缺少前言', fix: '在文件最前面加上前言:第一行 `---`,然后 `title`、`date`、`category` 各占一行,再一行 `---`,之后写正文。' },
      { fixture: 'invalid/articles/front-matter-not-first-line.md', title: '--- 不在第一行', fix: '删掉 `---` 前面的空行或空格。' },
      { fixture: 'invalid/articles/dashes-wrong.md', title: '第一行不是三个英文减号', fix: '把第一行改成三个英文减号 `---`(切换到英文输入法再输入)。' },
      { fixture: 'invalid/articles/closing-dashes-wrong.md', title: '结束线不是三个英文减号', fix: '把这一行改成三个英文减号 `---`。' },
      { fixture: 'invalid/articles/front-matter-not-closed.md', title: '前言没有结束', fix: '在最后一个字段的下一行加上 `---`,正文写在它后面。' },
      { fixture: 'invalid/articles/tab-indent.md', title: '用了 Tab 缩进', fix: '删掉行首的 Tab,让字段顶格。' },
      { fixture: 'invalid/articles/extra-indent.md', title: '行首多了空格', fix: '删掉行首的空格,让字段顶格。' },
      { fixture: 'invalid/articles/full-width-colon.md', title: '字段名后面是中文冒号', fix: '把字段名后的中文冒号换成英文冒号,再加一个空格:`category: 关注民生`。' },
      { fixture: 'invalid/articles/no-space-after-colon.md', title: '冒号后面缺少空格', fix: '在英文冒号后面加一个空格:`title: 标题`。' },
      { fixture: 'invalid/articles/not-a-field-line.md', title: '前言里有一行不是「字段: 值」', fix: '前言里只写字段。这一行如果是正文,移到第二条 `---` 之后;如果是备注,在行首加 `#` 变成注释。' },
      { fixture: 'invalid/articles/duplicate-field.md', title: '同一个字段写了两次', fix: '保留正确的一行,删掉另一行。' },
      { fixture: 'invalid/articles/broken-yaml.md', title: '引号没有成对', fix: '补上结尾的英文引号,或者把引号都去掉。标题里要用引号时,用中文引号“”。' },
      { fixture: 'invalid/articles/quote-partial.md', title: '引号只包住了一部分', fix: '去掉这对英文引号(标题里的引号改用中文引号“”),或者把整个值放进一对引号里。' },
      { fixture: 'invalid/articles/value-starts-with-bracket.md', title: '值以特殊符号开头', fix: '给整个值加英文双引号,如 `title: "[重要] 标题"`,或改用中文括号【】。以 `[ ] { } * & ! | > % @ , - ? :` 开头的值都要这样处理。' },
      { fixture: 'invalid/articles/colon-in-title.md', title: '值里有英文冒号', fix: '把英文冒号改成中文冒号,或给整个值加英文双引号:`title: "娄底市: 扣准驻村帮扶旋律"`。' },
      { fixture: 'invalid/articles/summary-indent.md', title: '其他无法解析的前言', fix: '检查提示所指的这一行和前几行:多行的值(如 `summary: |` 后面的几行)每行缩进要相同;引号要成对;冒号后面要有空格。实在找不到,对照 `npm run new` 生成的模板重写前言。' },
    ],
  ],
  [
    '标题 title',
    [
      { fixture: 'invalid/articles/missing-title.md', title: '缺少标题', fix: '加一行 `title: 文章标题`。' },
      { fixture: 'invalid/articles/empty-title.md', title: '标题是空的', fix: '在 `title:` 后面写上标题。' },
      { fixture: 'invalid/articles/title-is-list.md', title: '标题写成了列表', fix: '标题只写一行:`title: 第一行和第二行合在一起`。副标题可写进正文开头。' },
      { fixture: 'invalid/articles/title-control-characters.md', title: '标题里有看不见的控制字符', fix: '删掉标题,重新输入一遍(不要从网页或其他软件复制)。提示里的 `\\x1b` 之类就是那个看不见的字符。其他只写一行的字段(来源、作者等)也一样。' },
    ],
  ],
  [
    '发布日期 date',
    [
      { fixture: 'invalid/articles/missing-date.md', title: '缺少日期', fix: '加一行 `date: 2023-01-07`(北京时间),需要时写到分钟:`date: 2023-01-07 08:30`。' },
      { fixture: 'invalid/articles/date-is-list.md', title: '日期写成了列表', fix: '只写一个日期:`date: 2023-01-07`。' },
      { fixture: 'invalid/articles/date-not-a-date.md', title: '无法识别的日期', fix: '写成 `YYYY-MM-DD`,如 `date: 2023-01-07`。' },
      { fixture: 'invalid/articles/date-number.md', title: '日期格式不对(有建议写法)', fix: '照提示里的写法改。`2023年1月7日`、`2023/1/7`、`20230107` 都要写成 `2023-01-07`。' },
      { fixture: 'invalid/articles/date-nonexistent.md', title: '日期不存在', fix: '检查月份和日子:2 月没有 30 日,月份 1–12,小时 0–23。' },
    ],
  ],
  [
    '栏目 category',
    [
      { fixture: 'invalid/articles/missing-category.md', title: '缺少栏目', fix: '加一行 `category: 关注民生`(栏目见 `content/site.md`)。' },
      { fixture: 'invalid/articles/category-is-list.md', title: '写了多个栏目', fix: '每篇文章只能放在一个栏目里,只留一个。' },
      { fixture: 'invalid/articles/unknown-category.md', title: '栏目不存在', fix: '从提示列出的栏目里选一个,写栏目名称或括号里的网址名。要开新栏目,先在 `content/site.md` 的 `channels` 里添加。' },
      { fixture: 'invalid/articles/category-typo.md', title: '栏目名写错了一两个字', fix: '按提示改成正确的栏目名。' },
      { fixture: 'invalid/articles/category-wrong-case.md', title: '栏目网址名的大小写不对', fix: '网址名一律小写:按提示写成 `category: minsheng`。' },
    ],
  ],
  [
    '其他字段',
    [
      { fixture: 'invalid/articles/source-is-list.md', title: '可选字段写成了列表', fix: '`source`、`author`、`summary`、`originalTitle`、`editor` 都只写一段文字。多个来源用顿号隔开:`source: 红星网、人民网`。' },
      { fixture: 'invalid/articles/source-url-javascript.md', title: '原文链接不是网址', fix: '`sourceUrl` 只能是 `http://` 或 `https://` 开头的完整网址;没有原文链接就留空或删掉这一行。' },
      { fixture: 'invalid/articles/draft-not-boolean.md', title: 'draft 不是 true 或 false', fix: '草稿写 `draft: true`,要发布写 `draft: false`(或删掉这一行)。' },
      { fixture: 'invalid/articles/unknown-field.md', title: '字段名拼错了', fix: '按提示改成正确的字段名。' },
      { fixture: 'invalid/articles/chinese-field-name.md', title: '字段名写成了中文', fix: '字段名一律用英文:标题 `title`、日期 `date`、栏目 `category`、来源 `source`、作者 `author`……(见上面的字段表)。' },
      { fixture: 'invalid/articles/unknown-field-no-guess.md', title: '不支持的字段', fix: '删掉这一行;需要新字段请联系技术人员。' },
    ],
  ],
  [
    '置顶、更新、更正和关键词',
    [
      { fixture: 'invalid/articles/pinned-not-boolean.md', title: 'pinned 不是 true 或 false', fix: '置顶写 `pinned: true`,不置顶写 `pinned: false`(或删掉这一行)。' },
      { fixture: 'invalid/articles/reposted-not-boolean.md', title: '转载(reposted)写成了中文', fix: '写 `reposted: true`(转载,文末显示免责声明)或 `reposted: false`(本网稿件);多数时候不用写,按 `source` 自动判断。' },
      { fixture: 'invalid/articles/updated-not-a-date.md', title: '更新时间写错了', fix: '和发布时间一样写成 `updated: 2026-11-21 10:00`(北京时间)。' },
      { fixture: 'invalid/articles/updated-before-date.md', title: '更新时间早于发布时间', fix: '更新时间是发布之后修改文章的时间。两个时间有一个写错了:改正 `updated`,或者改正 `date`。' },
      { fixture: 'invalid/articles/updated-in-future.md', title: '更新时间还没有到', fix: '写实际修改文章的时间,不能写将来的时间。' },
      { fixture: 'invalid/articles/correction-without-updated.md', title: '写了更正说明,没写更新时间', fix: '加一行 `updated:`,写更正的时间(北京时间),如 `updated: 2026-11-21 10:00`:更正说明要注明何时更正。' },
      { fixture: 'invalid/articles/tags-not-a-list.md', title: '关键词不是列表', fix: '写成 `tags: [驻村帮扶, 乡村振兴]`,或一行写 `tags: 驻村帮扶、乡村振兴`。' },
      { fixture: 'invalid/articles/tag-too-long.md', title: '关键词太长', fix: '关键词是一个词语,最多 20 个字:挑出最关键的词,如 `乡村振兴`。' },
      { fixture: 'invalid/articles/tag-with-slash.md', title: '关键词里有网址用的符号', fix: '关键词会成为网址 `/tags/关键词/` 的一部分:删掉斜杠等符号,或写成两个关键词 `tags: [法治, 民生]`。' },
      { fixture: 'invalid/articles/tag-only-symbols.md', title: '关键词只有符号或表情', fix: '关键词要有文字或数字:写成一个词语,如 `tags: [驻村帮扶]`;表情和符号请删掉。' },
      { fixture: 'invalid/articles/tag-same-as-site-file.md', title: '关键词和网站自己的文件重名', fix: '`/tags/` 里已经有网站自己的 `index.html`:换一个关键词。' },
      { fixture: 'invalid/articles/tag-windows-name.md', title: '关键词是 Windows 的保留名', fix: '每个关键词都是网站里的一个文件夹:换一个写法,如 `CON` 改成 `CON 会议`;不要以 `.` 结尾。' },
      { fixture: 'invalid/articles/too-many-tags.md', title: '关键词太多', fix: '一篇文章最多 10 个关键词:只留最能说明内容的几个。' },
    ],
  ],
  [
    '图片',
    [
      { fixture: 'invalid/articles/image-without-alt.md', title: '图片缺少说明文字', fix: '在方括号里写上图片说明:`![会议现场](/images/meeting.jpg)`。说明文字给看不见图片的读者(读屏软件)和搜索引擎用。' },
      { fixture: 'invalid/articles/image-missing.md', title: '图片文件不存在', fix: '把图片文件放进 `content/images/`(与 `articles/` 同级),文件名(包括大小写和扩展名)要和正文里写的一致。' },
      { fixture: 'invalid/articles/image-refused.md', title: '文章用到了图片文件夹里不能发布的文件', fix: '被拒绝的文件(这里是 SVG)不发布,用到它的这篇文章暂不更新,其他文章照常发布。按提示把那个文件换成照片(JPEG、PNG 或 WebP),或改用另一张照片。' },
      { fixture: 'invalid/articles/image-external.md', title: '图片不在本站', fix: '外站图片可能失效或被盗链保护挡住:下载后放进 `content/images/`,再写 `![说明](/images/文件名.jpg)`。' },
      { fixture: 'invalid/images/linked-photo.jpg', title: '图片文件夹里有链接(快捷方式)', fix: '删除链接,把照片文件本身复制进 `content/images/`。网站从不读取链接指向的文件:它可能在网站之外(如系统文件、私钥)。' },
      { fixture: 'invalid/images/linked-folder', title: '图片文件夹里有指向别处的文件夹', fix: '删除这个文件夹链接,建一个真正的文件夹,把照片复制进去。' },
      { fixture: IMAGES_LINK, title: '图片文件夹本身是链接', fix: '删除 `content/images` 这个链接,建一个真正的 `images` 文件夹(与 `articles/` 同级),把照片复制进去。' },
      { fixture: 'invalid/images/page.html', title: '图片文件夹里有不是照片的文件', fix: '`content/images/` 里只放照片(`.jpg` `.jpeg` `.png` `.webp`)。网页、脚本、文档等文件会被拒绝:删掉它,或移到别处。' },
      { fixture: 'invalid/images/logo.svg', title: 'SVG 图片', fix: 'SVG 文件里可以藏脚本,网站不发布。用作图的软件另存为 PNG(图表、标志)或 JPEG(照片)。' },
      { fixture: 'invalid/images/iphone.heic', title: 'HEIC 照片(苹果手机)', fix: '在手机上把照片导出为 JPEG 再上传;以后拍的照片想直接是 JPEG:iPhone 设置 → 相机 → 格式 → 选「兼容性最佳」。' },
      { fixture: 'invalid/images/not-a-photo.jpg', title: '不是图片,或图片已损坏', fix: '扩展名是 `.jpg`,内容却不是照片(或只传了一半)。重新导出或重新拍摄,再放进来。' },
      { fixture: 'invalid/images/too-many-pixels.png', title: '照片像素太多', fix: '网站最多用到 1640 像素宽,6400 万像素以上的照片只会拖慢发布。用看图软件把长边缩到 4000 像素左右再放进来。' },
      { fixture: HUGE_PHOTO, title: '照片文件太大', fix: '手机和相机拍的 JPEG 一般不到 25 MB。另存为 JPEG(质量 90 左右)再放进来;PNG 格式的照片请改存 JPEG。' },
      { fixture: 'invalid/articles/nested-too-deep.md', title: '正文嵌套太深', fix: '列表里套列表、引用里套引用(`>`)、HTML 标签里套标签,最多 32 层,新闻稿用不到这么多。多半是粘贴时带进了一长串 `-`、`>` 或标签:删掉它们,或把这一段改写成普通段落。' },
    ],
  ],
  [
    '网站信息 content/site.md',
    [
      { fixture: MISSING_SITE, title: '找不到 site.md', fix: '内容目录里必须有 `site.md`。从版本库恢复它,或检查 `CONTENT_DIR` 是否指对了目录。' },
      { fixture: 'invalid-site/site.md', title: 'site.md 里的错误', fix: '按每行提示修改 `content/site.md`。`channels` 里每个栏目的 `slug`(网址名,小写字母、数字、连字符)和 `name`(栏目名称)都不能重复。site.md 有错时,文章照样检查,只是不检查栏目。' },
      { fixture: 'invalid-site/articles/checked-anyway.md', title: 'site.md 有错时,文章照样检查', fix: '先改 site.md,再按提示改文章。' },
    ],
  ],
  [
    '提醒(不影响发布,但请看一眼)',
    [
      { fixture: 'invalid/articles/title-too-long.md', title: '标题太长', fix: '确认没有把副标题或正文粘进标题。原文标题可写进 `originalTitle`。' },
      { fixture: 'invalid/articles/tags-near-duplicate.md', title: '关键词写法几乎一样', fix: '同一个关键词要写得一模一样(空格、标点、全角半角都算不同),否则会分成两个关键词页面。按提示统一写法。' },
      { fixture: 'invalid/articles/images', title: '文章目录里的文件夹', fix: '图片放在 `content/images/`(与 `articles/` 同级),文章目录里只放 `.md` 文件。' },
    ],
  ],
]

interface Line {
  fixture: string
  text: string
  line?: number
}

/** Runs the check on a folder and returns its problem lines, attributed to fixtures. */
function checkOutput(contentDir: string, label?: string): Line[] {
  const result = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/publish/check.ts'], {
    cwd: root,
    env: { ...process.env, CONTENT_DIR: contentDir, PUBLIC_DIR: '' },
    encoding: 'utf8',
  })
  const lines: Line[] = []
  // A temporary folder's name changes every run: it is shown as content/, like the real one.
  // A fixture folder's images/ is shown as content/images/, where editors put theirs.
  const output = label
    ? result.stderr.split(path.relative(root, contentDir)).join('content')
    : result.stderr.split(`${contentDir}/images`).join('content/images')
  for (const raw of output.split('\n')) {
    const match = /^(提醒  )?(\S+?)(?::(\d+))?  (\S+(?: \S+)*?)  (.+)$/.exec(raw)
    if (!match) continue
    const [, warning = '', file, line, field, message] = match
    // A photo's line names content/images/<name> already: its fixture is the folder's images/<name>.
    const photo = !label && file.startsWith('content/images/') ? path.join(path.relative('tests/fixtures', contentDir), file.slice('content/'.length)) : undefined
    const fixture = label ?? photo ?? path.relative(path.join(root, 'tests/fixtures'), path.resolve(root, file))
    const shown = fixture.replace(/^invalid(-site)?\/articles\//, 'content/articles/').replace(/^invalid-site\/site\.md$/, 'content/site.md')
    lines.push({
      fixture,
      line: line ? Number(line) : undefined,
      text: `${warning}${label ? file : shown}${line ? `:${line}` : ''}  ${field}  ${message}`,
    })
  }
  return lines
}

/** A small article fixture, numbered like an editor's screen (tabs shown as ⇥); nothing for other files. */
function excerpt(file: string): string[] {
  if (!file.endsWith('.md') || path.basename(file) === 'site.md' || !fs.lstatSync(file).isFile()) return []
  const text = new TextDecoder('utf-8', { fatal: false }).decode(fs.readFileSync(file))
  const lines = text.replace(/\n$/, '').split('\n')
  if (text.trim() === '' || text.includes('\uFFFD') || lines.length > 12) return []
  const numbered = lines.map((line, i) => `${String(i + 1).padStart(2)} | ${line.replace(/\t/g, '⇥')}`.trimEnd())
  return ['文件内容(左边是行号' + (text.includes('\t') ? ',⇥ 表示 Tab' : '') + '):', '', '```text', ...numbered, '```', '']
}

/** The Markdown section listing every message with its fix; throws when the catalog and the output disagree. */
export function renderCatalog(): string {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-site-'))
  fs.mkdirSync(path.join(empty, 'articles'))
  // Folders that cannot be kept in git as they are: content/images a link to a folder elsewhere,
  // and a 41 MB photo (written sparse: no disk used).
  const withSite = (prefix: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
    fs.mkdirSync(path.join(dir, 'articles'))
    fs.copyFileSync(path.join(root, 'tests/fixtures/invalid/site.md'), path.join(dir, 'site.md'))
    return dir
  }
  const linkedImages = withSite('images-link-')
  fs.mkdirSync(path.join(linkedImages, 'elsewhere'))
  fs.symlinkSync('elsewhere', path.join(linkedImages, 'images'))
  const hugePhoto = withSite('huge-photo-')
  fs.mkdirSync(path.join(hugePhoto, 'images'))
  fs.closeSync(fs.openSync(path.join(hugePhoto, 'images/camera.jpg'), 'w'))
  fs.truncateSync(path.join(hugePhoto, 'images/camera.jpg'), 41 * 2 ** 20)
  const lines = [
    ...checkOutput('tests/fixtures/invalid'),
    ...checkOutput('tests/fixtures/invalid-site'),
    ...checkOutput(empty, MISSING_SITE),
    ...checkOutput(linkedImages, IMAGES_LINK),
    ...checkOutput(hugePhoto, HUGE_PHOTO),
  ]
  for (const dir of [empty, linkedImages, hugePhoto]) fs.rmSync(dir, { recursive: true, force: true })

  const known = new Set(CATALOG.flatMap(([, entries]) => entries.map((e) => e.fixture)))
  const unexplained = lines.filter((l) => !known.has(l.fixture))
  if (unexplained.length > 0) throw new Error(`messages without an entry in CATALOG:\n${unexplained.map((l) => l.text).join('\n')}`)

  const out = [START, '']
  for (const [section, entries] of CATALOG) {
    out.push(`### ${section}`, '')
    for (const { fixture, title, fix } of entries) {
      const own = lines.filter((l) => l.fixture === fixture)
      if (own.length === 0) throw new Error(`no check output for ${fixture}`)
      out.push(`#### ${title}`, '')
      out.push(...excerpt(path.join(root, 'tests/fixtures', fixture)))
      out.push('提示:', '', '```text', ...own.map((l) => l.text), '```', '', `怎么改:${fix}`, '')
    }
  }
  out.push(END)
  return out.join('\n')
}

/** The guide with its catalog section replaced by `catalog`. */
export function withCatalog(guide: string, catalog: string): string {
  const start = guide.indexOf(START)
  const end = guide.indexOf(END)
  if (start < 0 || end < start) throw new Error(`docs/editing.md has no ${START} … ${END} section`)
  return guide.slice(0, start) + catalog + guide.slice(end + END.length)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  fs.writeFileSync(GUIDE, withCatalog(fs.readFileSync(GUIDE, 'utf8'), renderCatalog()))
  console.log(`✓ 已更新 ${path.relative(process.cwd(), GUIDE)} 的错误提示一览`)
}
