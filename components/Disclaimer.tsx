export function Disclaimer({ text }: { text: string }) {
  return (
    <aside className="disclaimer" aria-label="免责声明">
      <p>{text}</p>
    </aside>
  )
}
