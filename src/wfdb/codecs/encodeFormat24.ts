/** Format 24: little-endian two's complement 24-bit samples. */
export function encodeFormat24(samples: Int32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 3);
  for (let i = 0, p = 0; i < samples.length; i++, p += 3) {
    const v = samples[i]!;
    out[p] = v;
    out[p + 1] = v >> 8;
    out[p + 2] = v >> 16;
  }
  return out;
}
