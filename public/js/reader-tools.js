// The reader tools of article pages (components/ReaderTools.tsx): 字号 小/中/大/特大, 高对比度 and 大鼠标
// (remembered across pages; reader.js applies them to every page before it is drawn), 语音阅读 (the
// browser's own Chinese voice), 打印本页 and 复制链接. Deferred: it runs once the page is parsed.
;(function () {
  var root = document.documentElement
  // Switches: the value <html data-NAME> takes when on, remembered as lzfzw-NAME.
  var SWITCHES = { contrast: 'high', cursor: 'large' }

  function save(key, value) {
    try {
      localStorage.setItem('lzfzw-' + key, value)
    } catch {}
  }
  function set(name, value) {
    if (value) root.setAttribute('data-' + name, value)
    else root.removeAttribute('data-' + name)
  }
  function press(button, on) {
    button.setAttribute('aria-pressed', String(on))
  }

  function ready() {
    var tools = document.querySelector('[data-reader-tools]')
    if (!tools) return
    var status = tools.querySelector('[data-status]')
    function say(text) {
      status.textContent = text
    }

    var sizes = tools.querySelectorAll('[data-font-size]')
    function choose(size) {
      set('font-size', size)
      for (var i = 0; i < sizes.length; i++) press(sizes[i], sizes[i].getAttribute('data-font-size') === size)
    }
    for (var i = 0; i < sizes.length; i++) {
      sizes[i].addEventListener('click', function (event) {
        var size = event.currentTarget.getAttribute('data-font-size')
        choose(size)
        save('font-size', size)
      })
    }
    choose(root.getAttribute('data-font-size'))

    Object.keys(SWITCHES).forEach(function (name) {
      var button = tools.querySelector('[data-switch="' + name + '"]')
      var on = SWITCHES[name]
      button.addEventListener('click', function () {
        var next = root.getAttribute('data-' + name) !== on
        set(name, next && on)
        save(name, next ? on : 'normal')
        press(button, next)
      })
      press(button, root.getAttribute('data-' + name) === on)
    })

    tools.querySelector('[data-print]').addEventListener('click', function () {
      window.print()
    })

    tools.querySelector('[data-copy-link]').addEventListener('click', function () {
      var url = location.href.split('#')[0]
      function done(ok) {
        say(ok ? '链接已复制' : '复制失败,请从地址栏复制:' + url)
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

    readAloud(tools.querySelector('[data-speak]'), tools.querySelector('[data-speak-stop]'), say)
  }

  // 语音阅读: the title, the byline and the article text, one sentence per utterance (long ones stop
  // short in some browsers), with the part being read highlighted and scrolled into view. Pausing
  // cancels and resuming restarts the sentence, since pause() does not work on every platform.
  function readAloud(play, stop, say) {
    var synth = window.speechSynthesis
    if (!play || !synth || !window.SpeechSynthesisUtterance) return
    var voice, chunks, at, reading, lit, utterance
    var turn = 0 // events of a cancelled utterance are ignored

    // A Mandarin voice (zh-CN first); the control is shown only when there is one.
    function findVoice() {
      var voices = synth.getVoices() || []
      var best = 0
      for (var i = 0; i < voices.length; i++) {
        var lang = String(voices[i].lang).replace('_', '-').toLowerCase()
        var rank = /^(zh-cn|cmn-cn|cmn-hans|zh-hans)/.test(lang) ? 2 : /^(zh|cmn)\b/.test(lang) ? 1 : 0
        if (rank > best) {
          best = rank
          voice = voices[i]
        }
      }
      if (voice) root.setAttribute('data-speech', '')
    }
    findVoice()
    if (synth.addEventListener) synth.addEventListener('voiceschanged', findVoice)

    function text(el) {
      return el.innerText
        .replace(/\s*\n\s*/g, ',')
        .replace(/\s+/g, ' ')
        .replace(/(\d{4})-(\d\d)-(\d\d)/g, function (_, y, m, d) {
          return y + '年' + +m + '月' + +d + '日'
        })
        .trim()
    }
    // Sentences, long ones cut after a comma (some voices stop short after about 15 seconds).
    function pieces(text) {
      var out = []
      var piece = ''
      var clauses = text.match(/[^。！？!?；;,，、]*(?:[。！？!?；;,，、]+[”’」』）)]*|$)/g) || []
      for (var i = 0; i < clauses.length; i++) {
        // a piece ends with its sentence, or before it would grow past 60 characters
        if (piece && (piece + clauses[i]).length > 60) {
          out.push(piece)
          piece = ''
        }
        piece += clauses[i]
        if (/[。！？!?；;][”’」』）)]*$/.test(piece)) {
          out.push(piece)
          piece = ''
        }
      }
      out.push(piece)
      return out.filter(function (p) {
        return p.trim()
      })
    }
    // What to read, in order: each element (the outermost of nested ones), in pieces.
    function parts() {
      var list = []
      var last
      var body = 'p h2 h3 h4 h5 h6 li blockquote pre figcaption caption th td'.replace(/\w+/g, '.article-body $&,')
      var els = document.querySelectorAll(body + '.article h1,.original-title,.byline')
      for (var i = 0; i < els.length; i++) {
        if (last && last.contains(els[i])) continue
        last = els[i]
        pieces(text(last)).forEach(function (piece) {
          list.push({ el: last, text: piece })
        })
      }
      return list
    }

    function highlight(el) {
      if (lit) lit.removeAttribute('data-speaking')
      lit = el
      if (!el) return
      el.setAttribute('data-speaking', '')
      var box = el.getBoundingClientRect()
      if (box.top < 0 || box.bottom > innerHeight) {
        el.scrollIntoView({
          block: box.height < innerHeight ? 'center' : 'start',
          behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
        })
      }
    }
    function speak() {
      var chunk = chunks[at]
      if (!chunk) return end('朗读完毕')
      var mine = ++turn
      utterance = new SpeechSynthesisUtterance(chunk.text) // kept: Chrome drops events of collected ones
      utterance.lang = voice.lang
      utterance.voice = voice
      utterance.onend = function () {
        if (mine !== turn) return
        at++
        speak()
      }
      utterance.onerror = function (event) {
        if (mine === turn && event.error !== 'interrupted' && event.error !== 'canceled') end('朗读出错,请稍后再试')
      }
      if (lit !== chunk.el) highlight(chunk.el)
      synth.speak(utterance)
    }
    function show(now, message) {
      reading = now
      press(play, now)
      stop.hidden = chunks === undefined
      say(message)
    }
    function end(message) {
      turn++
      synth.cancel()
      highlight(null)
      chunks = undefined
      if (document.activeElement === stop) play.focus()
      show(false, message)
    }

    play.addEventListener('click', function () {
      if (reading) {
        turn++
        synth.cancel()
        return show(false, '已暂停,再按“语音朗读”继续')
      }
      if (!chunks) {
        chunks = parts()
        at = 0
      }
      show(true, '正在朗读')
      speak()
    })
    stop.addEventListener('click', function () {
      end('已停止朗读')
    })
    // Leaving the page stops the voice (some browsers would read on over the next page).
    addEventListener('pagehide', function () {
      if (chunks) end('')
    })
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

  ready()
})()
