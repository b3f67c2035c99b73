const SIZES = [
  ['xlarge', '特大'],
  ['large', '大'],
  ['medium', '中'],
  ['small', '小'],
] as const

/**
 * The article's own row of tools: 字号 (小/中/大/特大, the same setting as the 无障碍 toolbar's; 配色 with
 * 高对比度, and 大鼠标, are in the toolbar on every page), 语音阅读, 打印本页 and 复制链接. They need JavaScript, so they are shown by CSS once
 * reader.js has marked <html data-js>, before the first paint: nothing moves, and without JavaScript
 * nothing on screen is dead. Their code (/js/toolbar.js, and /js/speech.js for 语音阅读) loads when the
 * reader first presses one; reader.js sets aria-pressed from the saved settings as the page is parsed.
 * 语音阅读 keeps its place until the browser's voices are known and is shown only where one speaks Chinese.
 */
export function ReaderTools() {
  return (
    <div className="reader-tools">
      <div role="group" aria-label="字号" className="font-sizes">
        <span aria-hidden="true">字号:</span>
        {SIZES.map(([size, label]) => (
          <button key={size} type="button" data-set="font-size" value={size} aria-pressed={size === 'medium'} aria-label={`${label}字号`} suppressHydrationWarning>
            {label}
          </button>
        ))}
      </div>
      <div role="group" aria-label="语音阅读" className="speech">
        <button type="button" data-act="speak" aria-pressed="false">
          语音朗读
        </button>
        <button type="button" data-act="speak-stop" hidden>
          停止朗读
        </button>
      </div>
      <button type="button" data-act="print">
        打印本页
      </button>
      <button type="button" data-act="copy-link">
        复制链接
      </button>
      <span className="tool-status" role="status" data-status=""></span>
    </div>
  )
}
