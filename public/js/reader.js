// Reader tools on article pages: 字号 and 高对比度 (both remembered across pages), 打印本页, 复制链接.
// Loaded as a small blocking script before the article, so a saved font size applies before the
// text is drawn (no jump). Without JavaScript the tools stay hidden and the page reads as usual.
;(function () {
  var KEY = 'lzfzw-font-size'
  var CONTRAST_KEY = 'lzfzw-contrast'
  var SIZES = ['small', 'medium', 'large']
  var root = document.documentElement

  function saved(key) {
    try {
      return localStorage.getItem(key)
    } catch {
      return null // storage blocked: the choice lasts for this page only
    }
  }
  function save(key, value) {
    try {
      localStorage.setItem(key, value)
    } catch {}
  }
  function apply(size) {
    root.setAttribute('data-font-size', size)
  }
  var initial = saved(KEY)
  apply(SIZES.indexOf(initial) >= 0 ? initial : 'medium')
  if (saved(CONTRAST_KEY) === 'high') root.setAttribute('data-contrast', 'high')

  function ready() {
    var tools = document.querySelector('[data-reader-tools]')
    if (!tools) return
    var buttons = tools.querySelectorAll('[data-font-size]')
    function choose(size) {
      apply(size)
      save(KEY, size)
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].setAttribute('aria-pressed', String(buttons[i].getAttribute('data-font-size') === size))
      }
    }
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', function (event) {
        choose(event.currentTarget.getAttribute('data-font-size'))
      })
    }
    choose(root.getAttribute('data-font-size'))

    var contrast = tools.querySelector('[data-contrast]')
    function showContrast() {
      contrast.setAttribute('aria-pressed', String(root.getAttribute('data-contrast') === 'high'))
    }
    contrast.addEventListener('click', function () {
      var high = root.getAttribute('data-contrast') !== 'high'
      if (high) root.setAttribute('data-contrast', 'high')
      else root.removeAttribute('data-contrast')
      save(CONTRAST_KEY, high ? 'high' : 'normal')
      showContrast()
    })
    showContrast()

    tools.querySelector('[data-print]').addEventListener('click', function () {
      window.print()
    })

    var status = tools.querySelector('[data-copy-status]')
    tools.querySelector('[data-copy-link]').addEventListener('click', function () {
      var url = location.href.split('#')[0]
      function done(ok) {
        status.textContent = ok ? '链接已复制' : '复制失败,请从地址栏复制:' + url
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(
          function () { done(true) },
          function () { done(fallbackCopy(url)) }
        )
      } else {
        done(fallbackCopy(url))
      }
    })
    tools.hidden = false
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

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready)
  else ready()
})()
