import type { RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";

/**
 * Sensor noise: Gaussian (read noise, sd in 8-bit levels) plus shot noise whose variance grows
 * with the level (v / poissonScale levels^2, the Gaussian approximation of Poisson counts of
 * poissonScale photons per level). Normal deviates come from a table drawn once from `rng` and
 * indexed by a xorshift stream seeded from it: fast, and still the same bytes for the same seed.
 */
export function applyNoise(image: RgbaImage, gaussianSd: number, poissonScale: number, rng: Rng): void {
  const table = new Float32Array(65536);
  for (let i = 0; i < table.length; i++) table[i] = rng.normal();
  const sdByLevel = new Float32Array(256);
  for (let v = 0; v < 256; v++) sdByLevel[v] = Math.sqrt(gaussianSd * gaussianSd + (poissonScale > 0 ? v / poissonScale : 0));
  let s = rng.nextUint32() | 1;
  const data = image.data;
  for (let o = 0; o < data.length; o += 4) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    // One 32-bit draw per pixel: the high half picks the shared deviate, the low half three
    // independent table entries (a third of the table apart) for the channels.
    const a = s >>> 16, b = s & 0xffff;
    // Mostly luminance noise (shared by the channels) with a smaller independent part, as in demosaiced sensors.
    const shared = table[a]! * 0.8;
    const r = data[o]!, g = data[o + 1]!, bl = data[o + 2]!;
    data[o] = r + (shared + table[b]! * 0.6) * sdByLevel[r]!;
    data[o + 1] = g + (shared + table[(b + 21845) & 0xffff]! * 0.6) * sdByLevel[g]!;
    data[o + 2] = bl + (shared + table[(b + 43690) & 0xffff]! * 0.6) * sdByLevel[bl]!;
  }
}
