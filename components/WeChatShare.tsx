/** 微信扫一扫: the article's QR code, behind a <details> so it works without JavaScript. */
export function WeChatShare({ svg }: { svg: string }) {
  return (
    <details className="wechat-share">
      <summary>分享到微信</summary>
      <figure>
        <div className="qr" role="img" aria-label="本文网址的二维码" dangerouslySetInnerHTML={{ __html: svg }} />
        <figcaption>打开微信“扫一扫”,扫描二维码即可阅读和分享本文</figcaption>
      </figure>
    </details>
  )
}
