// @ts-check
// The README's screenshots (docs/screenshots/), taken from out/ in headless Chromium: the home and
// article pages on a desktop (1280 px) and a phone (390 px), and the article as an older reader sets
// it up, 特大 type and 高对比度. Optional: not part of npm test. Needs Debian's Chromium
// (CHROMIUM_PATH, default /usr/bin/chromium) and CJK fonts (apt-get install fonts-noto-cjk).
//
//   npm run build && npm run screenshots
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { chromium } from '@playwright/test'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const dir = path.join(root, 'out')
const shots = path.join(root, 'docs/screenshots')
const ARTICLE = '/articles/loudi-louxing-zhucun-bangfu/'
/** @type {{ width: number, height: number, isMobile?: boolean, hasTouch?: boolean }} */
const DESKTOP = { width: 1280, height: 900 }
// A phone has a touch screen and no mouse: 大鼠标 is not offered there.
const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true }
const XLARGE_HIGH = { 'font-size': 'xlarge', contrast: 'high' }
const SHOTS = [
  { name: 'home-desktop', url: '/', viewport: DESKTOP, fullPage: true },
  { name: 'home-phone', url: '/', viewport: PHONE },
  { name: 'article-desktop', url: ARTICLE, viewport: DESKTOP },
  { name: 'article-phone', url: ARTICLE, viewport: PHONE },
  // Scrolled to the title, so the picture shows the tools as well as the text.
  { name: 'article-phone-xlarge-high-contrast', url: ARTICLE, viewport: PHONE, settings: XLARGE_HIGH, scrollTo: 'h1' },
  { name: 'article-desktop-xlarge-high-contrast', url: ARTICLE, viewport: DESKTOP, settings: XLARGE_HIGH },
]

if (!fs.existsSync(path.join(dir, 'index.html'))) {
  console.error('✖ out/ has not been built: run npm run build first.')
  process.exit(1)
}

const port = await /** @type {Promise<number>} */ (new Promise((resolve, reject) => {
  const probe = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address())
    probe.close(() => resolve(port))
  })
  probe.on('error', reject)
}))
const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '--dir', dir, '--port', String(port), '--host', '127.0.0.1'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
})
await /** @type {Promise<void>} */ (new Promise((resolve, reject) => {
  server.stdout.on('data', (chunk) => String(chunk).includes('serving') && resolve())
  server.on('exit', (code) => reject(new Error(`serve.ts exited with ${code}`)))
}))

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--font-render-hinting=none'],
})
try {
  for (const { name, url, viewport, fullPage = false, settings = {}, scrollTo } of SHOTS) {
    const { isMobile = false, hasTouch = false, ...size } = viewport
    const context = await browser.newContext({ viewport: size, isMobile, hasTouch, deviceScaleFactor: 1, locale: 'zh-CN' })
    await context.addInitScript((settings) => {
      for (const [key, value] of Object.entries(settings)) localStorage.setItem(`lzfzw-${key}`, value)
      // Headless Chromium has no voices, so 语音朗读 would be hidden: list one Chinese voice, as
      // readers' browsers do (nothing is spoken).
      if (window.speechSynthesis) speechSynthesis.getVoices = () => [{ lang: 'zh-CN', name: 'zh-CN', voiceURI: 'zh-CN', localService: true, default: true }]
    }, settings)
    const page = await context.newPage()
    await page.goto(`http://127.0.0.1:${port}${url}`, { waitUntil: 'networkidle' })
    await page.evaluate(() => document.fonts.ready)
    if (scrollTo) await page.locator(scrollTo).evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 8))
    const file = path.join(shots, `${name}.png`)
    await page.screenshot({ path: file, fullPage })
    console.log(`✓ ${path.relative(root, file)} (${viewport.width} px${Object.keys(settings).length ? `, ${JSON.stringify(settings)}` : ''})`)
    await context.close()
  }
} finally {
  await browser.close()
  server.kill()
}
