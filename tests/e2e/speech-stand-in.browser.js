// A stand-in for the browser's speech engine (speechSynthesis and SpeechSynthesisUtterance), run
// before any page script by speech-stand-in.ts. Plain JavaScript, never transpiled: it is sent to
// the browser as text. `options`: { langs, autoEndMs } (see speech-stand-in.ts).
// A function expression and nothing else: speech-stand-in.ts calls it with the options.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions
;(function (options) {
  var langs = options.langs || ['zh-CN']
  var log = []
  try {
    log = JSON.parse(sessionStorage.getItem('speech-log') || '[]')
  } catch {} // about:blank has no storage
  function record(entry) {
    log.push(entry)
    sessionStorage.setItem('speech-log', JSON.stringify(log))
  }

  function Utterance(text) {
    var target = new EventTarget()
    target.text = text || ''
    target.lang = ''
    target.voice = null
    target.rate = target.pitch = target.volume = 1
    target.onstart = target.onend = target.onerror = null
    return target
  }
  function fire(utterance, type) {
    var event = new Event(type)
    if (utterance['on' + type]) utterance['on' + type](event)
    utterance.dispatchEvent(event)
  }

  var voices = []
  var current = null
  var spoken = []
  var synth = new EventTarget()
  synth.speaking = synth.pending = synth.paused = false
  synth.onvoiceschanged = null
  synth.getVoices = function () {
    return voices
  }
  synth.speak = function (utterance) {
    record('speak:' + utterance.text)
    spoken.push({ text: utterance.text, lang: utterance.lang, voice: utterance.voice && utterance.voice.name, rate: utterance.rate, volume: utterance.volume })
    current = utterance
    synth.speaking = true
    setTimeout(function () {
      fire(utterance, 'start')
    })
    if (options.autoEndMs !== undefined) {
      setTimeout(function () {
        finish(utterance)
      }, options.autoEndMs)
    }
  }
  synth.cancel = function () {
    record('cancel')
    var utterance = current
    current = null
    synth.speaking = false
    // Engines differ: some end a cancelled utterance, some report an error. This one ends it, the
    // harder case for a reader that must not move on to the next sentence.
    if (utterance) {
      setTimeout(function () {
        fire(utterance, 'end')
      })
    }
  }
  synth.pause = function () {
    record('pause')
  }
  synth.resume = function () {
    record('resume')
  }
  function finish(utterance) {
    if (!current || (utterance && utterance !== current)) return
    var done = current
    current = null
    synth.speaking = false
    fire(done, 'end')
  }

  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true })
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true })
  Object.defineProperty(window, '__speech', {
    value: { spoken: spoken, log: log, finish: function () { finish() } },
  })
  // Chrome lists its voices a moment after the page asks.
  setTimeout(function () {
    voices = langs.map(function (lang, i) {
      return { lang: lang, name: 'stand-in ' + lang, voiceURI: 'stand-in-' + i, localService: true, default: i === 0 }
    })
    var event = new Event('voiceschanged')
    if (synth.onvoiceschanged) synth.onvoiceschanged(event)
    synth.dispatchEvent(event)
  }, 50)
})
