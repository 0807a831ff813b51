import type { RgbaImage } from "../../render/types.js";
import { multiplyByFields, type CoarseField } from "../field.js";
import { invertHomography } from "./homography.js";
import { curlAxis, type Curl, type PageWarp } from "./pageWarp.js";

/**
 * Colour of whatever lies around the page (desk, scanner lid) at output pixel (col, row);
 * (pageX, pageY) is where that pixel maps to in page coordinates (outside the page, or NaN).
 */
export type BackgroundFn = (col: number, row: number, rgb: Float32Array, pageX: number, pageY: number) => void;

/**
 * Resamples the page through `warp` in one pass: bilinear for the image, and for the mask the
 * union (bitwise OR) of the bits of every source pixel that contributes to the output pixel's
 * colour, so a trace never loses mask coverage when the map shrinks it. Output pixels that show
 * no page get the background; page edges blend into it. `gains` (optional, per channel, in output
 * space: the light) multiply the result in the same pass.
 */
export function resamplePage(image: RgbaImage, mask: Uint16Array, warp: PageWarp, background: BackgroundFn, gains?: [CoarseField, CoarseField, CoarseField]): { image: RgbaImage; mask: Uint16Array } {
  const { width: sw, height: sh, data: src } = image;
  const ow = warp.outWidth, oh = warp.outHeight;
  if (isWholePixelShift(warp)) {
    const shifted = shiftPage(image, mask, warp, background);
    if (gains) multiplyByFields(shifted.image.data, ow, oh, gains);
    return shifted;
  }
  const gainR = new Float32Array(ow).fill(1), gainG = new Float32Array(ow).fill(1), gainB = new Float32Array(ow).fill(1);
  const out = new Uint8ClampedArray(ow * oh * 4);
  // Whole pixels as 32-bit words (little-endian RGBA): one load per tap instead of three.
  const src32 = words(src);
  const out32 = new Int32Array(out.buffer);
  const offX = warp.offsetX, offY = warp.offsetY;
  const outMask = new Uint16Array(ow * oh);
  const hInv = invertHomography(warp.homography);
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = hInv;
  const lensK = warp.lensK;
  const cx = warp.frameWidth / 2, cy = warp.frameHeight / 2;
  const invR2 = 1 / (cx * cx + cy * cy);
  const curl = warp.curl ? curlConstants(warp.curl, sw, sh) : null;
  const hasCurl = curl !== null;
  const relief = warp.relief?.height ? warp.relief : null;
  const reliefField = relief?.height, rdx = relief?.dxPx ?? 0, rdy = relief?.dyPx ?? 0;
  const rCell = reliefField?.cellPx ?? 1, rW = reliefField?.width ?? 0, rData = reliefField?.data ?? new Float32Array(0);
  const rUMax = (reliefField?.width ?? 1) - 1.001, rVMax = (reliefField?.height ?? 1) - 1.001;
  const cVertical = curl?.vertical ?? false, cFlip = curl?.flip ?? false, cStart = curl?.start ?? 0;
  const cR = curl?.r ?? 1, cMaxSeen = curl?.maxSeen ?? 0, cShade = curl ? curl.shadeFraction / curl.maxTilt : 0;
  const bg = new Float32Array(3);
  const acc = new Float32Array(3);
  for (let row = 0; row < oh; row++) {
    if (gains) rowGains(gains, row, gainR, gainG, gainB);
    for (let col = 0; col < ow; col++) {
      let x = col + 0.5 - offX;
      let y = row + 0.5 - offY;
      if (lensK !== 0) {
        const ex = x - cx, ey = y - cy;
        const f = 1 + lensK * (ex * ex + ey * ey) * invR2;
        x = cx + ex * f;
        y = cy + ey * f;
      }
      const w = h6 * x + h7 * y + h8;
      let sx = (h0 * x + h1 * y + h2) / w;
      let sy = (h3 * x + h4 * y + h5) / w;
      let shade = 1;
      if (hasCurl) {
        // Inline form of curlInverse (pageWarp.ts) plus the curl's shading, without allocating per pixel.
        const v = cVertical ? sy : sx;
        const seen = cFlip ? cStart - v : v - cStart;
        if (seen > 0) {
          if (seen > cMaxSeen) {
            sx = NaN;
          } else {
            const t = cR * Math.asin(seen / cR);
            const page = cFlip ? cStart - t : cStart + t;
            if (cVertical) sy = page; else sx = page;
            shade = 1 - cShade * (1 - Math.cos(t / cR));
          }
        }
      }
      if (reliefField && sx === sx) {
        // sampleField (field.ts) inlined: same arithmetic, so points and pixels move alike.
        const u = Math.min(Math.max(sx / rCell, 0), rUMax), v = Math.min(Math.max(sy / rCell, 0), rVMax);
        const i = u | 0, j = v | 0, a = u - i, b = v - j, k = j * rW + i;
        const h = (rData[k]! * (1 - a) + rData[k + 1]! * a) * (1 - b) + (rData[k + rW]! * (1 - a) + rData[k + rW + 1]! * a) * b;
        sx -= h * rdx;
        sy -= h * rdy;
      }
      const o = (row * ow + col) * 4;
      out[o + 3] = 255;
      if (sx !== sx) {
        background(col, row, bg, NaN, NaN);
        out[o] = bg[0]! * gainR[col]!; out[o + 1] = bg[1]! * gainG[col]!; out[o + 2] = bg[2]! * gainB[col]!;
        continue;
      }
      const fx = sx - 0.5, fy = sy - 0.5;
      const x0 = Math.floor(fx), y0 = Math.floor(fy);
      const ax = fx - x0, ay = fy - y0;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < sw && y0 + 1 < sh) {
        const i00 = y0 * sw + x0;
        const s00 = src32[i00]!, s01 = src32[i00 + 1]!, s10 = src32[i00 + sw]!, s11 = src32[i00 + sw + 1]!;
        const w00 = (1 - ax) * (1 - ay), w01 = ax * (1 - ay), w10 = (1 - ax) * ay, w11 = ax * ay;
        const r = ((s00 & 255) * w00 + (s01 & 255) * w01 + (s10 & 255) * w10 + (s11 & 255) * w11) * shade * gainR[col]!;
        const g = (((s00 >>> 8) & 255) * w00 + ((s01 >>> 8) & 255) * w01 + ((s10 >>> 8) & 255) * w10 + ((s11 >>> 8) & 255) * w11) * shade * gainG[col]!;
        const b = (((s00 >>> 16) & 255) * w00 + ((s01 >>> 16) & 255) * w01 + ((s10 >>> 16) & 255) * w10 + ((s11 >>> 16) & 255) * w11) * shade * gainB[col]!;
        out32[o >> 2] = (Math.min(255, r + 0.5) | 0) | ((Math.min(255, g + 0.5) | 0) << 8) | ((Math.min(255, b + 0.5) | 0) << 16) | 0xff000000;
        // w00 > 0 always (ax, ay < 1); the other taps count only when their weight is not 0.
        let m = mask[i00]!;
        if (ax > 0) m |= mask[i00 + 1]!;
        if (ay > 0) m |= ax > 0 ? mask[i00 + sw]! | mask[i00 + sw + 1]! : mask[i00 + sw]!;
        outMask[row * ow + col] = m;
        continue;
      }
      // Near or beyond the page edge: taps outside the page take the background colour.
      let bgFetched = false;
      acc[0] = acc[1] = acc[2] = 0;
      let m = 0;
      for (let t = 0; t < 4; t++) {
        const tx = x0 + (t & 1), ty = y0 + (t >> 1);
        const wt = ((t & 1) ? ax : 1 - ax) * ((t >> 1) ? ay : 1 - ay);
        if (wt <= 0) continue;
        if (tx >= 0 && ty >= 0 && tx < sw && ty < sh) {
          const p = (ty * sw + tx) * 4;
          acc[0] += src[p]! * wt * shade; acc[1] += src[p + 1]! * wt * shade; acc[2] += src[p + 2]! * wt * shade;
          m |= mask[ty * sw + tx]!;
        } else {
          if (!bgFetched) { background(col, row, bg, sx, sy); bgFetched = true; }
          acc[0] += bg[0]! * wt; acc[1] += bg[1]! * wt; acc[2] += bg[2]! * wt;
        }
      }
      out[o] = acc[0]! * gainR[col]!; out[o + 1] = acc[1]! * gainG[col]!; out[o + 2] = acc[2]! * gainB[col]!;
      outMask[row * ow + col] = m;
    }
  }
  return { image: { width: ow, height: oh, data: out }, mask: outMask };
}

