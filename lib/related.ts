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
}

const indexes = new WeakMap<Content, TitleIndex>()

/** Posting lists of title bigrams, built once per loaded content. */
function titleIndex(content: Content): TitleIndex {
  let index = indexes.get(content)
  if (!index) {
    index = { grams: new Map(), postings: new Map(), order: new Map(), positions: new Map(), tagged: new Map() }
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
  const { grams, postings, order, positions, tagged } = titleIndex(content)
  const self = order.get(article.slug) ?? -1
  const scores = new Map<number, number>()
  const tagScores = new Map<number, number>()
  for (const gram of grams.get(article.slug) ?? []) {
    const list = postings.get(gram) ?? []
    const from = firstAfter(list, self)
    if (list.length - from > COMMON) continue
    for (let i = from; i < list.length; i++) scores.set(list[i], (scores.get(list[i]) ?? 0) + 1)
  }
  for (const tag of article.tags) {
    const list = tagged.get(tag) ?? []
    const from = firstAfter(list, self)
    for (let i = from; i < Math.min(list.length, from + TAG_NEAREST); i++) tagScores.set(list[i], (tagScores.get(list[i]) ?? 0) + 1)
  }
  const candidate = (position: number) => content.articles[position]
  const sameChannel = (a: Article) => (a.channel.slug === article.channel.slug ? 1 : 0)
  const ranked = [...new Set([...tagScores.keys(), ...scores.keys()])]
    .map((position) => ({ other: candidate(position), position, tags: tagScores.get(position) ?? 0, score: scores.get(position) ?? 0 }))
    .filter(({ tags, score }) => tags > 0 || score >= 2)
    .sort((a, b) => b.tags - a.tags || b.score - a.score || sameChannel(b.other) - sameChannel(a.other) || a.position - b.position)
    .map(({ other }) => other)
    .slice(0, count)
  // Not enough title matches: fill with the channel's nearest earlier articles.
  const channel = content.byChannel.get(article.channel.slug) ?? []
  const at = positions.get(article.slug) ?? 0
  for (let i = at + 1; ranked.length < count && i < channel.length; i++) {
    if (!ranked.includes(channel[i])) ranked.push(channel[i])
  }
  return ranked
}
