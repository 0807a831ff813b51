/** Format 160: 16-bit little-endian offset binary (stored value minus 32768). */
export function decodeFormat160(bytes: Uint8Array, first: number, count: number, out: Int32Array): void {
  let p = first * 2;
  for (let i = 0; i < count; i++, p += 2) out[i] = (bytes[p]! | (bytes[p + 1]! << 8)) - 32768;
}
