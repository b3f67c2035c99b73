import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', 'out/**', '**/.*-publish/**', '.scratch/**', '.e2e/**', '.bench/**', '.lighthouse/**', 'node_modules/**', 'next-env.d.ts', 'playwright-report/**', 'test-results/**'],
  },
  {
    rules: {
      // Plain <a> links on purpose: the exported pages ship no framework JavaScript, so next/link has nothing to do.
      '@next/next/no-html-link-for-pages': 'off',
    },
  },
]

export default config
