// Telling search engines what a publish changed. IndexNow (Bing, Yandex, Naver, Seznam, Yep; one
// engine shares with the others) takes new, changed and removed URLs as JSON; Baidu's 普通收录 API
// takes new and changed URLs as text, one a line, within a daily quota. A failure never stops a
// publish: the URLs stay in the queue and go with the next one. Reports are in Chinese.

/** What one push did: URLs accepted, URLs to try again next time, and lines for the operator. */
export interface PushResult {
  sent: string[]
  pending: string[]
  /** URLs the engine refused for good (not of this site, not valid): not sent again. */
  dropped: string[]
  messages: string[]
  ok: boolean
}

const TIMEOUT_MS = 15_000

async function post(url: string, contentType: string, body: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': contentType }, body, signal: AbortSignal.timeout(TIMEOUT_MS) })
  return { status: response.status, text: await response.text() }
}

const reasonOf = (error: unknown) => {
  const e = error as Error & { cause?: { code?: string; message?: string } }
  return e.name === 'TimeoutError' ? `${TIMEOUT_MS / 1000} 秒内没有应答` : (e.cause?.code ?? e.cause?.message ?? e.message)
}

const INDEXNOW_STATUS: Record<number, string> = {
  400: '请求格式不对(400 Bad request)',
  403: '密钥无效(403 Forbidden):网站上找不到密钥文件,或文件内容不是密钥',
  422: '网址不属于该网站,或密钥与网站不符(422 Unprocessable Entity)',
  429: '提交太频繁(429 Too Many Requests)',
}

/** Sends URLs to an IndexNow endpoint in batches of at most `batchSize` (10,000). */
export async function pushIndexNow(
  urls: string[],
  options: { endpoint: string; siteUrl: string; key: string; batchSize: number },
): Promise<PushResult> {
  const result: PushResult = { sent: [], pending: [], dropped: [], messages: [], ok: true }
  const host = new URL(options.siteUrl).host
  const keyLocation = `${options.siteUrl}/${options.key}.txt`
  for (let i = 0; i < urls.length; i += options.batchSize) {
    const urlList = urls.slice(i, i + options.batchSize)
    try {
      const { status, text } = await post(options.endpoint, 'application/json; charset=utf-8', JSON.stringify({ host, key: options.key, keyLocation, urlList }))
      if (status === 200 || status === 202) {
        result.sent.push(...urlList)
        continue
      }
      result.ok = false
      result.pending.push(...urlList)
      result.messages.push(`IndexNow 推送 ${urlList.length} 个网址失败:${INDEXNOW_STATUS[status] ?? `HTTP ${status} ${text.slice(0, 200)}`};下次发布时重试`)
    } catch (error) {
      result.ok = false
      result.pending.push(...urlList)
      result.messages.push(`IndexNow 推送 ${urlList.length} 个网址失败:${reasonOf(error)};下次发布时重试`)
    }
  }
  if (result.sent.length > 0) result.messages.unshift(`IndexNow 已接收 ${result.sent.length} 个网址`)
  return result
}

interface BaiduAnswer {
  remain?: number
  success?: number
  not_same_site?: string[]
  not_valid?: string[]
  error?: number
  message?: string
}

const BAIDU_ERRORS: Record<string, string> = {
  'site error': '站点未在百度搜索资源平台验证(site error)',
  'empty content': '推送内容为空(empty content)',
  'only 2000 urls are allowed once': '一次最多推送 2000 条(only 2000 urls are allowed once)',
  'over quota': '今日推送配额已用完(over quota)',
  'token is not valid': 'token 无效(token is not valid):请检查环境变量 BAIDU_TOKEN',
  'not found': '接口地址不对(not found)',
  'internal error': '百度服务器内部错误(internal error)',
}

/** Sends URLs to Baidu 普通收录 in batches of at most `batchSize` (2,000), within the day's quota. */
export async function pushBaidu(urls: string[], options: { endpoint: string; siteUrl: string; token: string; batchSize: number }): Promise<PushResult> {
  const result: PushResult = { sent: [], pending: [], dropped: [], messages: [], ok: true }
  const site = new URL(options.siteUrl)
  // Baidu names a site by its host, with the scheme for https sites.
  const siteParam = site.protocol === 'https:' ? `https://${site.host}` : site.host
  const endpoint = `${options.endpoint}?site=${encodeURIComponent(siteParam)}&token=${encodeURIComponent(options.token)}`
  let remain: number | undefined
  for (let i = 0; i < urls.length; i += options.batchSize) {
    const batch = urls.slice(i, i + options.batchSize)
    if (remain === 0) {
      result.pending.push(...batch)
      continue
    }
    try {
      const { status, text } = await post(endpoint, 'text/plain', batch.join('\n'))
      let answer: BaiduAnswer
      try {
        answer = JSON.parse(text) as BaiduAnswer
      } catch {
        answer = { error: status, message: text.slice(0, 200) }
      }
      if (status !== 200 || answer.error !== undefined) {
        result.ok = false
        result.pending.push(...batch)
        const message = answer.message ?? `HTTP ${status}`
        result.messages.push(`百度普通收录推送 ${batch.length} 条失败:${BAIDU_ERRORS[message] ?? message};这些网址留待下次发布时重试`)
        if (message === 'over quota') remain = 0
        continue
      }
      const refused = new Set([...(answer.not_same_site ?? []), ...(answer.not_valid ?? [])])
      if (refused.size > 0) result.ok = false
      for (const url of batch) (refused.has(url) ? result.dropped : result.sent).push(url)
      if (answer.not_same_site?.length) result.messages.push(`百度普通收录:${answer.not_same_site.length} 个网址与站点不符(not_same_site),未收录:${answer.not_same_site.join(' ')}`)
      if (answer.not_valid?.length) result.messages.push(`百度普通收录:${answer.not_valid.length} 个网址不合法(not_valid),未收录:${answer.not_valid.join(' ')}`)
      remain = answer.remain
    } catch (error) {
      result.ok = false
      result.pending.push(...batch)
      result.messages.push(`百度普通收录推送 ${batch.length} 条失败:${reasonOf(error)};这些网址留待下次发布时重试`)
    }
  }
  if (result.sent.length > 0 || remain !== undefined) {
    result.messages.unshift(`百度普通收录:成功推送 ${result.sent.length} 条${remain !== undefined ? `,今日剩余配额 ${remain} 条` : ''}`)
  }
  if (remain === 0 && result.pending.length > 0) result.messages.push(`百度普通收录:今日配额已用完,${result.pending.length} 条留待下次发布时推送`)
  return result
}
