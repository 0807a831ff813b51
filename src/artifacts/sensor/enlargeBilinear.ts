import type { Pixels } from "./pixels.js";

/**
 * Enlarges `px` to width x height by bilinear interpolation, with libvips' convention for its
 * upward resize (output pixel x shows input point x * inWidth / width - 0.5, clamped to the
 * image; the same along y), so it matches sharp's `resize(..., { kernel: "linear" })` within 1
 * level (weights in 1/256). Separable in integers: each input row is interpolated along x once,
 * then output rows are blends of two such rows. ~5x faster than the libvips round trip.
 */
export function enlargeBilinear(px: Pixels, width: number, height: number): Pixels {
  const { width: sw, height: sh, channels: c, data: src } = px;
  const out = new Uint8ClampedArray(width * height * c);
  const rowLen = width * c;
  // Per output sample: the offsets (in samples) of its two input columns and the second's weight.
  const i0 = new Int32Array(rowLen), i1 = new Int32Array(rowLen), wx = new Int32Array(rowLen);
  for (let x = 0; x < width; x++) {
    const [a, b, w] = taps(x, sw, width);
    for (let ch = 0; ch < c; ch++) { i0[x * c + ch] = a * c + ch; i1[x * c + ch] = b * c + ch; wx[x * c + ch] = w; }
  }
  let top = new Int32Array(rowLen), bottom = new Int32Array(rowLen), topRow = -1, bottomRow = -1;
  for (let y = 0; y < height; y++) {
    const [r0, r1, wy] = taps(y, sh, height);
    if (r0 !== topRow) {
      if (r0 === bottomRow) { const t = top; top = bottom; bottom = t; topRow = r0; bottomRow = -1; }
      else { alongRow(src, r0 * sw * c, i0, i1, wx, top, rowLen); topRow = r0; }
    }
    if (r1 !== bottomRow) { alongRow(src, r1 * sw * c, i0, i1, wx, bottom, rowLen); bottomRow = r1; }
    blendRows(top, bottom, wy, out, y * rowLen, rowLen);
  }
  return { width, height, channels: c, data: out };
}

/** The two input indices (along one axis) output index o blends, and the second's weight in 1/256. */
function taps(o: number, inSize: number, outSize: number): [number, number, number] {
  const f = Math.min(Math.max((o * inSize) / outSize - 0.5, 0), inSize - 1);
  const a = Math.min(Math.floor(f), Math.max(0, inSize - 2));
  return [a, Math.min(a + 1, inSize - 1), Math.round((f - a) * 256)];
}

function alongRow(src: Uint8ClampedArray, start: number, i0: Int32Array, i1: Int32Array, wx: Int32Array, out: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const a = src[start + i0[i]!]!, w = wx[i]!;
    out[i] = (a << 8) + (src[start + i1[i]!]! - a) * w;
  }
}

function blendRows(top: Int32Array, bottom: Int32Array, w: number, out: Uint8ClampedArray, start: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const t = top[i]!;
    out[start + i] = ((t << 8) + (bottom[i]! - t) * w + 32768) >> 16;
  }
}
