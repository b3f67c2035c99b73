/**
 * 字号, 高对比度 (适老化), 打印本页 and 复制链接. They need JavaScript (public/js/reader.js), so they stay hidden until
 * it runs: without it the page reads at the default size and nothing on screen is dead.
 */
export function ReaderTools() {
  return (
    <div className="reader-tools" data-reader-tools hidden>
      <div role="group" aria-label="字号" className="font-sizes">
        <span aria-hidden="true">字号:</span>
        <button type="button" data-font-size="large" aria-pressed="false" aria-label="大字号">
          大
        </button>
        <button type="button" data-font-size="medium" aria-pressed="true" aria-label="中字号">
          中
        </button>
        <button type="button" data-font-size="small" aria-pressed="false" aria-label="小字号">
          小
        </button>
      </div>
      <button type="button" data-contrast aria-pressed="false">
        高对比度
      </button>
      <button type="button" data-print>
        打印本页
      </button>
      <button type="button" data-copy-link>
        复制链接
      </button>
      <span className="copy-status" role="status" data-copy-status></span>
    </div>
  )
}
