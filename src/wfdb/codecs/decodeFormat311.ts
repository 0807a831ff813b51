/** Format 311: three 10-bit samples in one little-endian 32-bit word (bits 0-9, 10-19, 20-29). */
export function decodeFormat311(bytes: Uint8Array, first: number, count: number, out: Int32Array): void {
  for (let i = 0, s = first; i < count; i++, s++) {
    const g = (s / 3) | 0;
    const k = s - g * 3;
    const p = g * 4;
    let v: number;
    if (k === 0) v = bytes[p]! | ((bytes[p + 1]! & 0x03) << 8);
    else if (k === 1) v = (bytes[p + 1]! >> 2) | ((bytes[p + 2]! & 0x0f) << 6);
    else v = (bytes[p + 2]! >> 4) | ((bytes[p + 3]! & 0x3f) << 4);
    out[i] = (v << 22) >> 22;
  }
}