/** The gains of one output row, interpolated from the coarse fields (rows first, then along the row). */
function rowGains(gains: [CoarseField, CoarseField, CoarseField], row: number, r: Float32Array, g: Float32Array, b: Float32Array): void {
  const f = gains[0], cell = f.cellPx, fw = f.width;
  const v = Math.min((row + 0.5) / cell, f.height - 1.001);
  const j = Math.floor(v), t = v - j;
  const out = [r, g, b];
  for (let c = 0; c < 3; c++) {
    const d = gains[c]!.data, o = out[c]!;
    const line = new Float32Array(fw);
    for (let i = 0; i < fw; i++) line[i] = d[j * fw + i]! * (1 - t) + d[(j + 1) * fw + i]! * t;
    for (let col = 0; col < o.length; col++) {
      const u = (col + 0.5) / cell;
      const i = u | 0;
      o[col] = line[i]! + (line[i + 1]! - line[i]!) * (u - i);
    }
  }
}

function curlConstants(curl: Curl, width: number, height: number) {
  const { vertical, flip, start } = curlAxis(curl, width, height);
  const r = curl.radiusPx;
  return { vertical, flip, start, r, maxSeen: r * Math.sin(curl.bandPx / r), shadeFraction: curl.shadeFraction, maxTilt: 1 - Math.cos(curl.bandPx / r) };
}

