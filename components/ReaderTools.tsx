const SIZES = [
  ['xlarge', '特大'],
  ['large', '大'],
  ['medium', '中'],
  ['small', '小'],
] as const

/**
 * 字号 (小/中/大/特大), 高对比度 and 大鼠标 (适老化), 语音阅读, 打印本页 and 复制链接. They need JavaScript
 * (public/js/reader-tools.js), so they are shown by CSS once reader.js has marked <html data-js>, before
 * the first paint: nothing moves, and without JavaScript nothing on screen is dead. 语音阅读 keeps its
 * place until the browser's voices are known and is shown only where one speaks Chinese.
 *
 * reader-tools.js sets the buttons' aria-pressed from the saved settings, possibly before React
 * hydrates `npm run dev`'s pages: hence suppressHydrationWarning (production pages have no React).
 */
export function ReaderTools() {
  return (
    <>
      <div className="reader-tools" data-reader-tools>
        <div role="group" aria-label="字号" className="font-sizes">
          <span aria-hidden="true">字号:</span>
          {SIZES.map(([size, label]) => (
            <button
              key={size}
              type="button"
              data-font-size={size}
              aria-pressed={size === 'medium'}
              aria-label={`${label}字号`}
              suppressHydrationWarning
            >
              {label}
            </button>
          ))}
        </div>
        <button type="button" data-switch="contrast" aria-pressed="false" suppressHydrationWarning>
          高对比度
        </button>
        <button type="button" data-switch="cursor" aria-pressed="false" suppressHydrationWarning>
          大鼠标
        </button>
        <div role="group" aria-label="语音阅读" className="speech">
          <button type="button" data-speak aria-pressed="false">
            语音朗读
          </button>
          <button type="button" data-speak-stop hidden>
            停止朗读
          </button>
        </div>
        <button type="button" data-print>
          打印本页
        </button>
        <button type="button" data-copy-link>
          复制链接
        </button>
        <span className="tool-status" role="status" data-status></span>
      </div>
      <script src="/js/reader-tools.js" defer />
    </>
  )
}
