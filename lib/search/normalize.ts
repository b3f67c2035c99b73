// What the index and the reader agree a character is. Both sides fold every character the same
// way, one code point at a time: NFKC (full-width Ｌ and ２ become L and 2), lower case, and
// traditional to simplified (電 → 电) with a table taken from OpenCC (see t2s.ts). Letters, digits
// and marks are word characters; everything else (spaces, full-width spaces, punctuation) separates
// words. Folding one code point at a time keeps a match's place in the original text known, so
// an excerpt highlights exactly what was found.

const WORD = /^[\p{L}\p{N}\p{M}]$/u
const NONE: readonly number[] = []

export interface Normalizer {
  /** The folded word characters of one code point: none for a separator, usually one. */
  fold(codePoint: number): readonly number[]
}

/** One code point folded the long way: NFKC, lower case, then `simplified`; word characters only. */
export function foldSlowly(codePoint: number, simplified: ReadonlyMap<number, number>): readonly number[] {
  const folded: number[] = []
  for (const ch of String.fromCodePoint(codePoint).normalize('NFKC').toLowerCase()) {
    const code = simplified.get(ch.codePointAt(0)!) ?? ch.codePointAt(0)!
    if (WORD.test(String.fromCodePoint(code))) folded.push(code)
  }
  return folded.length === 0 ? NONE : folded
}

/**
 * A normalizer with the traditional → simplified table `t2s`: a string of code point pairs
 * (traditional, simplified), as made by t2sTable().
 */
export function createNormalizer(t2s: string): Normalizer {
  const simplified = new Map<number, number>()
  const points = Array.from(t2s, (c) => c.codePointAt(0)!)
  for (let i = 0; i + 1 < points.length; i += 2) simplified.set(points[i], points[i + 1])
  const bmp: (readonly number[] | undefined)[] = new Array(0x10000)
  const astral = new Map<number, readonly number[]>()
  const compute = (codePoint: number): readonly number[] => {
    // Most characters of a Chinese text are unified ideographs, which NFKC and lower case leave
    // alone: only the table applies. (A test checks this range against the long way.)
    if (codePoint >= 0x4e00 && codePoint <= 0x9fff) return [simplified.get(codePoint) ?? codePoint]
    return foldSlowly(codePoint, simplified)
  }
  return {
    fold(codePoint) {
      if (codePoint < 0x10000) return (bmp[codePoint] ??= compute(codePoint))
      let folded = astral.get(codePoint)
      if (!folded) astral.set(codePoint, (folded = compute(codePoint)))
      return folded
    },
  }
}

/** A text as the index sees it: its word characters in order, and where each run of them starts. */
export interface Tokens {
  /** Folded word characters (code points). */
  codes: number[]
  /** runStart[i]: codes[i] does not continue the word of codes[i - 1] (a separator came between). */
  runStart: boolean[]
}

export function tokenize(text: string, normalizer: Normalizer): Tokens {
  const codes: number[] = []
  const runStart: boolean[] = []
  let fresh = true
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i)
    if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      code = text.codePointAt(i)!
      if (code > 0xffff) i++
    }
    const folded = normalizer.fold(code)
    if (folded.length === 0) {
      fresh = true
      continue
    }
    for (const c of folded) {
      codes.push(c)
      runStart.push(fresh)
      fresh = false
    }
  }
  return { codes, runStart }
}

// Runs of Latin letters and digits are words, not strings of letters: `R&D` must not find the r
// and d inside "correction", nor 23 the digits inside 2023. The index and the reader both put an
// edge mark (a private-use character no text folds to) before and after each such run inside a
// word (5G网络 → ⟨5g⟩网络), so a query's Latin word matches only a whole run: its bigrams include
// the edges. Chinese characters, matched by their bigrams, are left as they are.
export const WORD_EDGE = 0xe000

/** A folded Latin letter or digit: what makes up a word that must match whole. */
export const isLatinOrDigit = (code: number) => (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0xdf && code <= 0x24f && code !== 0xf7)

