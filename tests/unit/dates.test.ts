import { afterEach, describe, expect, it } from 'vitest'
import { tz } from '@date-fns/tz'
import { format } from 'date-fns'
import { formatDay, formatDayTime, isoInShanghai, monthOf, parseSiteDate, suggestSiteDate } from '@/lib/dates'

const originalTz = process.env.TZ
afterEach(() => {
  process.env.TZ = originalTz
})

// Node re-reads TZ when it changes, so one process can play machines around the world.
const ZONES = ['America/Los_Angeles', 'Asia/Shanghai', 'UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']

describe('parseSiteDate', () => {
  for (const zone of ZONES) {
    it(`reads a bare date as Beijing midnight when the machine runs ${zone}`, () => {
      process.env.TZ = zone
      const date = parseSiteDate('2023-01-07') as Date
      expect(date.toISOString()).toBe('2023-01-06T16:00:00.000Z')
      expect(formatDay(date)).toBe('2023-01-07')
      expect(isoInShanghai(date)).toBe('2023-01-07T00:00:00+08:00')
    })

    it(`keeps a time just before Beijing midnight on its day under ${zone}`, () => {
      process.env.TZ = zone
      const date = parseSiteDate('2023-01-07 23:59') as Date
      expect(formatDay(date)).toBe('2023-01-07')
      expect(formatDayTime(date)).toBe('2023-01-07 23:59')
    })
  }

  it('honours an explicit offset', () => {
    const date = parseSiteDate('2023-01-06T20:30:00-08:00') as Date
    expect(formatDayTime(date)).toBe('2023-01-07 12:30')
    expect(formatDayTime(parseSiteDate('2023-01-07T00:30:00Z') as Date)).toBe('2023-01-07 08:30')
  })

  it('accepts seconds and a T separator without offset as Beijing time', () => {
    expect(isoInShanghai(parseSiteDate('2023-01-07T08:30:15') as Date)).toBe('2023-01-07T08:30:15+08:00')
  })

  it('says a date that does not exist is nonexistent', () => {
    for (const text of ['2023-02-30', '2023-13-01', '2023-04-31', '2023-01-07 24:00', '2023-00-10']) {
      expect(parseSiteDate(text)).toEqual({ kind: 'nonexistent' })
    }
  })

  it('accepts 29 February only in a leap year', () => {
    expect(parseSiteDate('2024-02-29')).toBeInstanceOf(Date)
    expect(parseSiteDate('2023-02-29')).toEqual({ kind: 'nonexistent' })
  })

  it('says text that is no date at all has the wrong format', () => {
    for (const text of ['昨天', '2023/01/07', '07-01-2023', '', '2023-1-7']) {
      expect(parseSiteDate(text)).toEqual({ kind: 'format' })
    }
  })
})

describe('suggestSiteDate', () => {
  it.each([
    ['2023年1月7日', '2023-01-07'],
    ['2023/1/7', '2023-01-07'],
    ['2023.01.07', '2023-01-07'],
    ['2023-1-7', '2023-01-07'],
    ['20230107', '2023-01-07'],
    ['2023/1/7 8:30', '2023-01-07 08:30'],
    ['2023年1月7日 8\uFF1A30', '2023-01-07 08:30'],
    ['2023年1月7日8时30分', '2023-01-07 08:30'],
  ])('suggests the house form of %s', (text, expected) => {
    expect(suggestSiteDate(text)).toBe(expected)
  })

  it.each(['昨天下午', '2023年2月30日', '2023', '07/01/2023'])('suggests nothing for %s', (text) => {
    expect(suggestSiteDate(text)).toBeUndefined()
  })
})

describe('Beijing dates as readers see them', () => {
  // The formatters work out instants since China's last summer time (1991) themselves, without
  // date-fns' zone lookup: they must agree with date-fns in the Asia/Shanghai zone, at every
  // minute of the day, around the end of that summer time, and before it (the zone's history).
  const reference = (date: Date, pattern: string) => format(date, pattern, { in: tz('Asia/Shanghai') })
  const instants = [
    Date.UTC(1988, 6, 1), // summer time: +09:00
    Date.UTC(1991, 8, 14, 16, 59, 59), // its last second
    Date.UTC(1991, 8, 14, 17), // standard time again
    Date.UTC(1999, 11, 31, 16), // midnight of 2000 in Beijing
    Date.UTC(2024, 1, 28, 16), // 29 February
    Date.UTC(2026, 11, 31, 15, 59, 59),
    ...Array.from({ length: 500 }, (_, i) => Date.UTC(1991, 8, 14) + Math.floor(((i * 7919) % 500) / 500 * 4e12) + i * 61_001),
  ].map((at) => new Date(at))

  it('give the same day, minute, month and ISO form as the time zone database', () => {
    for (const date of instants) {
      expect(formatDay(date), date.toISOString()).toBe(reference(date, 'yyyy-MM-dd'))
      expect(formatDayTime(date), date.toISOString()).toBe(reference(date, 'yyyy-MM-dd HH:mm'))
      expect(monthOf(date), date.toISOString()).toBe(reference(date, 'yyyy-MM'))
      expect(isoInShanghai(date), date.toISOString()).toBe(reference(date, "yyyy-MM-dd'T'HH:mm:ssxxx"))
    }
    expect(isoInShanghai(new Date(Date.UTC(1988, 6, 1)))).toBe('1988-07-01T09:00:00+09:00')
  })
})
