// Reading aloud with the browser's own Chinese voice (Web Speech API): 语音阅读 of the article,
// 指读 (the part under the pointer or the focus) and 连读 (from there on). Loaded by toolbar.js only
// when the reader first asks for speech. One sentence per utterance (long ones stop short in some
// browsers), the part being read highlighted and scrolled into view; 语速 and 音量 are the reader's
// saved settings (lzfzw-rate, lzfzw-volume), read at every sentence so a change applies at once.
// Pausing cancels and resuming restarts the sentence, since pause() does not work everywhere.

var synth = window.speechSynthesis
var root = document.documentElement

/** The rates and volumes the toolbar steps through; 1 is the voice's own. */
export var RATES = [0.5, 0.75, 1, 1.25, 1.5, 2]
export var VOLUMES = [0.2, 0.4, 0.6, 0.8, 1]

export function setting(name, steps) {
  var value
  try {
    value = Number(localStorage.getItem('lzfzw-' + name))
  } catch {}
  return steps.indexOf(value) >= 0 ? value : 1
}

var voice
// A Mandarin voice (zh-CN first), once the browser has listed its voices (a moment after asking).
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
  return voice
}
/** Resolves to the Chinese voice, or to undefined when the browser has none (or no speech at all). */
export function chineseVoice() {
  if (!synth || !window.SpeechSynthesisUtterance) return Promise.resolve(undefined)
  if (voice || findVoice()) return Promise.resolve(voice)
  return new Promise(function (resolve) {
    var done = function () {
      if (findVoice()) resolve(voice)
    }
    if (synth.addEventListener) synth.addEventListener('voiceschanged', done)
    setTimeout(function () { resolve(findVoice()) }, 2000)
  })
}

/** An element's text as a voice should read it: lines joined by commas, dates in words (2023年1月7日). */
export function textOf(el) {
  return String(el.innerText || el.getAttribute('aria-label') || el.value || '')
    .replace(/\s*\n\s*/g, ',')
    .replace(/\s+/g, ' ')
    .replace(/(\d{4})-(\d\d)-(\d\d)/g, function (_, y, m, d) {
      return y + '年' + +m + '月' + +d + '日'
    })
    .trim()
}
/** Sentences, long ones cut after a comma (some voices stop short after about 15 seconds). */
export function pieces(text) {
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
/** What to read, in order: each element (the outermost of nested ones), in pieces. */
export function parts(elements) {
  var list = []
  var last
  for (var i = 0; i < elements.length; i++) {
    if (last && last.contains(elements[i])) continue
    last = elements[i]
    pieces(textOf(last)).forEach(function (piece) {
      list.push({ el: last, text: piece })
    })
  }
  return list
}

var chunks, at, lit, utterance, listener
var turn = 0 // events of a cancelled utterance are ignored

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
  utterance.rate = setting('rate', RATES)
  utterance.volume = setting('volume', VOLUMES)
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
function end(message) {
  turn++
  if (synth) synth.cancel()
  highlight(null)
  chunks = undefined
  var told = listener
  listener = undefined
  if (told) told(message)
}

/**
 * Reads `list` (from parts()) from the start, cancelling whatever was being read; `onEnd(message)`
 * is called once when it ends, is stopped, or is replaced by another reading.
 */
export function read(list, onEnd) {
  if (!voice) return
  if (chunks) end('')
  chunks = list
  at = 0
  listener = onEnd
  speak()
}
/** Stops at the current sentence; resume() reads it again from its start. */
export function pause() {
  turn++
  synth.cancel()
}
export function resume() {
  if (chunks) speak()
}
/** Stops reading; `message` goes to the reading's onEnd. */
export function stop(message) {
  if (chunks) end(message || '')
}
export function reading() {
  return chunks !== undefined
}

// Leaving the page stops the voice (some browsers would read on over the next page).
addEventListener('pagehide', function () {
  stop('')
})
