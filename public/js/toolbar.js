// The 无障碍 toolbar's code (components/AccessibilityToolbar.tsx) and the article's row of tools
// (components/ReaderTools.tsx). reader.js loads this module only when the reader presses a tool or a
// shortcut, or when a saved mode follows the pointer; it hands every press on to press() and every
// shortcut to shortcut(). Each setting is a data-NAME attribute on <html>, saved as lzfzw-NAME, which
// reader.js applies before the next page is drawn; the modes' styles are /css/reader-modes.css.
// Speech (语音阅读, 指读, 连读) is /js/speech.js, loaded on first use.

var root = document.documentElement
var STYLES = '/css/reader-modes.css'
var ZOOMS = [100, 150, 200, 250, 300]
// Settings a reset clears (font-size goes back to medium).
var NAMES = ['font-size', 'contrast', 'cursor', 'zoom', 'guides', 'plain', 'caption', 'reading', 'rate', 'volume']
var SCHEMES = [
  ['', '默认配色'],
  ['high', '高对比度'],
  ['dark', '黑底白字'],
  ['yellow', '黑底黄字'],
  ['blue', '黄底蓝字'],
]
// What each shortcut (Alt+Shift+key) does, in the order the panel lists them.
var KEYS = [
  ['KeyW', 'W', '打开或关闭无障碍工具栏', toggleBar],
  ['Equal', '+', '页面放大', function () { zoomBy(1) }],
  ['Minus', '-', '页面缩小', function () { zoomBy(-1) }],
  ['KeyX', 'X', '十字光标', function () { choose('guides', 'on') }],
  ['KeyC', 'C', '纯文本模式', function () { choose('plain', 'on') }],
  ['KeyZ', 'Z', '指读:朗读指针或焦点所在的段落', function () { choose('reading', 'point') }],
  ['KeyL', 'L', '连读:从指针或焦点所在处读下去', function () { choose('reading', 'continuous') }],
  ['Period', '>', '语速加快', function () { stepSpeech('rate', 1) }],
  ['Comma', '<', '语速减慢', function () { stepSpeech('rate', -1) }],
  ['KeyP', 'P', '切换配色', nextScheme],
  ['KeyM', 'M', '大字幕', function () { choose('caption', 'on') }],
  ['KeyR', 'R', '重置:恢复全部默认设置', reset],
]
// What 指读, 连读 and 大字幕 take as one piece of the page: the innermost of these around the pointer.
var READABLE = 'a,button,summary,label,h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,caption,figcaption,blockquote,pre,time'
// What 连读 reads on through, in document order (the outermost of nested ones).
var BLOCKS = 'h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,caption,figcaption,blockquote,pre,.byline'

var bar = document.querySelector('.a11y-bar')
var details = bar && bar.querySelector('details')
// What a shortcut or a press did, said to screen readers: made by this module, so pages whose
// toolbar is never used carry no second status region.
var status = document.createElement('span')
status.className = 'visually-hidden'
status.setAttribute('role', 'status')
if (bar) bar.appendChild(status)

function save(name, value) {
  try {
    if (value) localStorage.setItem('lzfzw-' + name, value)
    else localStorage.removeItem('lzfzw-' + name)
  } catch {}
}
function saved(name) {
  try {
    return localStorage.getItem('lzfzw-' + name) || ''
  } catch {
    return ''
  }
}
function say(text, control) {
  var row = control && control.closest('.reader-tools')
  ;(row ? row.querySelector('[data-status]') : status).textContent = text
}

// The modes' stylesheet: written by reader.js when a mode was saved, added here on first use.
var styled
function styles() {
  if (styled) return styled
  var link = document.querySelector('link[href="' + STYLES + '"]')
  if (link && link.sheet) return (styled = Promise.resolve())
  if (!link) {
    link = document.createElement('link')
    link.rel = 'stylesheet'
    link.href = STYLES
    document.head.appendChild(link)
  }
  return (styled = new Promise(function (resolve) {
    link.addEventListener('load', resolve)
    link.addEventListener('error', resolve)
  }))
}

/** Sets one setting (an empty value is the default), remembers it, and shows it everywhere. */
function apply(name, value) {
  if (name === 'font-size') value = value || 'medium'
  if (value) root.setAttribute('data-' + name, value)
  else root.removeAttribute('data-' + name)
  save(name, name === 'font-size' && value === 'medium' ? '' : value)
  sync()
  live()
}
/** A button's press: its value, or the default when it is already on (a switch turned off). */
function choose(name, value, control) {
  var on = (root.getAttribute('data-' + name) || '') === value && name !== 'font-size'
  styles().then(function () {
    apply(name, on ? '' : value)
    var label = control ? control.getAttribute('aria-label') || control.textContent : LABELS[name + ':' + value] || LABELS[name]
    say((on && value ? '已关闭' : '已选择') + label, control)
  })
}
var LABELS = { guides: '十字光标', plain: '纯文本模式', caption: '大字幕', cursor: '大鼠标', 'reading:point': '指读', 'reading:continuous': '连读' }
SCHEMES.forEach(function (s) { LABELS['contrast:' + s[0]] = s[1] })

