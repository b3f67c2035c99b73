// The README's screenshots (docs/screenshots/), taken from a built site in headless Chromium.
// The seed site (out/): the home and article pages on a desktop (1280 px) and a phone (390 px),
// the article as an older reader sets it up, 特大 type and 高对比度, and the 无障碍 toolbar (open; 300 %
// with 十字光标). The newsroom test site
// (.e2e/newsroom/out, from `node tests/e2e/sites.mjs newsroom`): the home page's lead story and a
// corrected article. Optional: not part of npm test. Needs Debian's Chromium (CHROMIUM_PATH,
// default /usr/bin/chromium) and CJK fonts (apt-get install fonts-noto-cjk).
//
//   npm run build && npm run screenshots
//   node tests/e2e/sites.mjs newsroom && npm run screenshots -- --site newsroom
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { chromium } from '@playwright/test'
import { startServer } from '../server/serve'

interface Viewport {
  width: number
  height: number
  isMobile?: boolean
  hasTouch?: boolean
}

interface Shot {
  name: string
  url: string
  viewport: Viewport
  fullPage?: boolean
  settings?: Record<string, string>
  /** Scrolled so this element is at the top. */
  scrollTo?: string
  /** The 无障碍 toolbar opened with its button. */
  openToolbar?: boolean
  /** The pointer moved here (十字光标 follows it). */
  pointer?: { x: number; y: number }
}

const root = path.resolve(import.meta.dirname, '../..')
const shots = path.join(root, 'docs/screenshots')
const ARTICLE = '/articles/loudi-louxing-zhucun-bangfu/'
const DESKTOP: Viewport = { width: 1280, height: 900 }
// A phone has a touch screen and no mouse: 大鼠标 is not offered there.
const PHONE: Viewport = { width: 390, height: 844, isMobile: true, hasTouch: true }
const XLARGE_HIGH = { 'font-size': 'xlarge', contrast: 'high' }
const SITES: Record<string, { dir: string; shots: Shot[] }> = {
  seed: {
    dir: 'out',
    shots: [
      { name: 'home-desktop', url: '/', viewport: DESKTOP, fullPage: true },
      { name: 'home-phone', url: '/', viewport: PHONE },
      { name: 'article-desktop', url: ARTICLE, viewport: DESKTOP },
      { name: 'article-phone', url: ARTICLE, viewport: PHONE },
      // Scrolled to the title, so the picture shows the tools as well as the text.
      { name: 'article-phone-xlarge-high-contrast', url: ARTICLE, viewport: PHONE, settings: XLARGE_HIGH, scrollTo: 'h1' },
      { name: 'article-desktop-xlarge-high-contrast', url: ARTICLE, viewport: DESKTOP, settings: XLARGE_HIGH },
      // The 无障碍 toolbar (docs/accessibility.md): open, and the page at 300 % with 十字光标 on a phone-sized window.
      { name: 'toolbar-open-desktop', url: ARTICLE, viewport: DESKTOP, openToolbar: true },
      {
        name: 'toolbar-zoom300-guides-phone',
        url: ARTICLE,
        viewport: { width: 390, height: 844 },
        settings: { zoom: '300', guides: 'on' },
        scrollTo: 'h1',
        pointer: { x: 180, y: 420 },
      },
    ],
  },
  // Generated test content (tests/newsroom-corpus.mjs), never the real site's.
  newsroom: {
    dir: '.e2e/newsroom/out',
    shots: [
      { name: 'newsroom-home-lead-desktop', url: '/', viewport: DESKTOP },
      { name: 'newsroom-home-lead-phone', url: '/', viewport: PHONE },
      { name: 'newsroom-article-corrected-desktop', url: '/articles/corrected/', viewport: DESKTOP, scrollTo: 'h1' },
    ],
  },
}

const { values } = parseArgs({ options: { site: { type: 'string', default: 'seed' } } })
const site = SITES[values.site!]
if (!site) {
  console.error(`✖ --site must be one of ${Object.keys(SITES).join(', ')}`)
  process.exit(1)
}
const dir = path.join(root, site.dir)
if (!fs.existsSync(path.join(dir, 'index.html'))) {
  console.error(`✖ ${site.dir} has not been built: ${values.site === 'seed' ? 'run npm run build' : `run node tests/e2e/sites.mjs ${values.site}`} first.`)
  process.exit(1)
}

const server = await startServer({ dir, port: 0, host: '127.0.0.1' })
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--font-render-hinting=none'],
})
try {
  for (const { name, url, viewport, fullPage = false, settings = {}, scrollTo, openToolbar, pointer } of site.shots) {
    const { isMobile = false, hasTouch = false, ...size } = viewport
    const context = await browser.newContext({ viewport: size, isMobile, hasTouch, deviceScaleFactor: 1, locale: 'zh-CN' })
    await context.addInitScript((settings) => {
      for (const [key, value] of Object.entries(settings)) localStorage.setItem(`lzfzw-${key}`, value)
      // Headless Chromium has no voices, so 语音朗读 would be hidden: list one Chinese voice, as
      // readers' browsers do (nothing is spoken).
      if (window.speechSynthesis) speechSynthesis.getVoices = () => [{ lang: 'zh-CN', name: 'zh-CN', voiceURI: 'zh-CN', localService: true, default: true } as SpeechSynthesisVoice]
    }, settings)
    const page = await context.newPage()
    await page.goto(new URL(url, server.url).href, { waitUntil: 'networkidle' })
    await page.evaluate(() => document.fonts.ready)
    if (openToolbar) {
      await page.getByRole('region', { name: '无障碍工具栏' }).getByText('无障碍', { exact: true }).click()
      await page.getByRole('button', { name: '重置' }).waitFor()
    }
    if (scrollTo) await page.locator(scrollTo).evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 8))
    if (pointer) {
      await page.locator('.a11y-guide-x').waitFor({ state: 'attached' })
      await page.mouse.move(pointer.x, pointer.y)
      await page.waitForFunction(() => (document.querySelector('.a11y-guide-x') as HTMLElement).style.transform !== 'translateY(-10px)')
    }
    const file = path.join(shots, `${name}.png`)
    await page.screenshot({ path: file, fullPage })
    console.log(`✓ ${path.relative(root, file)} (${viewport.width} px${Object.keys(settings).length ? `, ${JSON.stringify(settings)}` : ''})`)
    await context.close()
  }
} finally {
  await browser.close()
  await server.close()
}
