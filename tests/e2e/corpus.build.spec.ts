import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { e2eDir } from './sites.mjs'

// The corpus site is built with CONTENT_READ_LOG set: the loader logs "<pid> <file>" per read.
test('the build reads each content file once per process, never once per page', () => {
  const log = fs.readFileSync(path.join(e2eDir, 'corpus-reads.log'), 'utf8').trim().split('\n')
  const reads = new Map<string, number>()
  for (const line of log) reads.set(line, (reads.get(line) ?? 0) + 1)
  const repeated = [...reads].filter(([, n]) => n > 1)
  expect(repeated).toEqual([])

  const articles = fs.readdirSync(path.join(e2eDir, 'corpus/content/articles'))
  const processes = new Set(log.map((line) => line.split(' ')[0]))
  const files = new Set(log.map((line) => path.basename(line.split(' ').slice(1).join(' '))))
  for (const name of articles) expect(files.has(name), name).toBe(true)
  // A handful of build processes (check, main, workers), each reading the folder once.
  expect(log.length).toBe(processes.size * (articles.length + 1))
  expect(processes.size).toBeLessThanOrEqual(8)
})