/** Tokens with each run of Latin letters and digits framed by WORD_EDGE (see above). */
export function withWordEdges({ codes, runStart }: Tokens): Tokens {
  if (!codes.some(isLatinOrDigit)) return { codes, runStart }
  const out: number[] = []
  const starts: boolean[] = []
  for (let i = 0; i < codes.length; i++) {
    const latin = isLatinOrDigit(codes[i])
    const opens = latin && (runStart[i] || !isLatinOrDigit(codes[i - 1]))
    if (opens) {
      out.push(WORD_EDGE)
      starts.push(runStart[i])
    }
    out.push(codes[i])
    starts.push(runStart[i] && !opens)
    if (latin && (i + 1 === codes.length || runStart[i + 1] || !isLatinOrDigit(codes[i + 1]))) {
      out.push(WORD_EDGE)
      starts.push(false)
    }
  }
  return { codes: out, runStart: starts }
}

/** A folded word (as queryWords gives it) as the index holds it: its Latin runs framed by WORD_EDGE. */
export function edgedWord(word: string): string {
  const codes = Array.from(word, (c) => c.codePointAt(0)!)
  return String.fromCodePoint(...withWordEdges({ codes, runStart: codes.map((_, i) => i === 0) }).codes)
}

/**
 * The words of a query: runs of word characters, folded, in order, each once. Spaces, full-width
 * spaces and punctuation separate words. At most `maxWords` words of at most `maxChars` characters.
 */
export function queryWords(query: string, normalizer: Normalizer, maxWords = 8, maxChars = 32): string[] {
  const { codes, runStart } = tokenize(query, normalizer)
  const words: number[][] = []
  codes.forEach((code, i) => {
    if (runStart[i]) words.push([])
    words.at(-1)!.push(code)
  })
  const unique = [...new Set(words.map((w) => String.fromCodePoint(...w.slice(0, maxChars))))]
  return unique.slice(0, maxWords)
}

/**
 * A text folded for finding words in it, with a way back: `folded` has one UTF-16 unit or more per
 * word character and a space for every separator; `start(i)` and `end(i)` are the original text's
 * offsets of the character that unit i came from (a match starts at a character's first unit and
 * ends at its last: start() is asked of the one, end() of the other).
 */
export interface FoldedText {
  folded: string
  start(i: number): number
  end(i: number): number
}

/**
 * Folds a text, keeping the way back. Nearly every character of a Chinese text folds to one
 * character of the same length (itself, or its simplified form, or a space): while that holds,
 * unit i of the folded text is unit i of the original and no offsets are kept. They are kept from
 * the first character that folds longer or shorter (ＡＢ stays as long, but ㎏ becomes kg) on.
 * An excerpt folds ten texts at once, in code the browser has not compiled yet: this is most of it.
 */
export function foldWithOffsets(text: string, normalizer: Normalizer): FoldedText {
  // Room for the identity; grown only once a character folds longer.
  let out = new Uint16Array(text.length)
  let n = 0
  // Kept once the folded text stops matching the original unit for unit: the identity before that.
  let starts: number[] | undefined
  let ends: number[] | undefined
  const room = (more: number) => {
    if (n + more <= out.length) return
    const grown = new Uint16Array(Math.max(out.length * 2, n + more))
    grown.set(out.subarray(0, n))
    out = grown
  }
  for (let i = 0; i < text.length; ) {
    let code = text.charCodeAt(i)
    let width = 1
    if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low < 0xe000) {
        code = (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000
        width = 2
      }
    }
    const chars = normalizer.fold(code)
    if (starts === undefined && (chars.length === 0 ? width === 1 : chars.length === 1 && (chars[0] > 0xffff ? 2 : 1) === width)) {
      if (chars.length === 0) out[n++] = 0x20
      else if (width === 1) out[n++] = chars[0]
      else {
        out[n++] = 0xd800 + ((chars[0] - 0x10000) >> 10)
        out[n++] = 0xdc00 + ((chars[0] - 0x10000) & 0x3ff)
      }
      i += width
      continue
    }
    if (starts === undefined) {
      starts = Array.from({ length: n }, (_, k) => k)
      ends = starts.map((k) => k + 1)
    }
    const piece = chars.length === 0 ? ' ' : String.fromCodePoint(...chars)
    room(piece.length)
    for (let k = 0; k < piece.length; k++) {
      out[n++] = piece.charCodeAt(k)
      starts.push(i)
      ends!.push(i + width)
    }
    i += width
  }
  let folded = ''
  for (let k = 0; k < n; k += 8192) folded += String.fromCharCode(...out.subarray(k, Math.min(n, k + 8192)))
  if (starts === undefined) return { folded, start: (i) => i, end: (i) => i + 1 }
  const [s, e] = [starts, ends!]
  return { folded, start: (i) => s[i], end: (i) => e[i] }
}
