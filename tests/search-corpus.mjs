// @ts-check
// The search test corpus: articles on distinct topics, and the table of queries with exactly the
// articles each must find, best first. The unit tests (tests/unit/search.test.ts) run the table
// against the index built in a temporary folder; the end-to-end tests (tests/e2e/search.spec.ts)
// run it in Chromium against the `search` site (tests/e2e/sites.mjs), built from the same folder.
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

/** Articles on topics that share no words, unless a test wants them to. Dates are Beijing time. */
export const SEARCH_ARTICLES = [
  {
    slug: 'jiazhuang-dianti',
    title: '老旧小区加装电梯 居民出行更方便',
    date: '2024-03-01 09:00',
    category: '关注民生',
    body:
      '今年以来,市住建局推进老旧小区改造。截至目前,全市已有一百二十个小区完成加装电梯,惠及两万多户居民。\n\n' +
      '“过去上下楼要歇好几回,现在方便多了。”家住六楼的王阿姨说。加装电梯让居民出行更方便,也让老房子焕发了新的活力。住建部门表示,将继续简化审批手续,推动更多小区加装电梯。',
  },
  {
    slug: 'dianti-weibao',
    title: '质监部门开展特种设备安全检查',
    date: '2024-05-10 10:00',
    category: '法治动态',
    body:
      '为保障群众安全,质监部门近日开展特种设备安全大检查。检查组重点查看了商场、医院的电梯维护保养记录,对发现的问题当场下达整改通知。' +
      '负责人表示,电梯安全关系千家万户,维保单位必须落实主体责任。',
  },
  {
    slug: 'jiwei-tongbao',
    title: '区纪委监委公开曝光三起违反中央八项规定精神问题',
    date: '2024-02-20 16:00',
    category: '廉政建设',
    body:
      '近日,区纪委监委对三起违反中央八项规定精神问题进行了公开通报。这是今年以来纪委通报的第二批典型问题。' +
      '通报指出,有关人员违规收受礼品礼金、违规公款吃喝,受到党纪政务处分。各级党组织要引以为戒,持之以恒正风肃纪。',
  },
  {
    slug: 'xunqi-tongbao',
    title: '防汛指挥部部署汛期安全工作',
    date: '2024-06-01 08:00',
    category: '关注民生',
    body:
      '入汛以来,防汛指挥部召开专题会议,部署汛期安全工作。会议通报了近期雨情水情,要求各地严格落实值班值守制度,' +
      '提前转移危险区域群众,确保人民群众生命财产安全。',
  },
  {
    slug: 'jiwei-xuncha',
    title: '县委巡察组进驻乡镇开展常规巡察',
    date: '2024-06-15 09:00',
    category: '廉政建设',
    body:
      '县委第二巡察组日前进驻三个乡镇开展常规巡察。巡察期间设立举报信箱,受理群众来信来访。县纪委有关负责人介绍,' +
      '巡察发现的问题线索将按规定移交处理,并适时向社会通报整改情况。',
  },
  {
    slug: 'rengong-zhineng',
    title: '人工智能助力政务服务提速',
    date: '2024-04-08 11:00',
    category: '法治动态',
    body:
      '市政务服务中心引入人工智能客服系统,群众咨询可全天候获得答复。系统上线三个月,累计解答问题八万余次,' +
      '平均等待时间由十分钟缩短到一分钟。下一步,中心将扩大智能审批的范围。',
  },
  {
    slug: 'chengji-gaotie',
    title: '城际高铁开通 沿线群众出行更便捷',
    date: '2024-01-18 07:30',
    category: '关注民生',
    body:
      '连接两市的城际高铁正式开通运营,全程运行时间缩短至四十分钟。沿线群众纷纷表示,探亲访友、上班通勤都更便捷了。' +
      '铁路部门将根据客流变化,适时增开列车。',
  },
  {
    slug: 'dianzi-zhengzhao',
    title: '数字政务平台上线电子证照',
    date: '2024-03-22 15:00',
    category: '法治动态',
    body:
      '市数字政务平台近日上线电子证照功能,采用区块链技术存证,群众办事不再需要携带纸质材料。' +
      '目前已有身份证、营业执照等三十类证照实现电子化。',
  },
  {
    slug: 'louxing-zhucun',
    title: '娄星区:驻村帮扶奏响乡村振兴进行曲',
    date: '2023-01-07 08:00',
    category: '乡村振兴',
    body:
      '乡村振兴战略全面实施以来,娄星区锚定驻村帮扶工作基调,扣准驻村干部“真驻、真帮、真干”旋律,全力奏响助推乡村振兴“进行曲”。' +
      '驻村工作队帮助农户发展特色产业,修建产业路,村集体经济收入逐年增加。',
  },
  {
    slug: 'laji-fenlei',
    title: '社区推行垃圾分类新办法',
    date: '2024-07-02 10:00',
    category: '关注民生',
    body:
      '为改善人居环境,街道在辖区社区推行垃圾分类积分制。居民按要求投放可回收物,可累计积分兑换生活用品。' +
      '志愿者每天在投放点值守,指导居民正确分类。',
  },
  {
    slug: 'fazhi-xuanchuan',
    title: '法治宣传进校园 青少年学法懂法',
    date: '2024-04-25 14:00',
    category: '法治动态',
    body:
      '区司法局联合教育部门开展“法治宣传进校园”活动,法官、检察官走上讲台,结合真实案例讲解未成年人保护法。' +
      '同学们表示,课堂生动有趣,学到了保护自己的法律知识。',
  },
  {
    slug: 'shipin-anquan',
    title: '市场监管局开展食品安全专项检查',
    date: '2024-05-28 09:30',
    category: '法治动态',
    body:
      '市场监管局近日对校园周边食品经营户开展专项检查,重点检查进货查验、从业人员健康证明等情况。' +
      '对检查中发现的问题,执法人员责令限期整改,并将适时公布检查结果。',
  },
]

