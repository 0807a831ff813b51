import { bytesForSamples, FORMATS } from "../formats.js";

/** Format 310: three 10-bit samples in two 16-bit words (see decodeFormat310). */
export function encodeFormat310(samples: Int32Array): Uint8Array {
  const out = new Uint8Array(bytesForSamples(FORMATS[310]!, samples.length));
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]! & 0x3ff;
    const g = (i / 3) | 0;
    const k = i - g * 3;
    const p = g * 4;
    if (k === 0) {
      out[p] |= (v << 1) & 0xfe;
      out[p + 1] |= v >> 7;
    } else if (k === 1) {
      out[p + 2] |= (v << 1) & 0xfe;
      out[p + 3] |= v >> 7;
    } else {
      out[p + 1] |= (v & 0x1f) << 3;
      out[p + 3] |= (v >> 5) << 3;
    }
  }
  return out;
}
