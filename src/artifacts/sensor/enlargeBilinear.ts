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
  // Per output sample: the offset (in samples) of its first input column and the second's weight;
  // the second column is the next one (`step` samples on), or the same in a one-column image.
  const i0 = new Int32Array(rowLen), wx = new Int32Array(rowLen), step = sw > 1 ? c : 0;
  for (let x = 0; x < width; x++) {
    const [a, , w] = taps(x, sw, width, centred);
    for (let ch = 0; ch < c; ch++) { i0[x * c + ch] = a * c + ch; wx[x * c + ch] = w; }
  }
  let top = new Int32Array(rowLen), bottom = new Int32Array(rowLen), topRow = -1, bottomRow = -1;
  for (let y = 0; y < height; y++) {
    const [r0, r1, wy] = taps(y, sh, height, centred);
    if (r0 !== topRow) {
      if (r0 === bottomRow) { const t = top; top = bottom; bottom = t; topRow = r0; bottomRow = -1; }
      else { alongRow(src, r0 * sw * c, i0, step, wx, top, rowLen); topRow = r0; }
    }
    if (r1 !== bottomRow) { alongRow(src, r1 * sw * c, i0, step, wx, bottom, rowLen); bottomRow = r1; }
    if (out32) {
      blendRowsGreyRgba(top, bottom, wy, out32, y * rowLen, rowLen);
      if (eachRow) eachRow(out.subarray(y * rowLen * 4, (y + 1) * rowLen * 4));
      continue;
    }
    const row = out.subarray(y * rowLen, (y + 1) * rowLen);
    blendRows(top, bottom, wy, row);
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

function alongRow(src: Uint8ClampedArray, start: number, i0: Int32Array, step: number, wx: Int32Array, out: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const k = start + i0[i]!, a = src[k]!;
    out[i] = (a << 8) + (src[k + step]! - a) * wx[i]!;
  }
}

/** blendRows for one grey channel, written as opaque RGBA words from out[o0]. */
function blendRowsGreyRgba(top: Int32Array, bottom: Int32Array, w: number, out: Int32Array, o0: number, n: number): void {
  const w0 = 256 - w;
  for (let i = 0; i < n; i++) {
    const v = (top[i]! * w0 + bottom[i]! * w + 32768) >> 16, level = v < 0 ? 0 : v > 255 ? 255 : v;
    out[o0 + i] = Math.imul(level, 0x010101) | 0xff000000;
  }
}

function blendRows(top: Int32Array, bottom: Int32Array, w: number, out: Uint8ClampedArray): void {
  const w0 = 256 - w;
  for (let i = 0; i < out.length; i++) out[i] = (top[i]! * w0 + bottom[i]! * w + 32768) >> 16;
}
