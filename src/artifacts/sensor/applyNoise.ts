import type { RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import { takeBytes } from "./bufferPool.js";
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
  withNoise(px, px.channels, gaussianSd, poissonScale, rng);
}

/**
 * applyNoise with `channels` channels out (grey in, any out; colour in, 3 or 4 out): the noise
 * pass also does the conversion the next step needs, saving a pass over the image. In place
 * (returns `px`) when the channels do not change.
 */
export function withNoise(px: Pixels, channels: 1 | 3 | 4, gaussianSd: number, poissonScale: number, rng: Rng): Pixels {
  if (channels === 1 && px.channels !== 1) throw new Error("withNoise: colour to grey is not a noise step");
  if (channels === px.channels && px.channels !== 4) {
    noiseRuns(px.channels, gaussianSd, poissonScale, rng)(px.data);
    return px;
  }
  const out: Pixels = channels === px.channels ? px : { width: px.width, height: px.height, channels, data: takeBytes(px.width * px.height * channels) };
  const t = noiseTables(gaussianSd, poissonScale, rng), n = px.width * px.height;
  if (px.channels === 1) greyNoise(px.data, out.data, channels, n, t);
  else if (px.channels === 4) rgbaNoise(rgbaWords(px.data), out, n, t);
  else colourNoise(px.data, 3, out.data, channels, n, t);
  return out;
}

/**
 * withNoise in place for grey or RGB pixels, as a function called on consecutive runs of pixels
 * (whole rows, top to bottom): a step that makes its output row by row noises each row while it is
 * in cache. Over the whole image, the same bytes as withNoise.
 */
export function noiseRuns(channels: 1 | 3, gaussianSd: number, poissonScale: number, rng: Rng): (data: Uint8ClampedArray) => void {
  const t = noiseTables(gaussianSd, poissonScale, rng);
  if (channels === 3) return (d) => { t.seed = rgbNoise(d, t); };
  // Without shot noise the sd is one number: deviates times sd are tabled (the same products).
  if (poissonScale <= 0) {
    const dev = times(t.table, t.sd[0]!);
    return (d) => { t.seed = greyFlat(d, dev, t.seed); };
  }
  return (d) => { t.seed = greyNoise(d, d, 1, d.length, t); };
}

interface NoiseTables {
  /** Standard normal deviates (float32 values, held as doubles). */
  table: Float64Array;
  /** sd in levels by the pixel's level (float32 values, held as doubles). */
  sd: Float64Array;
  /** The xorshift state, carried from one run of pixels to the next. */
  seed: number;
  /** Colour, in integers: the shared (luminance) and own parts, 0.8 and 0.6 times `table`, in 1/1024; sd in 1/64. Made on first use. */
  colour?: { shared: Int32Array; own: Int32Array; sd: Int32Array };
}

function noiseTables(gaussianSd: number, poissonScale: number, rng: Rng): NoiseTables {
  // 4096 deviates (32 KB, stays in the L1 cache: random look-ups into a larger table cost more than the rest).
  const t32 = new Float32Array(TABLE);
  for (let i = 0; i < t32.length; i++) t32[i] = rng.normal();
  standardise(t32);
  const sd32 = new Float32Array(256);
  for (let v = 0; v < 256; v++) sd32[v] = Math.sqrt(gaussianSd * gaussianSd + (poissonScale > 0 ? v / poissonScale : 0));
  return { table: new Float64Array(t32), sd: new Float64Array(sd32), seed: rng.nextUint32() | 1 };
}

const colourTables = (t: NoiseTables) => (t.colour ??= { shared: fixed(t.table, 0.8, 1024), own: fixed(t.table, 0.6, 1024), sd: fixed(t.sd, 1, 64) });

function times(t: Float64Array, k: number): Float64Array {
  const out = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = t[i]! * k;
  return out;
}

/** `t` times `k` in whole multiples of 1/`unit`. */
function fixed(t: Float64Array, k: number, unit: number): Int32Array {
  const out = new Int32Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = Math.round(t[i]! * k * unit);
  return out;
}

/** colourNoise for RGBA input read as 32-bit words (the same draws and values). */
function rgbaNoise(words: Int32Array, dst: Pixels, n: number, t: NoiseTables): void {
  const { shared, own, sd } = colourTables(t);
  const out = dst.channels === 4 ? rgbaWords(dst.data) : null, bytes = dst.data;
  let s = t.seed;
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
  t.seed = s;
}

/** Grey noise without shot noise: `dev` is the deviates times the one sd. In place; returns the xorshift state. */
function greyFlat(d: Uint8ClampedArray, dev: Float64Array, s: number): number {
  for (let i = 0; i < d.length; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    d[i] = d[i]! + dev[s & MASK]!;
  }
  return s;
}

