import type { Article, Content } from './content'

/** How many related articles an article page shows. */
export const RELATED_COUNT = 5

// A word shared by more articles than this says little about relatedness (乡村, 工作…).
const COMMON = 300

/** Overlapping two-character pieces of a title: a cheap stand-in for Chinese word segmentation. */
function bigrams(title: string): Set<string> {
  const chars = [...title.replace(/[\s\p{P}\p{S}]/gu, '')]
  const grams = new Set<string>()
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1])
  return grams
}

interface TitleIndex {
  grams: Map<string, Set<string>>
  postings: Map<string, Article[]>
  /** Each article's position in its channel's list. */
  positions: Map<string, number>
}

const indexes = new WeakMap<Content, TitleIndex>()

/** Posting lists of title bigrams, built once per loaded content. */
function titleIndex(content: Content): TitleIndex {
  let index = indexes.get(content)
  if (!index) {
    index = { grams: new Map(), postings: new Map(), positions: new Map() }
    for (const list of content.byChannel.values()) list.forEach((a, i) => index!.positions.set(a.slug, i))
    for (const article of content.articles) {
      const grams = bigrams(article.title)
      index.grams.set(article.slug, grams)
      for (const gram of grams) {
        const list = index.postings.get(gram) ?? []
        list.push(article)
        index.postings.set(gram, list)
      }
    }
    indexes.set(content, index)
  }
  return index
}

/**
 * Up to five articles related to `article`: those sharing the most title words, then the nearest
 * in its channel. Never the article itself; drafts are never in production content to begin with.
 * Cost is bounded by the posting lists of the title's words, not by the size of the archive.
 */
export function relatedArticles(content: Content, article: Article, count = RELATED_COUNT): Article[] {
  const { grams, postings, positions } = titleIndex(content)
  const scores = new Map<Article, number>()
  for (const gram of grams.get(article.slug) ?? []) {
    const list = postings.get(gram) ?? []
    if (list.length > COMMON) continue
    for (const other of list) if (other !== article) scores.set(other, (scores.get(other) ?? 0) + 1)
  }
  const sameChannel = (a: Article) => (a.channel.slug === article.channel.slug ? 1 : 0)
  const closeness = (a: Article) => -Math.abs(a.date.getTime() - article.date.getTime())
  const ranked = [...scores.entries()]
    .filter(([, score]) => score >= 2)
    .sort(([a, x], [b, y]) => y - x || sameChannel(b) - sameChannel(a) || closeness(b) - closeness(a))
    .map(([a]) => a)
    .slice(0, count)
  // Not enough title matches: fill with the channel's nearest articles, newer and older alternately.
  const channel = content.byChannel.get(article.channel.slug) ?? []
  const at = positions.get(article.slug) ?? 0
  for (let step = 1; ranked.length < count && step < channel.length; step++) {
    for (const candidate of [channel[at - step], channel[at + step]]) {
      if (candidate && candidate !== article && !ranked.includes(candidate) && ranked.length < count) ranked.push(candidate)
    }
  }
  return ranked
}
