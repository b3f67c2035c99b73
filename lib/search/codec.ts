// Variable-length integers (LEB128, 7 bits a byte), the only number format of the index files.
// Shared by the builder (Node) and the reader (the browser).

/** A growable byte buffer that writes unsigned variable-length integers. */
export class ByteWriter {
  bytes: Uint8Array
  length = 0

  constructor(capacity = 64) {
    this.bytes = new Uint8Array(capacity)
  }

  private reserve(n: number) {
    if (this.length + n <= this.bytes.length) return
    let size = this.bytes.length * 2
    while (size < this.length + n) size *= 2
    const grown = new Uint8Array(size)
    grown.set(this.bytes.subarray(0, this.length))
    this.bytes = grown
  }

  /** Appends a non-negative integer below 2^53. */
  uint(value: number) {
    this.reserve(8)
    while (value >= 0x80) {
      this.bytes[this.length++] = (value % 0x80) | 0x80
      value = Math.floor(value / 0x80)
    }
    this.bytes[this.length++] = value
  }

  /** Appends any integer (zigzag: small negative numbers stay short). */
  int(value: number) {
    this.uint(value < 0 ? -2 * value - 1 : 2 * value)
  }

  append(bytes: Uint8Array) {
    this.reserve(bytes.length)
    this.bytes.set(bytes, this.length)
    this.length += bytes.length
  }

  /** The bytes written so far (a view, not a copy). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length)
  }
}

/** Reads what ByteWriter wrote, in order. */
export class ByteReader {
  offset: number
  constructor(
    readonly bytes: Uint8Array,
    offset = 0,
    readonly end = bytes.length,
  ) {
    this.offset = offset
  }

  get done() {
    return this.offset >= this.end
  }

  uint(): number {
    let result = 0
    let scale = 1
    for (;;) {
      if (this.offset >= this.end) throw new Error('search index: truncated number')
      const byte = this.bytes[this.offset++]
      result += (byte & 0x7f) * scale
      if (byte < 0x80) return result
      scale *= 0x80
    }
  }

  int(): number {
    const n = this.uint()
    return n % 2 === 1 ? -(n + 1) / 2 : n / 2
  }

  /** The next `n` bytes (a view). */
  take(n: number): Uint8Array {
    if (this.offset + n > this.end) throw new Error('search index: truncated bytes')
    const view = this.bytes.subarray(this.offset, this.offset + n)
    this.offset += n
    return view
  }
}
