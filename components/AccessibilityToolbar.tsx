/**
 * The 无障碍 toolbar on every page: a landmark at the top with one visible button (a <details>
 * summary, so it opens with JavaScript off too). Its tools (页面缩放, 十字光标, 纯文本, 指读/连读, 语速,
 * 配色, 大字幕, 重置 and the shortcuts) are drawn into it by /js/toolbar.js, which reader.js loads only
 * when the reader opens it or presses a shortcut: the page itself carries none of their code.
 * Without JavaScript the panel says so and offers what works without it: 纯文本 (a CSS view of the
 * page's text, #plain), the browser's own zoom and its print preview.
 */
export function AccessibilityToolbar() {
  return (
    <section className="a11y-bar" aria-label="无障碍工具栏">
      <details className="container">
        <summary aria-keyshortcuts="Alt+Shift+W">无障碍</summary>
        <p className="a11y-nojs" id="plain">
          这些工具需要 JavaScript;<a href="#plain">纯文本</a>、浏览器的缩放和打印预览不需要。
        </p>
      </details>
    </section>
  )
}
