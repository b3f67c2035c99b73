import zlib from 'node:zlib'
import QRCode from 'qrcode'

// The QR code is drawn into every article page, so its bytes count against the page's weight:
// one bit a module as a PNG is the smallest form a browser draws without script (an SVG path of the
// same code is 2.4 KB, qrcode's own PNG is 8-bit RGBA or grey). No installed library writes 1-bit
// grey PNGs (pngjs: 8 or 16 bits; sharp is only Next's optional dependency), and the format is four
// chunks, so it is written here.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const out = Buffer.alloc(body.length + 8)
  out.writeUInt32BE(data.length, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), body.length + 4)
  return out
}

/** A 1-bit grey PNG of a square bitmap (`dark(x, y)`), one pixel a module. */
export function bitmapPng(size: number, dark: (x: number, y: number) => boolean): Buffer {
  const stride = Math.ceil(size / 8) + 1 // a filter byte (0: none), then the row's bits
  const rows = Buffer.alloc(stride * size)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if (!dark(x, y)) rows[y * stride + 1 + (x >> 3)] |= 0x80 >> (x & 7) // 1 is white
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([1, 0, 0, 0, 0], 8) // bit depth 1, grey, deflate, adaptive filtering, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows, { level: 9 })), chunk('IEND', new Uint8Array())])
}

/**
 * A QR code of `url` (for 微信扫一扫) as a PNG data URL, made at build time: no third-party service
 * sees readers. Error correction L (a screen is not a worn label) and a quiet zone of 2 modules; the
 * page scales it up crisply (image-rendering: pixelated).
 */
export function qrImage(url: string): string {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'L' })
  const margin = 2
  const inside = (i: number) => i >= margin && i < margin + modules.size
  const png = bitmapPng(modules.size + 2 * margin, (x, y) => inside(x) && inside(y) && !!modules.get(y - margin, x - margin))
  return `data:image/png;base64,${png.toString('base64')}`
}