function greyNoise(src: Uint8ClampedArray, dst: Uint8ClampedArray, dc: number, n: number, t: NoiseTables): number {
  const { table, sd } = t;
  let s = t.seed;
  for (let i = 0, q = 0; i < n; i++, q += dc) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const v = src[i]!;
    dst[q] = v + table[s & MASK]! * sd[v]!;
    if (dc > 1) { dst[q + 1] = dst[q + 2] = dst[q]!; if (dc === 4) dst[q + 3] = 255; }
  }
  return s;
}

/**
 * Colour noise in integers (deviates in 1/1024, sd in 1/64: within 1 level of the same sum in
 * floating point, on ~0.4% of values; the word loops below need integers).
 */
function colourNoise(src: Uint8ClampedArray, sc: number, dst: Uint8ClampedArray, dc: number, n: number, t: NoiseTables, s = t.seed): number {
  const { shared, own, sd } = colourTables(t);
  for (let i = 0, o = 0, q = 0; i < n; i++, o += sc, q += dc) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    // One 32-bit draw per pixel: the high 12 bits pick the shared deviate, the low 12 three
    // independent table entries (a third of the table apart) for the channels.
    const a = shared[s >>> 20]!, b = s & MASK;
    const r = src[o]!, g = src[o + 1]!, bl = src[o + 2]!;
    dst[q] = r + (((a + own[b]!) * sd[r]! + 32768) >> 16);
    dst[q + 1] = g + (((a + own[(b + 1365) & MASK]!) * sd[g]! + 32768) >> 16);
    dst[q + 2] = bl + (((a + own[(b + 2730) & MASK]!) * sd[bl]! + 32768) >> 16);
    if (dc === 4) dst[q + 3] = 255;
  }
  return s;
}

/**
 * colourNoise on RGB pixels in place, four pixels (three 32-bit words) per step: a third of the
 * loads and stores (~25% faster); the same draws and values. Returns the xorshift state.
 */
function rgbNoise(d: Uint8ClampedArray, t: NoiseTables): number {
  const { shared, own, sd } = colourTables(t);
  const n = d.length / 3, words = d.byteOffset % 4 === 0 ? new Int32Array(d.buffer, d.byteOffset, (n >> 2) * 3) : new Int32Array(0);
  const ch = (v: number, a: number, b: number): number => { const x = v + (((a + own[b & MASK]!) * sd[v]! + 32768) >> 16); return x < 0 ? 0 : x > 255 ? 255 : x; };
  let s = t.seed;
  for (let o = 0; o < words.length; o += 3) {
    const w0 = words[o]!, w1 = words[o + 1]!, w2 = words[o + 2]!;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    let a = shared[s >>> 20]!, b = s;
    const r0 = ch(w0 & 255, a, b), g0 = ch((w0 >> 8) & 255, a, b + 1365), b0 = ch((w0 >> 16) & 255, a, b + 2730);
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    a = shared[s >>> 20]!; b = s;
    const r1 = ch(w0 >>> 24, a, b), g1 = ch(w1 & 255, a, b + 1365), b1 = ch((w1 >> 8) & 255, a, b + 2730);
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    a = shared[s >>> 20]!; b = s;
    const r2 = ch((w1 >> 16) & 255, a, b), g2 = ch(w1 >>> 24, a, b + 1365), b2 = ch(w2 & 255, a, b + 2730);
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    a = shared[s >>> 20]!; b = s;
    const r3 = ch((w2 >> 8) & 255, a, b), g3 = ch((w2 >> 16) & 255, a, b + 1365), b3 = ch(w2 >>> 24, a, b + 2730);
    words[o] = r0 | (g0 << 8) | (b0 << 16) | (r1 << 24);
    words[o + 1] = g1 | (b1 << 8) | (r2 << 16) | (g2 << 24);
    words[o + 2] = b2 | (r3 << 8) | (g3 << 16) | (b3 << 24);
  }
  const done = words.length * 4;
  const rest = d.subarray(done);
  return colourNoise(rest, 3, rest, 3, n - done / 3, t, s);
}

/** Shifts and scales to mean 0 and sd 1 exactly (a short table's own mean and sd differ by ~1.5%). */
function standardise(t: Float32Array): void {
  let sum = 0, sq = 0;
  for (const v of t) { sum += v; sq += v * v; }
  const mean = sum / t.length, sd = Math.sqrt(sq / t.length - mean * mean) || 1;
  for (let i = 0; i < t.length; i++) t[i] = (t[i]! - mean) / sd;
}
