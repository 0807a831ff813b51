import { invertHomography, type Homography } from "../../artifacts/geometry/homography.js";
import type { RgbaImage } from "../../render/types.js";

/**
 * Resamples `image` through `homography` (source px -> output px), bilinear, into an outWidth x
 * outHeight image. Output pixels whose source lies outside the image, or where `isBackground`
 * says so, are white (opaque).
 */
export function warpHomography(
  image: RgbaImage,
  homography: Homography,
  outWidth: number,
  outHeight: number,
  isBackground?: (x: number, y: number) => boolean,
): RgbaImage {
  const { width: w, height: h, data } = image;
  const inv = invertHomography(homography);
  const out = new Uint8ClampedArray(outWidth * outHeight * 4).fill(255);
  const [a, b, cc, d, e, f, g, k, l] = inv;
  if (outWidth === w && outHeight === h && a === 1 && b === 0 && cc === 0 && d === 0 && e === 1 && f === 0 && g === 0 && k === 0 && l === 1) {
    // The identity (whitening a desk only): every output pixel is its source pixel, opaque.
    for (let r = 0, o = 0; r < h; r++) {
      for (let c = 0; c < w; c++, o += 4) {
        if (isBackground?.(c + 0.5, r + 0.5)) continue;
        out[o] = data[o]!;
        out[o + 1] = data[o + 1]!;
        out[o + 2] = data[o + 2]!;
      }
    }
    return { width: outWidth, height: outHeight, data: out };
  }
  // The column terms once (the same products, so the same sums, as per pixel).
  const au = new Float64Array(outWidth), du = new Float64Array(outWidth), gu = new Float64Array(outWidth);
  for (let c = 0; c < outWidth; c++) (au[c] = a * (c + 0.5)), (du[c] = d * (c + 0.5)), (gu[c] = g * (c + 0.5));
  for (let r = 0; r < outHeight; r++) {
    const v = r + 0.5;
    const bv = b * v, ev = e * v, kv = k * v;
    for (let c = 0; c < outWidth; c++) {
      const q = gu[c]! + kv + l;
      const x = (au[c]! + bv + cc) / q, y = (du[c]! + ev + f) / q;
      if (!(x === x && y === y) || isBackground?.(x, y)) continue;
      // Beyond the image the border pixels are repeated: a white fill would draw an edge that
      // reads as a line or a trace end.
      const sx = Math.min(w - 1, Math.max(0, x - 0.5)), sy = Math.min(h - 1, Math.max(0, y - 0.5));
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      const fx = sx - x0, fy = sy - y0;
      const i00 = (y0 * w + x0) * 4;
      const i10 = x0 + 1 < w ? i00 + 4 : i00;
      const i01 = y0 + 1 < h ? i00 + w * 4 : i00;
      const i11 = i01 + (i10 - i00);
      const o = (r * outWidth + c) * 4;
      let p00 = data[i00]!, p01 = data[i01]!, top = p00 + (data[i10]! - p00) * fx;
      out[o] = top + (p01 + (data[i11]! - p01) * fx - top) * fy;
      p00 = data[i00 + 1]!, p01 = data[i01 + 1]!, top = p00 + (data[i10 + 1]! - p00) * fx;
      out[o + 1] = top + (p01 + (data[i11 + 1]! - p01) * fx - top) * fy;
      p00 = data[i00 + 2]!, p01 = data[i01 + 2]!, top = p00 + (data[i10 + 2]! - p00) * fx;
      out[o + 2] = top + (p01 + (data[i11 + 2]! - p01) * fx - top) * fy;
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}
