import path from 'node:path'
import { defineConfig } from 'vitest/config'

const root = path.resolve(import.meta.dirname, '..')

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    root,
    environment: 'jsdom',
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/unit/setup.ts'],
    globalSetup: ['tests/unit/global-setup.ts'],
    // Vitest's 5 s default is a wall-clock bound: on a machine at load 20-50 a test that starts a
    // server or a worker can take longer and still be right. Tests wait for conditions; this only
    // catches one that hangs.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