/** aria-pressed of every setting's buttons and the figures the panel shows, from <html>. */
function sync() {
  var buttons = document.querySelectorAll('[data-set]')
  for (var i = 0; i < buttons.length; i++) {
    var b = buttons[i]
    b.setAttribute('aria-pressed', String((root.getAttribute('data-' + b.getAttribute('data-set')) || '') === b.value))
  }
  show('zoom', (root.getAttribute('data-zoom') || 100) + '%')
  show('rate', stepValue('rate') + ' 倍')
  show('volume', Math.round(stepValue('volume') * 100) + '%')
}
function show(name, text) {
  var out = document.querySelector('[data-show="' + name + '"]')
  if (out) out.textContent = text
}

function zoomBy(step) {
  var now = ZOOMS.indexOf(Number(root.getAttribute('data-zoom') || 100))
  var next = ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, now + step))]
  styles().then(function () {
    apply('zoom', next === 100 ? '' : String(next))
    say('页面缩放 ' + next + '%')
  })
}
function nextScheme() {
  var now = SCHEMES.findIndex(function (s) { return s[0] === (root.getAttribute('data-contrast') || '') })
  var next = SCHEMES[(now + 1) % SCHEMES.length]
  styles().then(function () {
    apply('contrast', next[0])
    say('配色:' + next[1])
  })
}
var RATES = [0.5, 0.75, 1, 1.25, 1.5, 2]
var VOLUMES = [0.2, 0.4, 0.6, 0.8, 1]
function stepValue(name) {
  var steps = name === 'rate' ? RATES : VOLUMES
  var value = Number(saved(name))
  return steps.indexOf(value) >= 0 ? value : 1
}
function stepSpeech(name, step) {
  var steps = name === 'rate' ? RATES : VOLUMES
  var next = steps[Math.max(0, Math.min(steps.length - 1, steps.indexOf(stepValue(name)) + step))]
  save(name, next === 1 ? '' : String(next))
  sync()
  say(name === 'rate' ? '语速 ' + next + ' 倍' : '音量 ' + Math.round(next * 100) + '%')
}
function reset() {
  NAMES.forEach(function (name) {
    root.removeAttribute('data-' + name)
    save(name, '')
  })
  root.setAttribute('data-font-size', 'medium')
  sync()
  live()
  if (speech) speech.stop('')
  say('已恢复默认设置')
}

// The panel, drawn into the toolbar's <details> the first time it opens.
function group(label, buttons) {
  return '<div class="a11y-group" role="group" aria-label="' + label + '"><span class="a11y-label" aria-hidden="true">' + label + '</span>' + buttons + '</div>'
}
function button(text, attrs, key) {
  return '<button type="button" ' + attrs + (key ? ' aria-keyshortcuts="Alt+Shift+' + key + '"' : '') + '>' + text + '</button>'
}
function set(name, value, text, key) {
  return button(text, 'data-set="' + name + '" value="' + value + '" aria-pressed="false"', key)
}
function panelHtml() {
  return (
    '<div class="a11y-panel">' +
    group('页面缩放', button('缩小', 'data-act="zoom-out"', 'Minus') + '<span class="a11y-value" data-show="zoom"></span>' + button('放大', 'data-act="zoom-in"', 'Equal')) +
    group('字号', set('font-size', 'small', '小') + set('font-size', 'medium', '中') + set('font-size', 'large', '大') + set('font-size', 'xlarge', '特大')) +
    group('配色', SCHEMES.map(function (s) { return set('contrast', s[0], s[1]) }).join('')) +
    group('辅助', set('guides', 'on', '十字光标', 'X') + set('plain', 'on', '纯文本', 'C') + set('caption', 'on', '大字幕', 'M') + set('cursor', 'large', '大鼠标')) +
    group('朗读', set('reading', 'point', '指读', 'Z') + set('reading', 'continuous', '连读', 'L')) +
    group('语速', button('减慢', 'data-act="slower"', 'Comma') + '<span class="a11y-value" data-show="rate"></span>' + button('加快', 'data-act="faster"', 'Period')) +
    group('音量', button('减小', 'data-act="quieter"') + '<span class="a11y-value" data-show="volume"></span>' + button('增大', 'data-act="louder"')) +
    '<div class="a11y-group">' + button('重置', 'data-act="reset"', 'R') + button('关闭工具栏', 'data-act="close"', 'W') + '</div>' +
    '<h2 class="a11y-keys-title">快捷键</h2><ul class="a11y-keys">' +
    KEYS.map(function (k) { return '<li><kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>' + k[1] + '</kbd> ' + k[2] + '</li>' }).join('') +
    '<li><kbd>Esc</kbd> 停止朗读</li></ul>' +
    '<p class="a11y-note">指读、连读:打开后把鼠标停在一段文字上,或用 Tab 键移到它上面,即朗读。需要浏览器有中文语音。</p>' +
    '</div>'
  )
}
function openPanel() {
  if (!details) return Promise.resolve()
  return styles().then(function () {
    if (!details.querySelector('.a11y-panel')) {
      details.insertAdjacentHTML('beforeend', panelHtml())
      sync()
    }
  })
}
function toggleBar() {
  if (!details) return
  details.open = !details.open
  if (details.open) openPanel().then(function () { details.querySelector('.a11y-panel button').focus() })
  else details.querySelector('summary').focus()
}

