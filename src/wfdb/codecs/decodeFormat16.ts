/** Format 16: little-endian two's complement 16-bit samples. Decodes samples [first, first+count) into out. */
export function decodeFormat16(bytes: Uint8Array, first: number, count: number, out: Int32Array): void {
  let p = first * 2;
  for (let i = 0; i < count; i++, p += 2) out[i] = ((bytes[p]! | (bytes[p + 1]! << 8)) << 16) >> 16;
}