function words(data: Uint8ClampedArray): Int32Array {
  const aligned = data.byteOffset % 4 === 0 ? data : new Uint8ClampedArray(data);
  return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

/** Crop and pad alone move the page by whole pixels: copy rows instead of resampling. */
function isWholePixelShift(w: PageWarp): boolean {
  const h = w.homography;
  return !w.curl && !w.relief && w.lensK === 0 && Number.isInteger(w.offsetX) && Number.isInteger(w.offsetY) &&
    h[0] === 1 && h[1] === 0 && h[2] === 0 && h[3] === 0 && h[4] === 1 && h[5] === 0 && h[6] === 0 && h[7] === 0 && h[8] === 1;
}

function shiftPage(image: RgbaImage, mask: Uint16Array, warp: PageWarp, background: BackgroundFn): { image: RgbaImage; mask: Uint16Array } {
  const { width: sw, height: sh, data: src } = image;
  const ow = warp.outWidth, oh = warp.outHeight, dx = warp.offsetX, dy = warp.offsetY;
  const out = new Uint8ClampedArray(ow * oh * 4);
  const outMask = new Uint16Array(ow * oh);
  const bg = new Float32Array(3);
  const c0 = Math.max(0, dx), c1 = Math.min(ow, sw + dx);
  for (let row = 0; row < oh; row++) {
    const sr = row - dy;
    for (let col = 0; col < ow; col++) {
      if (sr >= 0 && sr < sh && col === c0 && c1 > c0) {
        out.set(src.subarray((sr * sw + c0 - dx) * 4, (sr * sw + c1 - dx) * 4), (row * ow + c0) * 4);
        outMask.set(mask.subarray(sr * sw + c0 - dx, sr * sw + c1 - dx), row * ow + c0);
        col = c1 - 1;
        continue;
      }
      const o = (row * ow + col) * 4;
      background(col, row, bg, col + 0.5 - dx, row + 0.5 - dy);
      out[o] = bg[0]!; out[o + 1] = bg[1]!; out[o + 2] = bg[2]!; out[o + 3] = 255;
    }
  }
  return { image: { width: ow, height: oh, data: out }, mask: outMask };
}
