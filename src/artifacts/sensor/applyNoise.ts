import type { RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import { rgbaWords, type Pixels } from "./pixels.js";

const TABLE = 4096, MASK = TABLE - 1;

/**
 * Sensor noise, in place: Gaussian (read noise, sd in 8-bit levels) plus shot noise whose variance grows
 * with the level (v / poissonScale levels^2, the Gaussian approximation of Poisson counts of
 * poissonScale photons per level). Normal deviates come from a table drawn once from `rng` and
 * indexed by a xorshift stream seeded from it: fast, and still the same bytes for the same seed.
 * Colour pixels (RGB or RGBA) get mostly luminance noise (shared by the channels) with a smaller
 * independent part, as in demosaiced sensors; grey pixels one deviate each. Either way each channel's sd is as asked.
 */
export function applyNoise(image: RgbaImage | Pixels, gaussianSd: number, poissonScale: number, rng: Rng): void {
  const px: Pixels = "channels" in image ? image : { ...image, channels: 4 };
  noisy(px, px, gaussianSd, poissonScale, rng);
}

/**
 * applyNoise with `channels` channels out (grey in, any out; colour in, 3 or 4 out): the noise
 * pass also does the conversion the next step needs, saving a pass over the image. In place
 * (returns `px`) when the channels do not change.
 */
export function withNoise(px: Pixels, channels: 1 | 3 | 4, gaussianSd: number, poissonScale: number, rng: Rng): Pixels {
  if (channels === 1 && px.channels !== 1) throw new Error("withNoise: colour to grey is not a noise step");
  if (channels === px.channels) {
    noisy(px, px, gaussianSd, poissonScale, rng);
    return px;
  }
  const out: Pixels = { width: px.width, height: px.height, channels, data: new Uint8ClampedArray(px.width * px.height * channels) };
  noisy(px, out, gaussianSd, poissonScale, rng);
  return out;
}

function noisy(src: Pixels, dst: Pixels, gaussianSd: number, poissonScale: number, rng: Rng): void {
  // 4096 deviates (16 KB, stays in the L1 cache: random look-ups into a larger table cost more than the rest).
  const table = new Float32Array(TABLE);
  for (let i = 0; i < table.length; i++) table[i] = rng.normal();
  standardise(table);
  const sdByLevel = new Float32Array(256);
  for (let v = 0; v < 256; v++) sdByLevel[v] = Math.sqrt(gaussianSd * gaussianSd + (poissonScale > 0 ? v / poissonScale : 0));
  const seed = rng.nextUint32() | 1;
  const n = src.width * src.height;
  if (src.channels === 1) greyNoise(src.data, dst.data, dst.channels, n, table, sdByLevel, seed);
  else if (src.channels === 4) rgbaNoise(rgbaWords(src.data), dst, n, table, sdByLevel, seed);
  else colourNoise(src.data, src.channels, dst.data, dst.channels, n, table, sdByLevel, seed);
}

/**
 * colourNoise for RGBA input read as 32-bit words, in integers: deviates in 1/1024, sd in 1/64
 * (the same draws and, up to that rounding, the same values).
 */
function rgbaNoise(words: Int32Array, dst: Pixels, n: number, table: Float32Array, sdByLevel: Float32Array, s: number): void {
  const shared = Int32Array.from(table, (v) => Math.round(v * 0.8 * 1024)), own = Int32Array.from(table, (v) => Math.round(v * 0.6 * 1024));
  const sd = Int32Array.from(sdByLevel, (v) => Math.round(v * 64));
  const out = dst.channels === 4 ? rgbaWords(dst.data) : null, bytes = dst.data;
  for (let i = 0, q = 0; i < n; i++, q += 3) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const a = shared[s >>> 20]!, b = s & MASK;
    const w = words[i]!, r = w & 255, g = (w >> 8) & 255, bl = (w >> 16) & 255;
    let r2 = r + (((a + own[b]!) * sd[r]! + 32768) >> 16);
    let g2 = g + (((a + own[(b + 1365) & MASK]!) * sd[g]! + 32768) >> 16);
    let b2 = bl + (((a + own[(b + 2730) & MASK]!) * sd[bl]! + 32768) >> 16);
    r2 = r2 < 0 ? 0 : r2 > 255 ? 255 : r2; g2 = g2 < 0 ? 0 : g2 > 255 ? 255 : g2; b2 = b2 < 0 ? 0 : b2 > 255 ? 255 : b2;
    if (out) out[i] = r2 | (g2 << 8) | (b2 << 16) | 0xff000000;
    else { bytes[q] = r2; bytes[q + 1] = g2; bytes[q + 2] = b2; }
  }
  if (out && out.buffer !== dst.data.buffer) dst.data.set(new Uint8ClampedArray(out.buffer));
}

function greyNoise(src: Uint8ClampedArray, dst: Uint8ClampedArray, dc: number, n: number, table: Float32Array, sdByLevel: Float32Array, s: number): void {
  for (let i = 0, q = 0; i < n; i++, q += dc) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const v = src[i]!;
    const out = v + table[s & MASK]! * sdByLevel[v]!;
    dst[q] = out;
    if (dc > 1) { dst[q + 1] = dst[q + 2] = dst[q]!; if (dc === 4) dst[q + 3] = 255; }
  }
}

function colourNoise(src: Uint8ClampedArray, sc: number, dst: Uint8ClampedArray, dc: number, n: number, table: Float32Array, sdByLevel: Float32Array, s: number): void {
  for (let i = 0, o = 0, q = 0; i < n; i++, o += sc, q += dc) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    // One 32-bit draw per pixel: the high 12 bits pick the shared deviate, the low 12 three
    // independent table entries (a third of the table apart) for the channels.
    const a = s >>> 20, b = s & MASK;
    const shared = table[a]! * 0.8;
    const r = src[o]!, g = src[o + 1]!, bl = src[o + 2]!;
    dst[q] = r + (shared + table[b]! * 0.6) * sdByLevel[r]!;
    dst[q + 1] = g + (shared + table[(b + 1365) & MASK]! * 0.6) * sdByLevel[g]!;
    dst[q + 2] = bl + (shared + table[(b + 2730) & MASK]! * 0.6) * sdByLevel[bl]!;
    if (dc === 4) dst[q + 3] = 255;
  }
}

/** Shifts and scales to mean 0 and sd 1 exactly (a short table's own mean and sd differ by ~1.5%). */
function standardise(t: Float32Array): void {
  let sum = 0, sq = 0;
  for (const v of t) { sum += v; sq += v * v; }
  const mean = sum / t.length, sd = Math.sqrt(sq / t.length - mean * mean) || 1;
  for (let i = 0; i < t.length; i++) t[i] = (t[i]! - mean) / sd;
}
