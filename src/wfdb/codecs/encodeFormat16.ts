/** Format 16: little-endian two's complement 16-bit samples. */
export function encodeFormat16(samples: Int32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  for (let i = 0, p = 0; i < samples.length; i++, p += 2) {
    const v = samples[i]!;
    out[p] = v;
    out[p + 1] = v >> 8;
  }
  return out;
}
