import { defineConfig } from '@playwright/test'
import { outDir, SITES } from './e2e/sites.mjs'

// Debian's Chromium (apt-get install chromium): Playwright cannot download its own browser here.
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** One Playwright project per built site, each served by our own server (scripts/server/serve.ts). */
const sites = Object.entries(SITES) as [string, { port: number }][]

/**
 * The projects named on the command line (`--project search`, `--project=search`), if any: a run
 * limited to some sites starts only their servers, so only those sites need to be built.
 */
function chosenProjects(argv: string[]): Set<string> | undefined {
  const names = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--project=')) names.add(argv[i].slice('--project='.length))
    else if (argv[i] === '--project') while (argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')) names.add(argv[++i])
  }
  return names.size > 0 ? names : undefined
}
const chosen = chosenProjects(process.argv)

export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores build and serve while the browser runs: generous limits keep slow from meaning failed.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: '../playwright-report' }]],
  use: {
    locale: 'zh-CN',
    timezoneId: 'America/Los_Angeles',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: sites.map(([name, { port }]) => ({
    name,
    testMatch: new RegExp(`[\\\\/]${name}(\\.[\\w-]+)?\\.spec\\.ts$`),
    use: { baseURL: `http://127.0.0.1:${port}` },
  })),
  webServer: sites.filter(([name]) => !chosen || chosen.has(name)).map(([name, { port }]) => ({
    // A search answered by the server is waited for however busy the machine is: the pages that
    // readers without JavaScript get must hold the results in the tests (production gives up after 2 s).
    command: `node --import tsx scripts/server/serve.ts --dir ${outDir(name)} --port ${port} --host 127.0.0.1`,
    env: { ...(process.env as Record<string, string>), SEARCH_TIMEOUT_MS: '60000' },
    cwd: '..',
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  })),
})
