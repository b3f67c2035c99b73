import { formatDayTime, isoInShanghai } from '@/lib/dates'

interface CorrectionNoticeProps {
  text?: string
  /** When the correction was made: the article's 更新时间. */
  updated?: Date
}

/** 更正说明: what was corrected and when, at the end of the article, in the open. */
export function CorrectionNotice({ text, updated }: CorrectionNoticeProps) {
  if (!text || !updated) return null
  return (
    <section className="correction" aria-labelledby="correction-heading">
      <h2 id="correction-heading">更正说明</h2>
      {text.split(/\n\s*\n/).map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}
      <p className="correction-time">
        更正时间:<time dateTime={isoInShanghai(updated)}>{formatDayTime(updated)}</time>
      </p>
    </section>
  )
}
