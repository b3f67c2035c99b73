// Installs a stand-in for the browser's speech engine (speech-stand-in.browser.js) in a page, before any of
// its scripts. Headless Chromium has no voices, so this is the one place a stand-in is right: it
// records what it is asked to say, and says it only as fast as the test allows.
//
// In the page, window.__speech holds: spoken (what it was asked to say, in order, with the language,
// voice, rate and volume), finish() (ends the current utterance, as an engine does once it has said it), and log
// (speak:<text> and cancel, kept in sessionStorage so that it survives leaving the page).
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'

export interface StandInOptions {
  /** Languages of the voices the browser lists (50 ms after the page loads, as Chrome does). */
  langs?: string[]
  /** Ends each utterance by itself after this many milliseconds; otherwise only finish() does. */
  autoEndMs?: number
}

export interface SpeechRecord {
  spoken: { text: string; lang: string; voice?: string; rate: number; volume: number }[]
  log: string[]
}

const source = fs.readFileSync(path.join(import.meta.dirname, 'speech-stand-in.browser.js'), 'utf8')

export const installSpeechStandIn = (page: Page, options: StandInOptions = {}) =>
  page.addInitScript({ content: `${source.trim().replace(/;$/, '')}(${JSON.stringify(options)})` })
