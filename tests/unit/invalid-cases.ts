// What `npm run check` must say about each file of tests/fixtures/invalid/ and invalid-site/:
// the file, the field it names, and the gist of the message. Shared by the loader and CLI tests.

export type Case = [file: string, field: string, message: RegExp]

/** tests/fixtures/invalid/articles/<file>: one broken article per mistake. */
export const ARTICLE_CASES: Case[] = [
  ['empty-file.md', '文件', /文件是空的/],
  ['not-utf8.md', '文件', /不是 UTF-8 编码.*另存为/],
  ['folder.md', '文件', /这是一个文件夹,不是文章文件/],
  ['dangling-link.md', '文件', /指向不存在文件的链接/],
  ['Bad_File_Name.md', '文件名', /建议改名为 bad-file-name\.md/],
  ['新闻稿.md', '文件名', /不能用作网址.*可用拼音、英文或日期命名/],
  ['no-front-matter.md', '前言', /缺少前言/],
  ['front-matter-not-first-line.md', '前言', /--- 必须写在文件的第一行/],
  ['dashes-wrong.md', '前言', /第一行应为三个英文减号 ---,现在是「——」/],
  ['closing-dashes-wrong.md', '前言', /结束线应为三个英文减号 ---,现在是「——」/],
  ['front-matter-not-closed.md', '前言', /前言没有结束/],
  ['tab-indent.md', '前言', /Tab/],
  ['extra-indent.md', '前言', /前面多了空格/],
  ['full-width-colon.md', 'category', /category 后面用了中文冒号「\uFF1A」/],
  ['not-a-field-line.md', '前言', /不是「字段: 值」的形式:这是误写进前言的一句话/],
  ['duplicate-field.md', 'title', /字段 title 写了两次\(第 2 行和第 4 行\)/],
  ['no-space-after-colon.md', 'title', /冒号后面缺少空格:应写成 title: 测试标题/],
  ['broken-yaml.md', 'title', /引号没有成对/],
  ['quote-partial.md', 'title', /引号只包住了 title 的值的一部分/],
  ['value-starts-with-bracket.md', 'title', /以「\[」开头.*title: "\[重要\] 测试标题"/],
  ['colon-in-title.md', 'title', /英文冒号.*title: "娄底市: 扣准驻村帮扶旋律"/],
  ['summary-indent.md', '前言', /前言\(YAML\)无法解析:缩进不对/],
  ['missing-title.md', 'title', /缺少标题/],
  ['empty-title.md', 'title', /标题\(title\)不能为空/],
  ['title-is-list.md', 'title', /应为一段文字,现在是列表/],
  ['missing-date.md', 'date', /缺少发布日期\(date\)/],
  ['date-is-list.md', 'date', /发布日期\(date\)应为一个日期,现在是列表/],
  ['date-not-a-date.md', 'date', /无法识别的日期:昨天下午.*YYYY-MM-DD/],
  ['date-nonexistent.md', 'date', /日期不存在:2023-02-30/],
  ['date-number.md', 'date', /日期格式不对:20230107,应写成 2023-01-07/],
  ['missing-category.md', 'category', /缺少栏目\(category\)/],
  ['category-is-list.md', 'category', /只能写一个栏目,现在是列表/],
  ['unknown-category.md', 'category', /栏目不存在:体育新闻\(现有栏目:关注民生\(minsheng\)、法治动态\(fazhi\)/],
  ['category-typo.md', 'category', /栏目不存在:关注民声,是否应为 关注民生?/],
  ['category-wrong-case.md', 'category', /栏目不存在:Minsheng,是否应为 minsheng?/],
  ['title-control-characters.md', 'title', /标题\(title\)里有看不见的控制字符 \\x1b:请删掉它/],
  ['nested-too-deep.md', '正文', /嵌套太深:.*套了 40 层,最多 32 层/],
  ['稿件.md.txt', '文件名', /不是 \.md 文件,不会发布.*请改名为 稿件\.md.*文件名前加下划线/],
  ['稿件.MD', '文件名', /不是 \.md 文件,不会发布.*请改名为 稿件\.md/],
  ['稿件.docx', '文件名', /Word 文件不会发布/],
  ['source-is-list.md', 'source', /来源\(source\)应为一段文字,现在是列表/],
  ['source-url-javascript.md', 'sourceUrl', /只能是 http:\/\/ 或 https:\/\/.*javascript:alert\(1\)/],
  ['draft-not-boolean.md', 'draft', /只能是 true 或 false,现在是「是」/],
  ['reposted-not-boolean.md', 'reposted', /转载\(reposted\)只能是 true 或 false,现在是「是」/],
  ['pinned-not-boolean.md', 'pinned', /置顶\(pinned\)只能是 true 或 false,现在是「是」/],
  ['updated-before-date.md', 'updated', /更新时间\(updated\)2023-01-06 10:00 早于发布时间\(date\)2023-01-07 08:00/],
  ['updated-in-future.md', 'updated', /更新时间\(updated\)2099-01-01 10:00 还没有到.*不能晚于现在/],
  ['updated-not-a-date.md', 'updated', /无法识别的更新时间\(updated\):上周五/],
  ['correction-without-updated.md', 'correction', /写了更正说明\(correction\),还要写更正的时间:加一行 updated/],
  ['tags-not-a-list.md', 'tags', /关键词\(tags\)应为列表,现在是键值对/],
  ['tag-too-long.md', '关键词第 1 个', /关键词「全面推进.*」太长:最多 20 个字/],
  ['tag-with-slash.md', '关键词第 1 个', /关键词「法治\/民生」里有不能用在网址里的符号/],
  ['tag-only-symbols.md', '关键词第 1 个', /关键词「😀」只有符号或表情,没有文字/],
  ['tag-same-as-site-file.md', '关键词第 1 个', /关键词「index\.html」和网站自己的文件 \/tags\/index\.html 重名/],
  ['tag-windows-name.md', '关键词第 1 个', /关键词「CON」不能用作文件夹名.*Windows 的保留名/],
  ['nul.md', '文件名', /nul 是 Windows 的保留名/],
  ['too-many-tags.md', 'tags', /关键词\(tags\)最多 10 个/],
  ['unknown-field.md', 'autor', /未知字段 autor,是否应为 author/],
  ['chinese-field-name.md', '作者', /未知字段 作者,是否应为 author/],
  ['unknown-field-no-guess.md', 'weather', /^未知字段 weather\(可用字段:/],
  ['image-without-alt.md', '图片', /缺少说明文字/],
  ['image-missing.md', '图片', /图片文件不存在.*应放在 \S*invalid\/images\/does-not-exist\.jpg/],
  ['image-external.md', '图片', /不是本站图片/],
  ['image-refused.md', '图片', /图片 \/images\/logo\.svg 不能发布,这篇文章暂不更新:\S*invalid\/images\/logo\.svg SVG 图片不能发布/],
]

/**
 * tests/fixtures/invalid/images/<file>: one refused file per reason. Nothing but photos is published
 * from the content folder's images/, and no link is followed (it may point outside the site).
 */
export const PHOTO_CASES: Case[] = [
  ['linked-photo.jpg', '图片', /这是一个链接\(快捷方式\),不是照片本身.*可能在网站之外/],
  ['linked-folder', '图片', /指向别处的文件夹链接/],
  ['page.html', '图片', /这种文件不能放在图片文件夹里:网站只发布照片\(\.jpg \.jpeg \.png \.webp\)/],
  ['logo.svg', '图片', /SVG 图片不能发布:SVG 文件里可以藏脚本/],
  ['iphone.heic', '图片', /HEIC 格式的照片不能发布.*导出为 JPEG/],
  ['not-a-photo.jpg', '图片', /不是图片,或者图片已损坏/],
  ['too-many-pixels.png', '图片', /照片太大:9000×8000,72 百万像素,最多 64 百万像素/],
]

/** Files that only draw a warning (提醒): the check still passes because of them. */
export const WARNING_CASES: Case[] = [
  ['title-too-long.md', 'title', /标题有 70 个字,超过 60 字/],
  ['images', '文件名', /文件夹不会被读取/],
  ['tags-near-duplicate.md', 'tags', /关键词「驻村 帮扶」和「驻村帮扶」几乎一样.*请统一写成「驻村帮扶」/],
]

/** tests/fixtures/invalid-site/site.md: a broken site.md; its article is still checked. */
export const SITE_CASES: Case[] = [
  ['site.md', 'name', /缺少网站名称\(name\)/],
  ['site.md', 'url', /网址\(url\)应为 http:\/\/ 或 https:\/\//],
  ['site.md', 'greeting', /问候语\(greeting\)不能为空/],
  ['site.md', 'language', /只能是 zh-CN/],
  ['site.md', '栏目第 2 个的 slug', /栏目网址名\(slug\)只能用小写字母/],
  ['site.md', '栏目第 3 个的 slug', /栏目的 slug 重复:minsheng/],
  ['site.md', '栏目第 3 个的 name', /栏目的 name 重复:关注民生/],
  ['site.md', 'phones.fax', /未知字段 fax/],
  ['site.md', 'emial', /未知字段 emial,是否应为 email/],
  ['checked-anyway.md', 'date', /日期不存在/],
]

// Bodies that overflowed the stack of the Markdown walkers, or made the parser quadratic (400
// levels of indented lists took 5 s, 800 took 26 s and then crashed). Each is a few KB.
const indented = (levels: number) => Array.from({ length: levels }, (_, i) => `${' '.repeat(2 * i)}- 第 ${i + 1} 层`).join('\n')
export const TOO_DEEP: Record<string, string> = {
  'dashes.md': '- '.repeat(1000) + '文字',
  'quotes.md': '> '.repeat(500) + '文字',
  'bold-tags.md': '<b>'.repeat(1500) + '文字',
  'star-markers.md': '* '.repeat(3000) + '文字',
  'indented-400.md': indented(400),
  'indented-800.md': indented(800),
}

// Bodies the parser would take seconds or minutes over: its emphasis and link matching is quadratic
// in the marks of one paragraph (`*_` 8,000 times took 27 s), and it reads about 10 µs a character.
const paragraph = '乡村振兴战略全面实施以来,娄星区锚定驻村帮扶工作“选派精、管理严、成效实”基调。\n\n'
export const TOO_SLOW: Record<string, [body: string, message: RegExp]> = {
  'emphasis-marks.md': ['*_'.repeat(8000), /有 16000 个 \* _ \[ \] ` 符号,最多 2000 个/],
  'link-openers.md': ['[a]('.repeat(8000), /有 16000 个 \* _ \[ \] ` 符号,最多 2000 个/],
  'image-openers.md': ['![a]('.repeat(8000), /有 16000 个 \* _ \[ \] ` 符号,最多 2000 个/],
  'too-long.md': [paragraph.repeat(3000), /正文太长:\d+ 个字符,最多 100000 个/],
}
