import { bytesForSamples, FORMATS } from "../formats.js";

/** Format 311: three 10-bit samples in one little-endian 32-bit word (bits 0-9, 10-19, 20-29). */
export function encodeFormat311(samples: Int32Array): Uint8Array {
  const out = new Uint8Array(bytesForSamples(FORMATS[311]!, samples.length));
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]! & 0x3ff;
    const g = (i / 3) | 0;
    const k = i - g * 3;
    const p = g * 4;
    if (k === 0) {
      out[p] = v;
      out[p + 1] |= v >> 8;
    } else if (k === 1) {
      out[p + 1] |= (v << 2) & 0xfc;
      out[p + 2] |= v >> 6;
    } else {
      out[p + 2] |= (v << 4) & 0xf0;
      out[p + 3] |= v >> 4;
    }
  }
  return out;
}
