/** Format 24: little-endian two's complement 24-bit samples. */
export function decodeFormat24(bytes: Uint8Array, first: number, count: number, out: Int32Array): void {
  let p = first * 3;
  for (let i = 0; i < count; i++, p += 3) out[i] = ((bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16)) << 8) >> 8;
}
