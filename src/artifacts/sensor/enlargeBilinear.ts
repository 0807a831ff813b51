import { takeBytes } from "./bufferPool.js";
import type { Pixels } from "./pixels.js";

/**
 * Enlarges `px` to width x height by bilinear interpolation, with libvips' convention for its
 * upward resize (output pixel x shows input point x * inWidth / width - 0.5, clamped to the
 * image; the same along y), so it matches sharp's `resize(..., { kernel: "linear" })` within 1
 * level (weights in 1/256). Separable in integers: each input row is interpolated along x once,
 * then output rows are blends of two such rows. ~5x faster than the libvips round trip.
 * `eachRow`, if given, is called on every output row as soon as it is made (in order, top to
 * bottom), to work on it while it is in cache (the sensor noise).
 * `centred`: pixel centres aligned instead (output pixel x shows input point (x + 0.5) * inWidth /
 * width - 0.5), for a grid whose pixel centres are where the frame's map put them (a camera's grid).
 */
export function enlargeBilinear(px: Pixels, width: number, height: number, eachRow?: (row: Uint8ClampedArray) => void, greyAsRgba = false, centred = false): Pixels {
  const { width: sw, height: sh, channels: c, data: src } = px;
  // A grey image may come out as RGBA (each level in red, green and blue): the page's output form, without a pass of its own.
  const rgba = greyAsRgba && c === 1;
  const out = takeBytes(width * height * (rgba ? 4 : c)), out32 = rgba ? new Int32Array(out.buffer, out.byteOffset, width * height) : null;
  const rowLen = width * c;
  // Per output sample: the offset (in samples) of its first input column and the second's weight, in one word;
  // the second column is the next one (`step` samples on), or the same in a one-column image.
  const tx = new Int32Array(rowLen), step = sw > 1 ? c : 0;
  for (let x = 0; x < width; x++) {
    const [a, , w] = taps(x, sw, width, centred);
    for (let ch = 0; ch < c; ch++) tx[x * c + ch] = ((a * c + ch) << 9) | w;
  }
  let top = new Int32Array(rowLen), bottom = new Int32Array(rowLen), topRow = -1, bottomRow = -1;
  for (let y = 0; y < height; y++) {
    const [r0, r1, wy] = taps(y, sh, height, centred);
    if (r0 !== topRow) {
      if (r0 === bottomRow) { const t = top; top = bottom; bottom = t; topRow = r0; bottomRow = -1; }
      else { alongRow(src, r0 * sw * c, tx, step, top); topRow = r0; }
    }
    if (out32) {
      // A new bottom row is made and blended in one pass (one load and one loop fewer per pixel).
      const o = out32.subarray(y * rowLen, (y + 1) * rowLen);
      if (r1 !== bottomRow) { alongRowBlendGreyRgba(src, r1 * sw, tx, step, top, bottom, wy, o); bottomRow = r1; }
      else blendRowsGreyRgba(top, bottom, wy, o);
      if (eachRow) eachRow(out.subarray(y * rowLen * 4, (y + 1) * rowLen * 4));
      continue;
    }
    const row = out.subarray(y * rowLen, (y + 1) * rowLen);
    if (r1 !== bottomRow) { alongRowBlend(src, r1 * sw * c, tx, step, top, bottom, wy, row); bottomRow = r1; }
    else blendRows(top, bottom, wy, row);
    if (eachRow) eachRow(row);
  }
  return { width, height, channels: rgba ? 4 : c, data: out };
}

/** The two input indices (along one axis) output index o blends, and the second's weight in 1/256. */
function taps(o: number, inSize: number, outSize: number, centred: boolean): [number, number, number] {
  const f = Math.min(Math.max(((centred ? o + 0.5 : o) * inSize) / outSize - 0.5, 0), inSize - 1);
  const a = Math.min(Math.floor(f), Math.max(0, inSize - 2));
  return [a, Math.min(a + 1, inSize - 1), Math.round((f - a) * 256)];
}

/** One input row interpolated along x, in levels x 256. `tx`: per output sample, its first input sample's offset << 9 | the second's weight in 1/256. */
function alongRow(src: Uint8ClampedArray, start: number, tx: Int32Array, step: number, out: Int32Array): void {
  for (let i = 0; i < out.length; i++) {
    const t = tx[i]!, k = start + (t >> 9), a = src[k]!;
    out[i] = (a << 8) + (src[k + step]! - a) * (t & 511);
  }
}

