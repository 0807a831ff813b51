/** Format 80: 8-bit offset binary (stored value minus 128). */
export function decodeFormat80(bytes: Uint8Array, first: number, count: number, out: Int32Array): void {
  for (let i = 0; i < count; i++) out[i] = bytes[first + i]! - 128;
}
