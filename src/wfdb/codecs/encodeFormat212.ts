/** Format 212: pairs of 12-bit samples in 3 bytes; an odd last sample takes 2 bytes. */
export function encodeFormat212(samples: Int32Array): Uint8Array {
  const n = samples.length;
  const out = new Uint8Array(Math.floor(n / 2) * 3 + (n & 1 ? 2 : 0));
  let i = 0;
  let p = 0;
  for (; i + 1 < n; i += 2, p += 3) {
    const a = samples[i]!;
    const b = samples[i + 1]!;
    out[p] = a;
    out[p + 1] = ((a >> 8) & 0x0f) | ((b >> 4) & 0xf0);
    out[p + 2] = b;
  }
  if (i < n) {
    const a = samples[i]!;
    out[p] = a;
    out[p + 1] = (a >> 8) & 0x0f;
  }
  return out;
}
