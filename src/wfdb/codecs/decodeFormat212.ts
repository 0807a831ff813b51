/** Format 212: pairs of 12-bit two's complement samples packed in 3 bytes (low nibble of byte 1 to the first). */
export function decodeFormat212(bytes: Uint8Array, first: number, count: number, out: Int32Array): void {
  let i = 0;
  let s = first;
  if (s & 1 && i < count) {
    const p = (s >> 1) * 3;
    out[i++] = ((bytes[p + 2]! | ((bytes[p + 1]! & 0xf0) << 4)) << 20) >> 20;
    s++;
  }
  let p = (s >> 1) * 3;
  const pairsEnd = i + ((count - i) & ~1);
  for (; i < pairsEnd; i += 2, p += 3) {
    const b1 = bytes[p + 1]!;
    out[i] = ((bytes[p]! | ((b1 & 0x0f) << 8)) << 20) >> 20;
    out[i + 1] = ((bytes[p + 2]! | ((b1 & 0xf0) << 4)) << 20) >> 20;
  }
  if (i < count) out[i] = ((bytes[p]! | ((bytes[p + 1]! & 0x0f) << 8)) << 20) >> 20;
}
