// What a result shows: the title and an excerpt of the text with the query's words marked, each
// occurrence as a whole (<mark>加装电梯</mark>), found in the folded text and mapped back to the
// original. The excerpt is about 60-80 characters, starts after a clause boundary (。,;!?:) near
// the first good match, ends at a sentence or clause end where it can, and never leaves a
// quotation mark or bracket without its partner.
import { foldWithOffsets, type Normalizer } from './normalize'

export interface Segment {
  text: string
  mark: boolean
}

interface Span {
  start: number
  end: number
  word: number
}

export const EXCERPT_MIN = 60
export const EXCERPT_MAX = 80
/** How far before the first match a clause boundary may be. */
const LOOK_BACK = 30

const CLAUSE_END = new Set(['。', ',', ';', '!', '?', ':', '…', ',', ';', '!', '?', ':', '\n'])
const SENTENCE_END = new Set(['。', ';', '!', '?', ';', '!', '?', '\n'])
const OPENERS = '“‘「『《(〈【'
const CLOSERS = '”’」』》)〉】'

/** Every occurrence of every word in `text` (original offsets), sorted, overlapping ones merged. */
export function findSpans(text: string, words: readonly string[], normalizer: Normalizer): Span[] {
  const { folded, start, end } = foldWithOffsets(text, normalizer)
  const spans: Span[] = []
  words.forEach((word, w) => {
    if (!word) return
    for (let i = folded.indexOf(word); i >= 0; i = folded.indexOf(word, i + 1)) {
      spans.push({ start: start(i), end: end(i + word.length - 1), word: w })
    }
  })
  spans.sort((a, b) => a.start - b.start || b.end - a.end)
  const merged: Span[] = []
  for (const span of spans) {
    const last = merged.at(-1)
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end)
    else merged.push({ ...span })
  }
  return merged
}

/** `text` from `from` to `to` as segments, the parts inside spans marked; `drop` lists offsets left out. */
function segments(text: string, spans: Span[], from: number, to: number, drop: Set<number> = new Set()): Segment[] {
  const out: Segment[] = []
  const push = (a: number, b: number, mark: boolean) => {
    let piece = ''
    for (let i = a; i < b; i++) if (!drop.has(i)) piece += text[i]
    if (!piece) return
    const last = out.at(-1)
    if (last && last.mark === mark) last.text += piece
    else out.push({ text: piece, mark })
  }
  let at = from
  for (const span of spans) {
    if (span.end <= from || span.start >= to) continue
    const a = Math.max(span.start, from)
    const b = Math.min(span.end, to)
    push(at, a, false)
    push(a, b, true)
    at = b
  }
  push(at, to, false)
  return out
}

/** The whole text (a title) with the words marked. */
export function highlight(text: string, words: readonly string[], normalizer: Normalizer): Segment[] {
  return segments(text, findSpans(text, words, normalizer), 0, text.length)
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch)

/**
 * The span to centre on: the earliest where the most different words fall within 50 characters.
 * One pass with a sliding window over the spans (sorted): a one-character word may be found
 * thousands of times in a long text.
 */
function anchorOf(spans: Span[]): Span | undefined {
  let best: Span | undefined
  let bestCount = 0
  const inWindow = new Map<number, number>()
  let j = 0
  for (const span of spans) {
    for (; j < spans.length && spans[j].start < span.start + 50; j++) inWindow.set(spans[j].word, (inWindow.get(spans[j].word) ?? 0) + 1)
    if (inWindow.size > bestCount) {
      best = span
      bestCount = inWindow.size
    }
    const left = inWindow.get(span.word)! - 1
    if (left === 0) inWindow.delete(span.word)
    else inWindow.set(span.word, left)
  }
  return best
}

/** Quotation marks and brackets in [s, e) without their partner inside: offsets of openers and closers. */
function unmatched(text: string, s: number, e: number): { openers: number[]; closers: number[] } {
  const stack: number[] = []
  const closers: number[] = []
  for (let i = s; i < e; i++) {
    const open = OPENERS.indexOf(text[i])
    if (open >= 0) stack.push(i)
    const close = CLOSERS.indexOf(text[i])
    if (close < 0) continue
    if (stack.length > 0 && OPENERS.indexOf(text[stack.at(-1)!]) === close) stack.pop()
    else closers.push(i)
  }
  return { openers: stack, closers }
}

