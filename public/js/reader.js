// The reader's saved 无障碍 settings, applied before the page is drawn, and the door to the tools.
//
// A tiny blocking script in <head>, on every page. It sets <html>'s attributes from storage: 字号
// (data-font-size), 配色 (data-contrast: high, dark, yellow, blue), 大鼠标 (data-cursor), 页面缩放
// (data-zoom, in %), 十字光标 (data-guides), 纯文本 (data-plain), 大字幕 (data-caption) and 指读/连读
// (data-reading); and data-js, which shows the tools (app/globals.css). The styles of every mode but
// 字号 are in /css/reader-modes.css, fetched only for readers who use one; the code of the tools is
// /js/toolbar.js, loaded when the reader first presses a tool or a shortcut (Alt+Shift+…), or at once
// when a mode that follows the pointer (十字光标, 大字幕, 指读) is on. Without JavaScript the tools
// stay hidden, the toolbar says what needs it, and the page reads at the default size.
;(function () {
  var root = document.documentElement
  // Each mode's name and the values it may take (anything else in storage is ignored).
  var MODES = /^(contrast=(high|dark|yellow|blue)|cursor=large|zoom=(150|200|250|300)|(guides|plain|caption)=on|reading=(point|continuous))$/
  var size, styled
  try {
    size = localStorage.getItem('lzfzw-font-size')
    'contrast cursor zoom guides plain caption reading'.split(' ').forEach(function (name) {
      var value = localStorage.getItem('lzfzw-' + name)
      if (MODES.test(name + '=' + value)) styled = root.setAttribute('data-' + name, value) || 1
    })
  } catch {} // storage blocked: the defaults, and choices last for one page
  root.setAttribute('data-font-size', /^(small|large|xlarge)$/.test(size) ? size : 'medium')
  root.setAttribute('data-js', '')
  // Written by the parser, so it holds the first paint as the main stylesheet does in every browser
  // (a stylesheet appended by script does only where blocking="render" is supported).
  if (styled) document.write('<link rel="stylesheet" href="/css/reader-modes.css">')

  var loading
  function tools() {
    return (loading = loading || import('/js/toolbar.js'))
  }
  // A press on any tool (the toolbar's summary, the article's row, the panel) goes to toolbar.js.
  document.addEventListener('click', function (event) {
    var control = event.target.closest && event.target.closest('.a11y-bar :is(button, summary), .reader-tools button')
    if (control) tools().then(function (module) { module.press(control) })
  })
  addEventListener('keydown', function (event) {
    if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && /^(Key[WXCZLPMR]|Equal|Minus|Period|Comma)$/.test(event.code)) {
      event.preventDefault()
      tools().then(function (module) { module.shortcut(event.code) })
    }
  })
  document.addEventListener('DOMContentLoaded', function () {
    var buttons = document.querySelectorAll('[data-set]')
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-pressed', root.getAttribute('data-' + buttons[i].getAttribute('data-set')) === buttons[i].value)
    }
    // The modes that follow the pointer need the tools' code at once.
    if (root.dataset.guides || root.dataset.caption || root.dataset.reading) tools()
    // 语音阅读 is shown only where the browser has a Chinese voice (listed a moment after asking).
    var synth = window.speechSynthesis
    if (!synth || !document.querySelector('[data-act="speak"]')) return
    function voices() {
      if (synth.getVoices().some(function (v) { return /^(zh|cmn)/i.test(v.lang) })) root.setAttribute('data-speech', '')
    }
    voices()
    synth.addEventListener('voiceschanged', voices)
  })
})()
