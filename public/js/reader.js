// The reader's saved settings (适老化), applied before the page is drawn: 字号 小/中/大/特大 (data-font-size),
// 高对比度 (data-contrast) and 大鼠标 (data-cursor), and data-js, which shows the reader tools
// (app/globals.css), so nothing moves when reader-tools.js wires them on article pages.
//
// A tiny blocking script in <head>, on every page. It touches only <html>'s attributes, which the
// layout tells React to expect (suppressHydrationWarning). Without JavaScript the tools stay hidden
// and the page reads at the default size.
;(function () {
  var root = document.documentElement
  try {
    var size = localStorage.getItem('lzfzw-font-size')
    if (localStorage.getItem('lzfzw-contrast') === 'high') root.setAttribute('data-contrast', 'high')
    if (localStorage.getItem('lzfzw-cursor') === 'large') root.setAttribute('data-cursor', 'large')
  } catch {} // storage blocked: the defaults, and choices last for one page
  root.setAttribute('data-font-size', /^(small|large|xlarge)$/.test(size) ? size : 'medium')
  root.setAttribute('data-js', '')
})()