/** Opaque grey RGBA words by level. */
const GREY_RGBA = Int32Array.from({ length: 256 }, (_, v) => Math.imul(v, 0x010101) | 0xff000000);

/**
 * blendRows for one grey channel, written as opaque RGBA words into `out` (one output row), two
 * pixels per step (~20% faster in V8). Both rows hold levels x 256 and the weights sum to 256, so
 * the result is a level already (no clamp).
 */
function blendRowsGreyRgba(top: Int32Array, bottom: Int32Array, w: number, out: Int32Array): void {
  const w0 = 256 - w, n = out.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const a = (top[i]! * w0 + bottom[i]! * w + 32768) >> 16, b = (top[i + 1]! * w0 + bottom[i + 1]! * w + 32768) >> 16;
    out[i] = GREY_RGBA[a]!;
    out[i + 1] = GREY_RGBA[b]!;
  }
  if (i < n) out[i] = GREY_RGBA[(top[i]! * w0 + bottom[i]! * w + 32768) >> 16]!;
}

/** alongRow of one grey input row into `bottom`, and blendRowsGreyRgba of `top` with it into `out`, in one loop. */
function alongRowBlendGreyRgba(src: Uint8ClampedArray, start: number, tx: Int32Array, step: number, top: Int32Array, bottom: Int32Array, w: number, out: Int32Array): void {
  const w0 = 256 - w, n = out.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const t = tx[i]!, k = start + (t >> 9), a = src[k]!, u = tx[i + 1]!, m = start + (u >> 9), b = src[m]!;
    const v = (a << 8) + (src[k + step]! - a) * (t & 511), z = (b << 8) + (src[m + step]! - b) * (u & 511);
    bottom[i] = v;
    bottom[i + 1] = z;
    out[i] = GREY_RGBA[(top[i]! * w0 + v * w + 32768) >> 16]!;
    out[i + 1] = GREY_RGBA[(top[i + 1]! * w0 + z * w + 32768) >> 16]!;
  }
  if (i < n) {
    const t = tx[i]!, k = start + (t >> 9), a = src[k]!, v = (a << 8) + (src[k + step]! - a) * (t & 511);
    bottom[i] = v;
    out[i] = GREY_RGBA[(top[i]! * w0 + v * w + 32768) >> 16]!;
  }
}

/** blendRows as blendRowsGreyRgba, into samples (two per step; the result is a level already). */
function blendRows(top: Int32Array, bottom: Int32Array, w: number, out: Uint8ClampedArray): void {
  const w0 = 256 - w, n = out.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    out[i] = (top[i]! * w0 + bottom[i]! * w + 32768) >> 16;
    out[i + 1] = (top[i + 1]! * w0 + bottom[i + 1]! * w + 32768) >> 16;
  }
  if (i < n) out[i] = (top[i]! * w0 + bottom[i]! * w + 32768) >> 16;
}

/**
 * alongRowBlendGreyRgba into samples (any number of channels). Written out twice on purpose: one
 * loop storing Int32 words through a table and one storing bytes keep each store monomorphic.
 */
function alongRowBlend(src: Uint8ClampedArray, start: number, tx: Int32Array, step: number, top: Int32Array, bottom: Int32Array, w: number, out: Uint8ClampedArray): void {
  const w0 = 256 - w, n = out.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const t = tx[i]!, k = start + (t >> 9), a = src[k]!, u = tx[i + 1]!, m = start + (u >> 9), b = src[m]!;
    const v = (a << 8) + (src[k + step]! - a) * (t & 511), z = (b << 8) + (src[m + step]! - b) * (u & 511);
    bottom[i] = v;
    bottom[i + 1] = z;
    out[i] = (top[i]! * w0 + v * w + 32768) >> 16;
    out[i + 1] = (top[i + 1]! * w0 + z * w + 32768) >> 16;
  }
  if (i < n) {
    const t = tx[i]!, k = start + (t >> 9), a = src[k]!, v = (a << 8) + (src[k + step]! - a) * (t & 511);
    bottom[i] = v;
    out[i] = (top[i]! * w0 + v * w + 32768) >> 16;
  }
}
