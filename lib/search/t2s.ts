// The traditional → simplified table, taken from OpenCC (opencc-js): every character OpenCC's
// Taiwan and Hong Kong to mainland conversions change into one other character. Applied one
// character at a time, to the articles when indexing and to the query in the browser (the table is
// built into the search script), so both sides always agree: 電梯 finds 电梯.
import * as OpenCC from 'opencc-js/t2cn'
import CJKCompatibility from 'opencc-js/dict/CJK_Compatibility_Ideographs'
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev'
import TSCharacters from 'opencc-js/dict/TSCharacters'
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev'

let table: string | undefined

/** Pairs of code points (traditional, simplified), concatenated: the input of createNormalizer(). */
export function t2sTable(): string {
  if (table !== undefined) return table
  const fromTw = OpenCC.Converter({ from: 'tw', to: 'cn' })
  const fromHk = OpenCC.Converter({ from: 'hk', to: 'cn' })
  const chars = new Set<string>()
  for (const dict of [TSCharacters, TWVariantsRev, HKVariantsRev, CJKCompatibility] as string[]) {
    for (const entry of dict.split('|')) {
      const key = entry.split(' ')[0]
      if (key && [...key].length === 1) chars.add(key)
    }
  }
  let pairs = ''
  for (const char of [...chars].sort()) {
    const simplified = fromTw(fromHk(char))
    if ([...simplified].length === 1 && simplified !== char) pairs += char + simplified
  }
  return (table = pairs)
}
