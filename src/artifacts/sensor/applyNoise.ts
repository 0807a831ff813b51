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
    const dev = times(t.table, t.sd[0]!), whole = roundedExactly(dev);
    return whole ? (d) => { t.seed = greyFlatWords(d, whole, t.seed); } : (d) => { t.seed = greyFlat(d, dev, t.seed); };
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
  colour?: ColourTables;
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

/**
 * Colour noise tables: the shared and own deviates (1/1024), sd (1/64), and `clamp`, levels clamped
 * to 0-255 by a look-up (clamp[x] for level x - off: on near-white paper the noise clamps often,
 * and a mispredicted branch costs more than a load); `k` rounds the noise term and adds off.
 */
interface ColourTables { shared: Int32Array; own: Int32Array; sd: Int32Array; clamp: Uint8Array; k: number }

function colourTables(t: NoiseTables): ColourTables {
  if (t.colour) return t.colour;
  const shared = fixed(t.table, 0.8, 1024), own = fixed(t.table, 0.6, 1024), sd = fixed(t.sd, 1, 64);
  const off = Math.ceil(((maxAbs(shared) + maxAbs(own)) * maxAbs(sd) + 32768) / 65536) + 1;
  return (t.colour = { shared, own, sd, clamp: clampTable(off), k: 32768 + off * 65536 });
}

const maxAbs = (t: Int32Array): number => t.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Levels -off to 255 + off clamped to 0-255, at index level + off. */
function clampTable(off: number): Uint8Array {
  const t = new Uint8Array(256 + 2 * off);
  for (let x = 0; x < t.length; x++) t[x] = Math.min(255, Math.max(0, x - off));
  return t;
}

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

/** colourNoise for RGBA input read as 32-bit words (the same draws and values), to RGBA or RGB. */
function rgbaNoise(words: Int32Array, dst: Pixels, n: number, t: NoiseTables): void {
  const { shared, own, sd, clamp, k } = colourTables(t);
  if (dst.channels === 4) {
    const out = rgbaWords(dst.data);
    t.seed = rgbaToRgba(words, out, n, t.seed, shared, own, sd, clamp, k);
    if (out.buffer !== dst.data.buffer) dst.data.set(new Uint8ClampedArray(out.buffer));
    return;
  }
  const bytes = dst.data, triples = bytes.byteOffset % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, (n >> 2) * 3) : new Int32Array(0);
  let s = rgbaToRgbWords(words, triples, t.seed, shared, own, sd, clamp, k);
  for (let i = (triples.length / 3) * 4, q = i * 3; i < n; i++, q += 3) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const p = noisyPixel(words[i]!, shared[s >>> 20]!, s & MASK, own, sd, clamp, k);
    bytes[q] = p & 255; bytes[q + 1] = (p >> 8) & 255; bytes[q + 2] = p >> 16;
  }
  t.seed = s;
}

/** rgbaNoise's loop to RGBA words (a function of its own, see rgbWords). Returns the xorshift state. */
function rgbaToRgba(words: Int32Array, out: Int32Array, n: number, s: number, shared: Int32Array, own: Int32Array, sd: Int32Array, clamp: Uint8Array, k: number): number {
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    out[i] = noisyPixel(words[i]!, shared[s >>> 20]!, s & MASK, own, sd, clamp, k) | 0xff000000;
  }
  return s;
}

/** rgbaNoise's loop to RGB, four pixels (three words) per step (a function of its own, see rgbWords). Returns the xorshift state. */
function rgbaToRgbWords(words: Int32Array, triples: Int32Array, s: number, shared: Int32Array, own: Int32Array, sd: Int32Array, clamp: Uint8Array, k: number): number {
  for (let o = 0, i = 0; o < triples.length; o += 3, i += 4) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const p0 = noisyPixel(words[i]!, shared[s >>> 20]!, s & MASK, own, sd, clamp, k);
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const p1 = noisyPixel(words[i + 1]!, shared[s >>> 20]!, s & MASK, own, sd, clamp, k);
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const p2 = noisyPixel(words[i + 2]!, shared[s >>> 20]!, s & MASK, own, sd, clamp, k);
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const p3 = noisyPixel(words[i + 3]!, shared[s >>> 20]!, s & MASK, own, sd, clamp, k);
    triples[o] = p0 | (p1 << 24);
    triples[o + 1] = (p1 >>> 8) | (p2 << 16);
    triples[o + 2] = (p2 >>> 16) | (p3 << 8);
  }
  return s;
}

/** Grey noise without shot noise: `dev` is the deviates times the one sd. In place; returns the xorshift state. */
function greyFlat(d: Uint8ClampedArray, dev: Float64Array, s: number): number {
  for (let i = 0; i < d.length; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    d[i] = d[i]! + dev[s & MASK]!;
  }
  return s;
}

/** Whole-level deviates plus `off`, and the clamp table for them (see clampTable). */
interface FlatTables { dev: Int32Array; clamp: Uint8Array }

/**
 * `dev` rounded to whole levels, when level + dev rounds to level + that for every level (no deviate
 * within 1e-9 of a half): null otherwise (then only the float loop gives the same bytes).
 */
