/** Format 61: big-endian two's complement 16-bit samples. */
export function encodeFormat61(samples: Int32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  for (let i = 0, p = 0; i < samples.length; i++, p += 2) {
    const v = samples[i]!;
    out[p] = v >> 8;
    out[p + 1] = v;
  }
  return out;
}
