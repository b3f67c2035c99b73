// One result as the search page shows it, built once as hast: npm start's server serializes it
// into the page it fills (scripts/server/search-page.ts, hast-util-to-html) and the page's script
// turns it into DOM nodes (browser.ts, hast-util-to-dom), so a page the server answered and the
// script's own answer are the same markup. Text from the index only ever becomes text nodes.
// Kept small: it is bundled into the script, so the nodes are written as hast objects, not with
// hastscript (whose selector parser and property tables would come along: 2.6 KB more).
import type { Element, ElementContent, Properties, Text } from 'hast'
import type { Segment } from './excerpt'
import type { ResultView } from './results'

// Characters the HTML standard forbids in a document (controls but whitespace, noncharacters, lone
// surrogates): a stored title or text holding one would make the server's page invalid, so it
// shows as � (in the script's results too, which must be the same).
const FORBIDDEN = /[\0-\x08\x0B\x0E-\x1F\x7F-\x9F\p{Noncharacter_Code_Point}\uD800-\uDFFF]/gu

/** A text node, forbidden characters replaced. */
export const text = (value: string): Text => ({ type: 'text', value: value.replace(FORBIDDEN, '\uFFFD') })

const h = (tagName: string, properties: Properties, children: ElementContent[]): Element => ({ type: 'element', tagName, properties, children })

/** Words of the query marked: <mark> around each match. */
const marked = (parts: Segment[]): ElementContent[] => parts.map((part) => (part.mark ? h('mark', {}, [text(part.text)]) : text(part.text)))

/** One result: li > h2 > a (the title), p.meta > time + channel, p.excerpt. */
export function resultItem(result: ResultView): Element {
  return h('li', {}, [
    h('h2', {}, [h('a', { href: result.url }, marked(result.title))]),
    h('p', { className: ['meta'] }, [h('time', { dateTime: result.date }, [text(result.day)]), text(` ${result.channel}`)]),
    h('p', { className: ['excerpt'] }, marked(result.excerpt)),
  ])
}