/**
 * The queries, each with the slugs it must find, best first (exactly these, in this order), and
 * the words a result must show marked as a whole.
 */
/** An article the updates add (a search document, as the index takes it): in neither corpus. */
export const ADDED_ARTICLE = {
  slug: 'zuqiu',
  title: '全民健身足球比赛开幕',
  text: '为期一周的社区足球比赛今天开幕,三十支业余球队参赛。',
  date: new Date('2024-08-01T10:00:00+08:00'),
  channel: { slug: 'minsheng', name: '关注民生' },
  url: '/articles/zuqiu/',
}

export const SEARCH_QUERIES = [
  // Absent words find nothing (precision), including words whose characters all appear somewhere.
  ...['足球比赛', '高速公路', '股票市场', '航天员', '量子计算', '世界杯', '房地产', '疫苗接种', '奥运会', '篮球联赛', '电梯故障', '高铁站'].map(
    (query) => ({ query, expect: [], why: 'absent' }),
  ),
  // 监委, 委通 and 通报 are all in jiwei-tongbao, but never side by side as 监委通报.
  { query: '监委通报', expect: [], why: 'bigrams present, word absent' },
  { query: '鲸', expect: [], why: 'absent character' },
  // Any run of two or more characters is found, wherever word boundaries fall.
  { query: '监委', expect: ['jiwei-tongbao'], why: 'inside 纪委监委', marks: ['监委'] },
  { query: '星区', expect: ['louxing-zhucun'], why: 'inside 娄星区', marks: ['星区'] },
  { query: '装电', expect: ['jiazhuang-dianti'], why: 'across 加装|电梯', marks: ['装电'] },
  { query: '梯让居', expect: ['jiazhuang-dianti'], why: 'across 电梯|让|居民' },
  { query: '区块链', expect: ['dianzi-zhengzhao'], why: 'in the text only', marks: ['区块链'] },
  { query: '人工智能', expect: ['rengong-zhineng'], marks: ['人工智能'] },
  { query: '高铁', expect: ['chengji-gaotie'], marks: ['高铁'] },
  // A whole word is highlighted as one.
  { query: '加装电梯', expect: ['jiazhuang-dianti'], marks: ['加装电梯'] },
  // Title before text, whatever the dates: dianti-weibao is newer but has 电梯 in its text only.
  { query: '电梯', expect: ['jiazhuang-dianti', 'dianti-weibao'], why: 'title before text', marks: ['电梯'] },
  // Several words: all must match (AND); spaces, full-width spaces and punctuation separate them.
  { query: '纪委 通报', expect: ['jiwei-tongbao', 'jiwei-xuncha'], why: 'AND; the phrase 纪委通报 (in the text) before scattered words, though older' },
  { query: '纪委　通报', expect: ['jiwei-tongbao', 'jiwei-xuncha'], why: 'full-width space' },
  { query: '纪委,通报', expect: ['jiwei-tongbao', 'jiwei-xuncha'], why: 'punctuation' },
  { query: '通报 防汛', expect: ['xunqi-tongbao'], why: 'AND' },
  { query: '纪委 电梯', expect: [], why: 'AND: no article has both' },
  // Traditional characters find simplified text.
  { query: '電梯', expect: ['jiazhuang-dianti', 'dianti-weibao'], why: 'traditional', marks: ['电梯'] },
  { query: '紀委監委', expect: ['jiwei-tongbao'], why: 'traditional', marks: ['纪委监委'] },
  { query: '區塊鏈', expect: ['dianzi-zhengzhao'], why: 'traditional' },
  // One character matches that character.
  { query: '梯', expect: ['jiazhuang-dianti', 'dianti-weibao'], why: 'single character' },
  // Newest first among title matches: both titles have 检查.
  { query: '检查', expect: ['shipin-anquan', 'dianti-weibao'], why: 'newest first within title matches' },
]

/** Writes the corpus as a content folder: site.md of the real site and one Markdown file per article. */
/** @param {string} dir */
export function writeSearchCorpus(dir) {
  fs.mkdirSync(path.join(dir, 'articles'), { recursive: true })
  fs.copyFileSync(path.join(root, 'content/site.md'), path.join(dir, 'site.md'))
  for (const a of SEARCH_ARTICLES) {
    fs.writeFileSync(
      path.join(dir, 'articles', `${a.slug}.md`),
      // Every article ends with (本网讯): one query that finds them all, more than a page of results.
      ['---', `title: "${a.title}"`, `date: ${a.date}`, `category: ${a.category}`, '---', '', a.body, '', '(本网讯)', ''].join('\n'),
    )
  }
}
