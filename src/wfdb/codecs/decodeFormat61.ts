/** Format 61: big-endian two's complement 16-bit samples. */
export function decodeFormat61(bytes: Uint8Array, first: number, count: number, out: Int32Array): void {
  let p = first * 2;
  for (let i = 0; i < count; i++, p += 2) out[i] = (((bytes[p]! << 8) | bytes[p + 1]!) << 16) >> 16;
}
