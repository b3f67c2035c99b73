import QRCode from 'qrcode'

/** An inline SVG QR code of `url` (for 微信扫一扫), made at build time: no third-party service sees readers. */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } })
}
