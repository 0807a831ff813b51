/** Format 32: little-endian two's complement 32-bit samples. */
export function decodeFormat32(bytes: Uint8Array, first: number, count: number, out: Int32Array): void {
  let p = first * 4;
  for (let i = 0; i < count; i++, p += 4) out[i] = bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24);
}