// 十字光标: a horizontal and a vertical line through the pointer (or the focused element), outside
// <body> so 页面缩放 does not scale them.
var guides
function movedTo(x, y) {
  guides[0].style.transform = 'translateY(' + Math.round(y) + 'px)'
  guides[1].style.transform = 'translateX(' + Math.round(x) + 'px)'
}
function onPointer(event) {
  movedTo(event.clientX, event.clientY)
}
function onFocusGuides(event) {
  var box = event.target.getBoundingClientRect && event.target.getBoundingClientRect()
  if (box && event.target !== document.body) movedTo(box.left + box.width / 2, box.top + box.height / 2)
}
function followPointer(on) {
  if (on && !guides) {
    guides = ['x', 'y'].map(function (axis) {
      var line = document.createElement('div')
      line.className = 'a11y-guide a11y-guide-' + axis
      line.setAttribute('aria-hidden', 'true')
      return root.appendChild(line)
    })
    movedTo(-10, -10)
    addEventListener('pointermove', onPointer, { passive: true })
    addEventListener('focusin', onFocusGuides)
  } else if (!on && guides) {
    guides.forEach(function (line) { line.remove() })
    guides = undefined
    removeEventListener('pointermove', onPointer)
    removeEventListener('focusin', onFocusGuides)
  }
}

