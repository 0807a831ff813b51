/** Format 32: little-endian two's complement 32-bit samples. */
export function encodeFormat32(samples: Int32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 4);
  for (let i = 0, p = 0; i < samples.length; i++, p += 4) {
    const v = samples[i]!;
    out[p] = v;
    out[p + 1] = v >> 8;
    out[p + 2] = v >> 16;
    out[p + 3] = v >> 24;
  }
  return out;
}
