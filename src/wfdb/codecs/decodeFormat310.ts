/**
 * Format 310: three 10-bit samples in two little-endian 16-bit words: bits 1-10 of each word hold
 * the first and second samples; the top 5 bits of word 0 (low) and word 1 (high) hold the third.
 */
export function decodeFormat310(bytes: Uint8Array, first: number, count: number, out: Int32Array): void {
  for (let i = 0, s = first; i < count; i++, s++) {
    const g = (s / 3) | 0;
    const k = s - g * 3;
    const p = g * 4;
    let v: number;
    if (k === 0) v = ((bytes[p]! | (bytes[p + 1]! << 8)) >> 1) & 0x3ff;
    else if (k === 1) v = ((bytes[p + 2]! | (bytes[p + 3]! << 8)) >> 1) & 0x3ff;
    else v = (bytes[p + 1]! >> 3) | ((bytes[p + 3]! >> 3) << 5);
    out[i] = (v << 22) >> 22;
  }
}