function roundedExactly(dev: Float64Array): FlatTables | null {
  const out = new Int32Array(dev.length);
  for (let i = 0; i < dev.length; i++) {
    if (Math.abs(Math.abs(dev[i]! % 1) - 0.5) < 1e-9) return null;
    out[i] = Math.round(dev[i]!);
  }
  const off = maxAbs(out);
  for (let i = 0; i < out.length; i++) out[i]! += off;
  return { dev: out, clamp: clampTable(off) };
}

/**
 * greyFlat with the deviates rounded beforehand and clamped by look-up (the same bytes), four
 * pixels per 32-bit word in the aligned middle (a quarter of the loads and stores). Returns the xorshift state.
 */
function greyFlatWords(d: Uint8ClampedArray, t: FlatTables, s: number): number {
  const { dev, clamp } = t;
  const head = Math.min(d.length, (4 - (d.byteOffset & 3)) & 3), words = new Int32Array(d.buffer, d.byteOffset + head, (d.length - head) >> 2);
  for (let i = 0; i < head; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; d[i] = clamp[d[i]! + dev[s & MASK]!]!; }
  s = greyWords(words, s, dev, clamp);
  for (let i = head + words.length * 4; i < d.length; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; d[i] = clamp[d[i]! + dev[s & MASK]!]!; }
  return s;
}

/** greyFlatWords' loop, a function of its own (see rgbWords). Returns the xorshift state. */
function greyWords(words: Int32Array, s: number, dev: Int32Array, clamp: Uint8Array): number {
  for (let j = 0; j < words.length; j++) {
    const v = words[j]!;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const a = clamp[(v & 255) + dev[s & MASK]!]!;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const b = clamp[((v >> 8) & 255) + dev[s & MASK]!]!;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const c = clamp[((v >> 16) & 255) + dev[s & MASK]!]!;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    words[j] = a | (b << 8) | (c << 16) | (clamp[(v >>> 24) + dev[s & MASK]!]! << 24);
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
  const { shared, own, sd, clamp, k } = colourTables(t);
  const n = d.length / 3, words = d.byteOffset % 4 === 0 ? new Int32Array(d.buffer, d.byteOffset, (n >> 2) * 3) : new Int32Array(0);
  const s = rgbWords(words, t.seed, shared, own, sd, clamp, k);
  const done = words.length * 4;
  const rest = d.subarray(done);
  return colourNoise(rest, 3, rest, 3, n - done / 3, t, s);
}

/**
 * The loop of rgbNoise, a function of its own: code after a hot loop that has not run yet when
 * V8 optimises the loop deoptimises it on every call. Returns the xorshift state.
 */
function rgbWords(words: Int32Array, s: number, shared: Int32Array, own: Int32Array, sd: Int32Array, clamp: Uint8Array, k: number): number {
  for (let o = 0; o < words.length; o += 3) {
    const w0 = words[o]!, w1 = words[o + 1]!, w2 = words[o + 2]!;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const p0 = noisyPixel(w0, shared[s >>> 20]!, s & MASK, own, sd, clamp, k);
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const p1 = noisyPixel((w0 >>> 24) | (w1 << 8), shared[s >>> 20]!, s & MASK, own, sd, clamp, k);
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const p2 = noisyPixel((w1 >>> 16) | (w2 << 16), shared[s >>> 20]!, s & MASK, own, sd, clamp, k);
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const p3 = noisyPixel(w2 >>> 8, shared[s >>> 20]!, s & MASK, own, sd, clamp, k);
    words[o] = p0 | (p1 << 24);
    words[o + 1] = (p1 >>> 8) | (p2 << 16);
    words[o + 2] = (p2 >>> 16) | (p3 << 8);
  }
  return s;
}

/**
 * colourNoise of one pixel: red, green and blue in the low three bytes of `w` (the rest ignored),
 * shared deviate a, own deviates at table index b (masked) and a third and two thirds of the table
 * on; the noisy levels, clamped (see ColourTables), in the low three bytes. A module function, not a closure made per
 * call (V8 deoptimises a loop whose inlined closure changes), and the index masked before the
 * offsets are added (s + 1365 can leave the int32 range, which also deoptimises).
 */
function noisyPixel(w: number, a: number, b: number, own: Int32Array, sd: Int32Array, clamp: Uint8Array, k: number): number {
  const r = w & 255, g = (w >> 8) & 255, bl = (w >> 16) & 255;
  return clamp[r + (((a + own[b]!) * sd[r]! + k) >> 16)]! | (clamp[g + (((a + own[(b + 1365) & MASK]!) * sd[g]! + k) >> 16)]! << 8) | (clamp[bl + (((a + own[(b + 2730) & MASK]!) * sd[bl]! + k) >> 16)]! << 16);
}

/** Shifts and scales to mean 0 and sd 1 exactly (a short table's own mean and sd differ by ~1.5%). */
function standardise(t: Float32Array): void {
  let sum = 0, sq = 0;
  for (const v of t) { sum += v; sq += v * v; }
  const mean = sum / t.length, sd = Math.sqrt(sq / t.length - mean * mean) || 1;
  for (let i = 0; i < t.length; i++) t[i] = (t[i]! - mean) / sd;
}
