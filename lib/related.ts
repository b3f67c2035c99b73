import type { Article, Content } from './content'

/** How many related articles an article page shows. */
export const RELATED_COUNT = 5

// A word shared by more articles than this says little about relatedness (乡村, 工作…).
const COMMON = 300

// A shared tag says more than shared title words: an editor chose it, so articles sharing more tags
// come first, and title words only order those sharing as many. Only a tag's nearest earlier
// articles are looked at, so a tag on thousands of articles costs no more than a rare one.
const TAG_NEAREST = 50

/** Overlapping two-character pieces of a title: a cheap stand-in for Chinese word segmentation. */
function bigrams(title: string): Set<string> {
  const chars = [...title.replace(/[\s\p{P}\p{S}]/gu, '')]
  const grams = new Set<string>()
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1])
  return grams
}

interface TitleIndex {
  grams: Map<string, Set<string>>
  /** For each title bigram, the positions (in content.articles, newest first) of the articles whose title has it. */
  postings: Map<string, number[]>
  /** Each article's position in content.articles. */
  order: Map<string, number>
  /** Each article's position in its channel's list. */
  positions: Map<string, number>
  /** For each tag, the positions of its articles, ascending (newest first). */
  tagged: Map<string, number[]>
  /**
   * Shared title-word and tag counts per position, zero between calls: the build asks for the
   * related articles of every article, and counting in arrays rather than maps keeps that to a
   * fraction of a second at 20,000 articles.
   */
  scores: Int32Array
  tagScores: Int32Array
}

const indexes = new WeakMap<Content, TitleIndex>()

/** Posting lists of title bigrams, built once per loaded content. */
function titleIndex(content: Content): TitleIndex {
  let index = indexes.get(content)
  if (!index) {
    const n = content.articles.length
    index = { grams: new Map(), postings: new Map(), order: new Map(), positions: new Map(), tagged: new Map(), scores: new Int32Array(n), tagScores: new Int32Array(n) }
    for (const list of content.byChannel.values()) list.forEach((a, i) => index!.positions.set(a.slug, i))
    content.articles.forEach((article, position) => {
      index!.order.set(article.slug, position)
      const grams = bigrams(article.title)
      index!.grams.set(article.slug, grams)
      for (const gram of grams) {
        const list = index!.postings.get(gram) ?? []
        list.push(position)
        index!.postings.set(gram, list)
      }
    })
    for (const [tag, list] of content.byTag) index.tagged.set(tag, list.map((a) => index!.order.get(a.slug)!))
    indexes.set(content, index)
  }
  return index
}

/** The first index in an ascending list whose value is greater than `value`. */
function firstAfter(list: number[], value: number): number {
  let [low, high] = [0, list.length]
  while (low < high) {
    const mid = (low + high) >> 1
    if (list[mid] <= value) low = mid + 1
    else high = mid
  }
  return low
}

/**
 * Up to five articles related to `article`, chosen among those published before it: those sharing
 * its tags and the most title words, then the nearest earlier ones in its channel. Choosing only earlier
 * articles means publishing a new article never changes an old article's page. Cost is bounded by
 * the posting lists of the title's words, not by the size of the archive.
 */
export function relatedArticles(content: Content, article: Article, count = RELATED_COUNT): Article[] {
  const { grams, postings, order, positions, tagged, scores, tagScores } = titleIndex(content)
  const self = order.get(article.slug) ?? -1
  // Every position counted, once: read for the ranking, then set back to zero.
  const touched: number[] = []
  const bump = (counts: Int32Array, position: number) => {
    if (scores[position] === 0 && tagScores[position] === 0) touched.push(position)
    counts[position]++
  }
  for (const gram of grams.get(article.slug) ?? []) {
    const list = postings.get(gram) ?? []
    const from = firstAfter(list, self)
    if (list.length - from > COMMON) continue
    for (let i = from; i < list.length; i++) bump(scores, list[i])
  }
  for (const tag of article.tags) {
    const list = tagged.get(tag) ?? []
    const from = firstAfter(list, self)
    for (let i = from; i < Math.min(list.length, from + TAG_NEAREST); i++) bump(tagScores, list[i])
  }
  const sameChannel = (position: number) => (content.articles[position].channel.slug === article.channel.slug ? 1 : 0)
  // Negative when `a` ranks before `b`: more shared tags, then more title words, then the same
  // channel, then the nearer (positions are unique, so never a tie).
  const before = (a: number, b: number) => tagScores[b] - tagScores[a] || scores[b] - scores[a] || sameChannel(b) - sameChannel(a) || a - b
  // The best `count`, kept in order as they are found: no sort of every candidate.
  const best: number[] = []
  for (const position of touched) {
    if (tagScores[position] === 0 && scores[position] < 2) continue
    if (best.length === count && before(position, best[count - 1]) > 0) continue
    let at = best.length
    while (at > 0 && before(position, best[at - 1]) < 0) at--
    best.splice(at, 0, position)
    if (best.length > count) best.pop()
  }
  for (const position of touched) scores[position] = tagScores[position] = 0
  const ranked = best.map((position) => content.articles[position])
  // Not enough title matches: fill with the channel's nearest earlier articles.
  const channel = content.byChannel.get(article.channel.slug) ?? []
  const at = positions.get(article.slug) ?? 0
  for (let i = at + 1; ranked.length < count && i < channel.length; i++) {
    if (!ranked.includes(channel[i])) ranked.push(channel[i])
  }
  return ranked
}
