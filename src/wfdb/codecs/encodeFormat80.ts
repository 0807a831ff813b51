/** Format 80: 8-bit offset binary (value + 128). */
export function encodeFormat80(samples: Int32Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! + 128;
  return out;
}
