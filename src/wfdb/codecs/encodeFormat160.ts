/** Format 160: 16-bit little-endian offset binary (value + 32768). */
export function encodeFormat160(samples: Int32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  for (let i = 0, p = 0; i < samples.length; i++, p += 2) {
    const v = samples[i]! + 32768;
    out[p] = v;
    out[p + 1] = v >> 8;
  }
  return out;
}