// 大字幕: the text under the pointer (or of the focused element) in a large bar at the foot of the window.
var captionBar
function readable(target) {
  var el = target && target.closest && target.closest(READABLE)
  return el && !el.closest('.a11y-caption') ? el : undefined
}
function plainText(el) {
  return String(el.innerText || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim()
}
function onCaption(event) {
  var el = readable(event.target)
  if (el) captionBar.textContent = plainText(el)
}
function showCaptions(on) {
  if (on && !captionBar) {
    captionBar = document.createElement('div')
    captionBar.className = 'a11y-caption'
    captionBar.setAttribute('aria-hidden', 'true') // a copy of text already on the page
    root.appendChild(captionBar)
    addEventListener('mouseover', onCaption)
    addEventListener('focusin', onCaption)
  } else if (!on && captionBar) {
    captionBar.remove()
    captionBar = undefined
    removeEventListener('mouseover', onCaption)
    removeEventListener('focusin', onCaption)
  }
}

// 指读 and 连读: hovering (a moment's rest) or focusing a piece of the page reads it; 连读 reads on.
// Paragraphs and headings of the main text take the focus meanwhile, so the keyboard reaches them.
var speech, dwell, pointed, listening
function withSpeech(then) {
  return Promise.all([import('./speech.js'), styles()]).then(function (loaded) {
    speech = loaded[0]
    return speech.chineseVoice().then(function (voice) {
      if (voice) return then(speech)
      say('此浏览器没有中文语音,无法朗读')
    })
  })
}
function readFrom(el) {
  var mode = root.getAttribute('data-reading')
  if (!mode) return
  pointed = el
  withSpeech(function (s) {
    var list = [el]
    if (mode === 'continuous') {
      // On through the article's text when it starts there, else through the main content.
      var scope = el.closest('.article-body') || el.closest('main') || document.body
      var after = scope.querySelectorAll(BLOCKS)
      for (var i = 0; i < after.length; i++) {
        var next = after[i]
        if (el.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING && !el.contains(next) && !next.closest('.a11y-bar, .reader-tools') && next.getClientRects().length) list.push(next)
      }
    }
    s.read(s.parts(list), function () {
      pointed = undefined
    })
  })
}
function onHover(event) {
  var el = readable(event.target)
  clearTimeout(dwell)
  if (el && el !== pointed) dwell = setTimeout(function () { readFrom(el) }, 300)
}
function onFocusRead(event) {
  var el = readable(event.target)
  if (el && el !== pointed) readFrom(el)
}
function listen(on) {
  if (on === !!listening) return
  listening = on
  var method = on ? addEventListener : removeEventListener
  method('mouseover', onHover)
  method('focusin', onFocusRead)
  if (on) {
    var texts = document.querySelectorAll('main :is(h1,h2,h3,h4,h5,h6,p,blockquote,figcaption):not([tabindex])')
    for (var i = 0; i < texts.length; i++) {
      texts[i].tabIndex = 0
      texts[i].setAttribute('data-reading-stop', '')
    }
  } else {
    clearTimeout(dwell)
    pointed = undefined
    if (speech) speech.stop('')
    document.querySelectorAll('[data-reading-stop]').forEach(function (el) {
      el.removeAttribute('tabindex')
      el.removeAttribute('data-reading-stop')
    })
  }
}

/** Starts or stops what follows the pointer, as <html>'s attributes say. */
function live() {
  followPointer(root.hasAttribute('data-guides'))
  showCaptions(root.hasAttribute('data-caption'))
  listen(root.hasAttribute('data-reading'))
}

// 语音阅读 of the whole article (the article's row): title, byline and text, with pause and stop.
var articleReading = false // the voice is reading the article now
var articleStarted = false // the article is being read, or paused in it
function readArticle(play) {
  var row = play.closest('.reader-tools')
  var stop = row.querySelector('[data-act="speak-stop"]')
  function showState(now, message) {
    articleReading = now
    play.setAttribute('aria-pressed', String(now))
    stop.hidden = !articleStarted
    say(message, play)
  }
  if (articleReading) {
    speech.pause()
    return showState(false, '已暂停,再按“语音朗读”继续')
  }
  withSpeech(function (s) {
    if (articleStarted && s.reading()) s.resume()
    else {
      var body = 'p h2 h3 h4 h5 h6 li blockquote pre figcaption caption th td'.replace(/\w+/g, '.article-body $&,')
      s.read(s.parts(document.querySelectorAll(body + '.article h1,.original-title,.byline')), function (message) {
        articleStarted = false
        if (document.activeElement === stop) play.focus()
        showState(false, message)
      })
      articleStarted = true
    }
    showState(true, '正在朗读')
  })
}

var ACTIONS = {
  'zoom-in': function () { zoomBy(1) },
  'zoom-out': function () { zoomBy(-1) },
  faster: function () { stepSpeech('rate', 1) },
  slower: function () { stepSpeech('rate', -1) },
  louder: function () { stepSpeech('volume', 1) },
  quieter: function () { stepSpeech('volume', -1) },
  reset: reset,
  close: toggleBar,
  speak: readArticle,
  'speak-stop': function () {
    if (speech) speech.stop('已停止朗读')
  },
  print: function () {
    window.print()
  },
  'copy-link': function (control) {
    var url = location.href.split('#')[0]
    function done(ok) {
      say(ok ? '链接已复制' : '复制失败,请从地址栏复制:' + url, control)
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(
        function () { done(true) },
        function () { done(fallbackCopy(url)) }
      )
    } else done(fallbackCopy(url))
  },
}

function fallbackCopy(text) {
  var field = document.createElement('textarea')
  field.value = text
  field.setAttribute('readonly', '')
  field.className = 'visually-hidden'
  document.body.appendChild(field)
  field.select()
  var ok = false
  try {
    ok = document.execCommand('copy')
  } catch {}
  document.body.removeChild(field)
  return ok
}

/** A press on a tool (reader.js passes on every click on the toolbar's buttons and summary and the article's row). */
export function press(control) {
  if (control.tagName === 'SUMMARY') return openPanel()
  var name = control.getAttribute('data-set')
  if (name) return choose(name, control.value, control)
  var act = ACTIONS[control.getAttribute('data-act')]
  if (act) act(control)
}

/** A shortcut, by the key's code (reader.js checks Alt+Shift and prevents the browser's default). */
export function shortcut(code) {
  for (var i = 0; i < KEYS.length; i++) if (KEYS[i][0] === code) KEYS[i][3]()
}

// Esc stops reading, and closes the panel when the focus is in it.
addEventListener('keydown', function (event) {
  if (event.key !== 'Escape') return
  if (speech && speech.reading()) speech.stop('已停止朗读')
  else if (details && details.open && details.contains(document.activeElement)) toggleBar()
})

live()
