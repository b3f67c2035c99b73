import { TZDate, tz } from '@date-fns/tz'
import { format } from 'date-fns'

/** The site's time zone: every date an editor writes and every date a reader sees is Beijing time. */
export const SITE_TIME_ZONE = 'Asia/Shanghai'

const inShanghai = { in: tz(SITE_TIME_ZONE) }

// YYYY-MM-DD, optionally followed by a time (T or space) and optionally an offset (Z or ±HH:MM).
const DATE_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/

export type DateProblem = { kind: 'format' } | { kind: 'nonexistent' }

/**
 * Parses an editor's date (`2023-01-07`, `2023-01-07 08:30`, or ISO 8601 with an offset).
 * A date without an offset means Beijing time, whatever the machine's TZ. Returns the instant,
 * or a problem: `format` when the text is no date at all, `nonexistent` for 2023-02-30 or 25:00.
 */
export function parseSiteDate(text: string): Date | DateProblem {
  const match = DATE_PATTERN.exec(text.trim())
  if (!match) return { kind: 'format' }
  const [, y, mo, d, h = '0', mi = '0', s = '0', offset] = match
  const parts = [y, mo, d, h, mi, s].map(Number)
  const [year, month, day, hour, minute, second] = parts
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
    return { kind: 'nonexistent' }
  }
  // Day-of-month overflow (2023-02-30) is checked on the calendar, independent of any zone.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return { kind: 'nonexistent' }

  if (offset) {
    const sign = offset === 'Z' ? 0 : offset[0] === '-' ? -1 : 1
    const digits = offset.replace(/[^0-9]/g, '')
    const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0))
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000)
  }
  return new Date(new TZDate(year, month - 1, day, hour, minute, second, SITE_TIME_ZONE).getTime())
}

/**
 * A formatter remembered by instant: date-fns in a time zone costs some microseconds a call, and
 * every publish formats each article's date several times (its month for the lists, its ISO form
 * for the sitemap): at 20,000 articles that was most of a second. Bounded, emptied when full.
 * `fast` formats instants in FIXED_SINCE.. itself (a cold build meets 20,000 instants once each,
 * where date-fns looked up the zone's offset for each: about a second at 20,000 articles).
 */
function remembered(pattern: string, fast: (wall: Date) => string): (date: Date) => string {
  const known = new Map<number, string>()
  return (date) => {
    const at = date.getTime()
    let text = known.get(at)
    if (text === undefined) {
      if (known.size >= 200_000) known.clear()
      text = FIXED && at >= FIXED_SINCE ? fast(new Date(at + EIGHT_HOURS)) : format(date, pattern, inShanghai)
      known.set(at, text)
    }
    return text
  }
}

// Beijing time has been UTC+08:00 without summer time since China's last one ended, at 1991-09-15
// 01:00 local (17:00 UTC the day before): from then on a Beijing wall clock is the UTC one plus
// eight hours, read with getUTC*. Earlier instants go through date-fns and the zone's history.
// Should the zone data ever say otherwise for today (a new summer time), date-fns does it all.
const FIXED_SINCE = Date.UTC(1991, 8, 14, 17)
const EIGHT_HOURS = 8 * 3_600_000
const FIXED = format(new Date(), 'xxx', inShanghai) === '+08:00' && format(new Date(Date.UTC(2100, 6, 1)), 'xxx', inShanghai) === '+08:00'
const two = (n: number) => String(n).padStart(2, '0')
const day = (wall: Date) => `${wall.getUTCFullYear()}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}`
const minute = (wall: Date) => `${day(wall)} ${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`

/** `2023-01-07`: the calendar day in Beijing. */
export const formatDay = remembered('yyyy-MM-dd', day)

/** `2023-01-07 08:30`: day and minute in Beijing. */
export const formatDayTime = remembered('yyyy-MM-dd HH:mm', minute)

/** `2023-01`: the calendar month in Beijing, which decides an article's monthly archive. */
export const monthOf = remembered('yyyy-MM', (wall) => day(wall).slice(0, 7))

/** `2023年1月` for a month key `2023-01`. */
export const formatMonth = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`

/** ISO 8601 with the +08:00 offset, for `<time datetime>`, JSON-LD and Open Graph. */
export const isoInShanghai = remembered("yyyy-MM-dd'T'HH:mm:ssxxx", (wall) => `${day(wall)}T${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())}+08:00`)

/** Whether an article dated at `date` has a time of day other than midnight, in Beijing. */
export const hasTimeOfDay = (date: Date) => format(date, 'HH:mm:ss', inShanghai) !== '00:00:00'

// 2023年1月7日, 2023/1/7, 2023.1.7, 2023-1-7, 20230107, each optionally followed by a time 8:30
// (the colon may be full-width, U+FF1A) or 8时30分.
const LOOSE_DATE =
  /^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})|(\d{2})(\d{2}))\s*日?(?:\s*(\d{1,2})\s*[:\uFF1A时]\s*(\d{2})\s*分?)?$/

/** The date an editor probably meant (`2023年1月7日` → `2023-01-07`), when it exists; else undefined. */
export function suggestSiteDate(text: string): string | undefined {
  const match = LOOSE_DATE.exec(text.trim())
  if (!match) return undefined
  const [, year, looseMonth, looseDay, compactMonth, compactDay, hour, minute] = match
  const [month, day] = looseMonth ? [looseMonth, looseDay] : [compactMonth, compactDay]
  const pad = (n: string) => n.padStart(2, '0')
  const suggestion = `${year}-${pad(month)}-${pad(day)}${hour ? ` ${pad(hour)}:${minute}` : ''}`
  return parseSiteDate(suggestion) instanceof Date ? suggestion : undefined
}
