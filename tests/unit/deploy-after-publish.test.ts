// @vitest-environment node
// The resident publisher deploys after each good publish (npm start -- --watch, the desk): here with
// a deploy.yml whose one target is the CDN purge list, publishes made as the build makes them.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { deployAfterEachPublish } from '../../scripts/deploy/after-publish'
import { publishRelease, siteFiles } from './deploy-fixtures'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-after-publish-'))
const out = path.join(tmp, 'build/out')
const configFile = path.join(tmp, 'deploy.yml')
const lines: string[] = []
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

const publish = (release: string, articles: string[]) =>
  publishRelease(out, release, siteFiles({ release, articles }), Object.fromEntries(articles.map((a) => [a, `key-${a}`])))
const deployed = () => (JSON.parse(fs.readFileSync(path.join(tmp, 'build/.out-publish/deploy/state.json'), 'utf8')) as { last?: { release: string } }).last?.release
const purgeList = (release: string) => fs.readFileSync(path.join(tmp, `build/.out-publish/deploy/purge/${release}.txt`), 'utf8').split('\n').filter(Boolean)

describe('the resident publisher deploys', () => {
  const hook = deployAfterEachPublish(out, { configFile, log: (line) => lines.push(line) })

  it('after each good publish, publishes made during a deploy in one more deploy, and never after a failed one', async () => {
    fs.writeFileSync(configFile, 'siteUrl: https://www.example.cn\ncdn: {}\n')
    publish('R1', ['a-1'])
    hook.onPublish({ ok: true })
    await hook.idle()
    expect(deployed()).toBe('R1')

    publish('R2', ['a-1', 'a-2'])
    hook.onPublish({ ok: true })
    publish('R3', ['a-1', 'a-2', 'a-3'])
    hook.onPublish({ ok: true })
    await hook.idle()
    expect(deployed()).toBe('R3')
    // Whether R2 had its own deploy or not, the CDN heard of both new articles.
    const purged = fs.readdirSync(path.join(tmp, 'build/.out-publish/deploy/purge')).flatMap((file) => purgeList(file.replace(/\.txt$/, '')))
    expect(purged).toEqual(expect.arrayContaining(['https://www.example.cn/articles/a-2/', 'https://www.example.cn/articles/a-3/']))

    publish('R4', ['a-1', 'a-2', 'a-3', 'a-4'])
    hook.onPublish({ ok: false })
    await hook.idle()
    expect(deployed()).toBe('R3')
  })

  it('reports a broken deploy.yml in Chinese with its line, and deploys again with the next publish once it is fixed', async () => {
    fs.writeFileSync(configFile, 'siteUrl: https://www.example.cn\ncdn: {}\ngraceMinutes: soon\n')
    hook.onPublish({ ok: true })
    await hook.idle()
    expect(lines.at(-1)).toMatch(/^✖ .*deploy\.yml:3  graceMinutes  无效输入.*数字.*\(下次发布时重试\)$/s)
    expect(deployed()).toBe('R3')

    fs.writeFileSync(configFile, 'siteUrl: https://www.example.cn\ncdn: {}\n')
    hook.onPublish({ ok: true })
    await hook.idle()
    expect(deployed()).toBe('R4')
    expect(lines.at(-1)).toMatch(/^✓ 已部署 R4/)
  })
})