/** The partner of the quotation mark at `at`, searching at most `reach` characters away; -1 if none. */
function partner(text: string, at: number, reach: number): number {
  const open = OPENERS.indexOf(text[at])
  const kind = open >= 0 ? open : CLOSERS.indexOf(text[at])
  const [mine, theirs, step] = open >= 0 ? [OPENERS[kind], CLOSERS[kind], 1] : [CLOSERS[kind], OPENERS[kind], -1]
  let depth = 0
  for (let i = at + step, n = 0; i >= 0 && i < text.length && n < reach; i += step, n++) {
    if (text[i] === mine) depth++
    else if (text[i] === theirs && depth-- === 0) return i
  }
  return -1
}

/**
 * An excerpt of `text` around the words: 60-80 characters (a little more when a quotation must be
 * closed), "…" where it cuts into a sentence.
 */
export function excerpt(text: string, words: readonly string[], normalizer: Normalizer): Segment[] {
  const spans = findSpans(text, words, normalizer)
  const anchor = anchorOf(spans)
  let s = 0
  if (anchor && anchor.start > LOOK_BACK) {
    s = anchor.start
    for (let i = anchor.start - 1; i >= anchor.start - LOOK_BACK; i--) {
      if (CLAUSE_END.has(text[i])) {
        s = i + 1
        break
      }
    }
  } else if (anchor) {
    // Near the start: the text's beginning is the boundary, unless a clause ends just before the word.
    for (let i = anchor.start - 1; i >= 0; i--) {
      if (CLAUSE_END.has(text[i])) {
        s = anchor.start - i <= LOOK_BACK ? i + 1 : 0
        break
      }
    }
  }
  // Near the end of the text: begin earlier, at a clause boundary, so the excerpt is not short.
  if (text.length - s < EXCERPT_MIN) {
    if (text.length <= EXCERPT_MAX) s = 0
    else for (let i = s - 1; i > 0 && text.length - i <= EXCERPT_MAX; i--) if (CLAUSE_END.has(text[i - 1])) s = i
  }
  while (isSpace(text[s])) s++
  const keepFrom = anchor?.start ?? s
  const keepTo = anchor?.end ?? s

  const cut = (from: number) => {
    const limit = Math.min(text.length, from + EXCERPT_MAX)
    if (limit === text.length) return limit
    for (const ends of [SENTENCE_END, CLAUSE_END]) {
      for (let i = limit - 1; i >= from + EXCERPT_MIN; i--) if (ends.has(text[i])) return i + 1
    }
    return from + Math.round((EXCERPT_MIN + EXCERPT_MAX) / 2)
  }
  let e = Math.max(cut(s), keepTo)
  for (const span of spans) if (span.start < e && span.end > e) e = span.end

  // Quotation marks: take in the partner when it is near, else leave the mark out of the excerpt.
  for (let round = 0; round < 6; round++) {
    const { openers, closers } = unmatched(text, s, e)
    if (closers.length > 0) {
      const opener = partner(text, closers[0], LOOK_BACK + (closers[0] - s))
      if (opener >= 0 && e - opener <= EXCERPT_MAX + 20) {
        s = opener
        continue
      }
      if (closers[0] + 1 <= keepFrom) {
        s = closers[0] + 1
        continue
      }
    }
    if (openers.length > 0) {
      const last = openers.at(-1)!
      const closer = partner(text, last, 30)
      if (closer >= 0 && closer + 1 - s <= EXCERPT_MAX + 20) {
        e = closer + 1
        continue
      }
      if (last >= keepTo && last - s >= 20) {
        e = last
        continue
      }
    }
    break
  }
  while (e > s && isSpace(text[e - 1])) e--
  const { openers, closers } = unmatched(text, s, e)
  const drop = new Set([...openers, ...closers])
  // A clause mark where the excerpt is cut goes: "…" says it goes on.
  const goesOn = e < text.length && !SENTENCE_END.has(text[e - 1])
  if (goesOn && CLAUSE_END.has(text[e - 1])) drop.add(e - 1)
  const out = segments(text, spans, s, e, drop)
  if (s > 0 && !CLAUSE_END.has(text[s - 1]) && !isSpace(text[s - 1]) && OPENERS.indexOf(text[s]) < 0) out.unshift({ text: '…', mark: false })
  if (goesOn) out.push({ text: '…', mark: false })
  return out
}
