import { PNG } from 'pngjs'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { bitmapPng, qrImage } from '@/lib/qr'

// pngjs (qrcode's own PNG library) reads the 1-bit images back: an independent decoder.
const decode = (png: Buffer) => PNG.sync.read(png)

describe('qrImage', () => {
  it('draws every module of the QR code, black on white, inside a quiet zone of 2', () => {
    const url = 'https://www.lzfzwl.org.cn/articles/loudi-louxing-zhucun-bangfu/'
    const image = qrImage(url)
    expect(image).toMatch(/^data:image\/png;base64,/)
    const { width, height, data } = decode(Buffer.from(image.split(',')[1], 'base64'))
    const { modules } = QRCode.create(url, { errorCorrectionLevel: 'L' })
    expect([width, height]).toEqual([modules.size + 4, modules.size + 4])
    const dark = (x: number, y: number) => data[(y * width + x) * 4] === 0
    const drawn: boolean[] = []
    const expected: boolean[] = []
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        drawn.push(dark(x, y))
        const inside = x >= 2 && y >= 2 && x < width - 2 && y < height - 2
        expected.push(inside && !!modules.get(y - 2, x - 2))
      }
    }
    expect(drawn).toEqual(expected)
    expect(data.every((v, i) => i % 4 === 3 ? v === 255 : v === 0 || v === 255)).toBe(true)
  })

  it('is small enough to live in the page: under 450 characters for an article address', () => {
    expect(qrImage('https://www.lzfzwl.org.cn/articles/loudi-louxing-zhucun-bangfu/').length).toBeLessThan(450)
  })
})

describe('bitmapPng', () => {
  it('writes a width that is not a multiple of 8 with its rows padded', () => {
    const { width, data } = decode(bitmapPng(9, (x, y) => x === y))
    expect(width).toBe(9)
    for (let i = 0; i < 9; i++) expect(data[(i * 9 + i) * 4]).toBe(0)
    expect(data[(0 * 9 + 8) * 4]).toBe(255)
  })
})
