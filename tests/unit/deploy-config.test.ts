// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { DeployConfigError, parseDeployConfig, readDeployConfig, secretsFromEnv } from '../../scripts/deploy/config'
import { deployPublished } from '../../scripts/deploy/index'

const problems = (text: string, env: Record<string, string> = { SITE_URL: 'https://www.example.cn' }) => {
  try {
    parseDeployConfig('deploy/deploy.yml', text, env)
  } catch (error) {
    if (error instanceof DeployConfigError) return error.problems
    throw error
  }
  return []
}

describe('deploy/deploy.yml', () => {
  it('reads the shipped file: no targets yet, the site address from content/site.md', () => {
    const config = readDeployConfig('deploy/deploy.yml', {})
    expect(config).toMatchObject({ siteUrl: 'https://www.lzfzwl.org.cn', nodes: [], graceMinutes: 10 })
  })

  it('gives the publisher nothing to do while the file names no target', async () => {
    expect(await deployPublished('/nonexistent/out', { env: {} })).toBeUndefined()
  })

  it('names the file, line and field of each mistake, with the fix, in Chinese', () => {
    const text = ['nodes:', '  - name: web1', '    host: deploy@10.0.0.11', '    path: srv/lzfzw', '  - name: web2', '    host: deploy@10.0.0.12', '    path: /srv/lzfzw', '    prot: 22', 'graceMinutes: soon'].join('\n')
    expect(problems(text)).toEqual([
      'deploy/deploy.yml:4  nodes.0.path  应为绝对路径,只含字母、数字和 . _ / -(例如 /srv/lzfzw)',
      'deploy/deploy.yml:8  nodes.1.prot  未知字段 prot(请检查拼写,或删掉这一行)',
      expect.stringMatching(/^deploy\/deploy\.yml:9  graceMinutes  /),
    ])
  })

  it('refuses two targets of one name, and a site without an address', () => {
    expect(problems('nodes:\n  - { name: web, host: a, path: /srv/a }\n  - { name: web, host: b, path: /srv/b }\n')).toEqual([
      'deploy/deploy.yml  name  目标名称重复:web(每个节点和对象存储的 name 应各不相同)',
    ])
    expect(problems('nodes: []\n', { CONTENT_DIR: '/nonexistent' })).toEqual([
      'deploy/deploy.yml  siteUrl  缺少网站地址:请写 siteUrl: https://www.example.cn,或设置环境变量 SITE_URL',
    ])
  })

  it('takes secrets only from the environment, and checks the IndexNow key', () => {
    expect(problems('searchEngines:\n  baidu:\n    token: abc\n')).toEqual(['deploy/deploy.yml:3  searchEngines.baidu.token  未知字段 token(请检查拼写,或删掉这一行)'])
    expect(secretsFromEnv({ INDEXNOW_KEY: 'abcdef0123456789', BAIDU_TOKEN: 't' })).toEqual({ indexnowKey: 'abcdef0123456789', baiduToken: 't' })
    expect(() => secretsFromEnv({ INDEXNOW_KEY: 'short' })).toThrow(/INDEXNOW_KEY/)
  })
})
