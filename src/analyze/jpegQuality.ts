/** IJG standard luminance quantization table (quality 50), in zigzag order as stored in DQT. */
const STD_LUMA_ZIGZAG = [
  16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61, 60, 57, 51, 56, 55, 64, 72, 92, 78,
  64, 68, 87, 69, 55, 56, 80, 109, 81, 87, 95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101, 103, 99,
];

/**
 * Estimated IJG quality (1-100) of a JPEG from its first (luminance) quantization table: the
 * mean ratio to the standard table gives the IJG scale factor S, quality = (200 - S) / 2 for
 * S <= 100, else 5000 / S. Undefined when the bytes are not a JPEG or hold no table.
 */
export function jpegQuality(bytes: Uint8Array): number | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const len = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    if (marker === 0xdb) {
      const pq = bytes[i + 4]! >> 4;
      const q: number[] = [];
      for (let k = 0; k < 64; k++) q.push(pq ? (bytes[i + 5 + 2 * k]! << 8) | bytes[i + 6 + 2 * k]! : bytes[i + 5 + k]!);
      let s = 0;
      for (let k = 0; k < 64; k++) s += (q[k]! * 100) / STD_LUMA_ZIGZAG[k]!;
      const scale = s / 64;
      const quality = scale <= 100 ? (200 - scale) / 2 : 5000 / scale;
      return Math.max(1, Math.min(100, Math.round(quality)));
    }
    if (marker === 0xda) return undefined;
    i += 2 + len;
  }
  return undefined;
}
