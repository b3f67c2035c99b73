/** 微信扫一扫: the article's QR code (a PNG data URL), behind a <details> so it works without JavaScript. */
export function WeChatShare({ image }: { image: string }) {
  return (
    <details className="wechat-share">
      <summary>分享到微信</summary>
      <figure>
        {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made at build time, nothing to optimise */}
        <img className="qr" src={image} alt="本文网址的二维码" width={160} height={160} />
        <figcaption>打开微信“扫一扫”,扫描二维码即可阅读和分享本文</figcaption>
      </figure>
    </details>
  )
}
