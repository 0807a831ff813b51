import type { RgbaImage } from "../../render/types.js";
import { multiplyByFields, sampleField, type CoarseField } from "../field.js";
import { invertHomography } from "./homography.js";
import { curlAxis, curlInverse, type Curl, type PageWarp } from "./pageWarp.js";

/**
 * Colour of whatever lies around the page (desk, scanner lid) at output pixel (col, row);
 * (pageX, pageY) is where that pixel maps to in page coordinates (outside the page, or NaN).
 */
export type BackgroundFn = (col: number, row: number, rgb: Float32Array, pageX: number, pageY: number) => void;

/**
 * BackgroundFn for n pixels of one output row at once (columns cols[k], page points
 * (pageXs[k], pageYs[k])), RGB into rgb[3k..3k+2]: one call per row instead of one per pixel
 * (a call per pixel boxed its coordinates, tens of MB of garbage a photo page).
 */
export type BackgroundRowsFn = (row: number, n: number, cols: Int32Array, pageXs: Float64Array, pageYs: Float64Array, rgb: Float32Array) => void;

/** Output px between the nodes of the lattice on which the smooth part of the inverse map is evaluated. */
export const MAP_CELL_PX = 8;

/**
 * Resamples the page through `warp` in one pass: bilinear for the image, and for the mask the
 * union (bitwise OR) of the bits of every source pixel that contributes to the output pixel's
 * colour, so a trace never loses mask coverage when the map shrinks it. Output pixels that show
 * no page get the background; page edges blend into it. `gains` (optional, per channel, in output
 * space: the light) and `shading` (optional, in page space: the wrinkles' shading) multiply the
 * result in the same pass.
 * Speed: the smooth part of the inverse map (offset, lens, homography) is evaluated exactly on a
 * lattice every MAP_CELL_PX output px and interpolated bilinearly (error far below 0.01 px, see
 * the tests); the curl and the relief, which have kinks, are applied exactly per pixel. Gains and
 * shading are one gain per lattice node; a page pixel costs integer work only (bilinear weights
 * in 1/256, fixed-point gains), and background and edge pixels are finished after each row.
 */
export function resamplePage(image: RgbaImage, mask: Uint16Array, warp: PageWarp, background: BackgroundFn, gains?: [CoarseField, CoarseField, CoarseField], shading?: CoarseField, backgroundRows?: BackgroundRowsFn): { image: RgbaImage; mask: Uint16Array } {
  const { width: sw, height: sh, data: src } = image;
  const ow = warp.outWidth, oh = warp.outHeight;
  if (!warmedUp && ow * oh > WARM_UP_PX) warmUp();
  if (isWholePixelShift(warp) && !shading) {
    const shifted = shiftPage(image, mask, warp, background);
    if (gains) multiplyByFields(shifted.image.data, ow, oh, gains);
    return shifted;
  }
  const out = new Uint8ClampedArray(ow * oh * 4);
  // Whole pixels as 32-bit words (little-endian RGBA): one load per tap instead of three.
  const src32 = words(src);
  const out32 = new Int32Array(out.buffer);
  const outMask = new Uint16Array(ow * oh);
  const lattice = mapLattice(warp);
  const lw = lattice.width, latX = lattice.x, latY = lattice.y;
  // The light's gains and the wrinkles' shading, both smooth, as one gain per channel at the lattice's nodes.
  const hasGains = gains !== undefined || shading !== undefined;
  const latR = gains ? latticeOfField(gains[0], lw, lattice.height) : new Float64Array(lw * lattice.height).fill(1);
  const latG = gains ? latticeOfField(gains[1], lw, lattice.height) : latR.slice(), latB = gains ? latticeOfField(gains[2], lw, lattice.height) : latR.slice();
  if (shading) shadeLattice(shading, warp, latX, latY, latR, latG, latB);
  const rowX = new Float64Array(lw), rowY = new Float64Array(lw), stepX = new Float64Array(lw), stepY = new Float64Array(lw);
  const rowR = new Float64Array(lw).fill(1), rowG = new Float64Array(lw).fill(1), rowB = new Float64Array(lw).fill(1);
  const stepR = new Float64Array(lw), stepG = new Float64Array(lw), stepB = new Float64Array(lw);
  const curl = warp.curl ? curlConstants(warp.curl, sw, sh) : null;
  const hasCurl = curl !== null;
  const cVertical = curl?.vertical ?? false, cFlip = curl?.flip ?? false, cStart = curl?.start ?? 0;
  const cR = curl?.r ?? 1, cMaxSeen = curl?.maxSeen ?? 0, cShade = curl ? curl.shadeFraction / curl.maxTilt : 0;
  const relief = warp.relief?.height ? warp.relief : null;
  const hasRelief = relief !== null;
  const rdx = relief?.dxPx ?? 0, rdy = relief?.dyPx ?? 0;
  const rInv = 1 / (relief?.height.cellPx ?? 1), rW = relief?.height.width ?? 0, rData = relief?.height.data ?? new Float32Array(4);
  const rUMax = (relief?.height.width ?? 1) - 1.001, rVMax = (relief?.height.height ?? 1) - 1.001;
  const bg = new Float32Array(3);
  const deferCol = new Int32Array(ow), deferX = new Float64Array(ow), deferY = new Float64Array(ow), deferGain = new Int32Array(ow * 6);
  // One call per row: the hot loop sits in a small function V8 optimises once for all calls.
  const bgCols = new Int32Array(ow), bgX = new Float64Array(ow), bgY = new Float64Array(ow), bgAt = new Int32Array(ow), bgRgb = new Float32Array(3 * ow);
  const state: RowState = { ow, sw, sh, src32, out32, mask, outMask, lw, latX, latY, hasGains, latR, latG, latB, rowX, rowY, stepX, stepY, rowR, rowG, rowB, stepR, stepG, stepB, hasCurl, cVertical, cFlip, cStart, cR, cMaxSeen, cShade, hasRelief, rdx, rdy, rInv, rW, rData, rUMax, rVMax, deferCol, deferX, deferY, deferGain, bg, background, image, backgroundRows: backgroundRows ?? null, bgCols, bgX, bgY, bgAt, bgRgb };
  for (let row = 0; row < oh; row++) resampleRow(state, row);
  return { image: { width: ow, height: oh, data: out }, mask: outMask };
}

type RowState = {
  ow: number; sw: number; sh: number; src32: Int32Array; out32: Int32Array; mask: Uint16Array; outMask: Uint16Array;
  lw: number; latX: Float64Array; latY: Float64Array; hasGains: boolean; latR: Float64Array; latG: Float64Array; latB: Float64Array;
  rowX: Float64Array; rowY: Float64Array; stepX: Float64Array; stepY: Float64Array;
  rowR: Float64Array; rowG: Float64Array; rowB: Float64Array; stepR: Float64Array; stepG: Float64Array; stepB: Float64Array;
  hasCurl: boolean; cVertical: boolean; cFlip: boolean; cStart: number; cR: number; cMaxSeen: number; cShade: number;
  hasRelief: boolean; rdx: number; rdy: number; rInv: number; rW: number; rData: Float32Array; rUMax: number; rVMax: number;
  deferCol: Int32Array; deferX: Float64Array; deferY: Float64Array; deferGain: Int32Array;
  bg: Float32Array; background: BackgroundFn; image: RgbaImage;
  backgroundRows: BackgroundRowsFn | null; bgCols: Int32Array; bgX: Float64Array; bgY: Float64Array; bgAt: Int32Array; bgRgb: Float32Array;
};

const CELL_INV = 1 / MAP_CELL_PX;
/** Red and blue bytes of an RGBA word. */
const RB = 0x00ff00ff;
/** Gains: accumulated along a row with 24 fractional bits, applied with 12 (GAIN_ONE = gain 1). */
const GAIN_ACC = 1 << 24, GAIN_EXTRA = 12, GAIN_ONE = 1 << 12;
/** A bilinear sum (level * 256) times a gain (* GAIN_ONE) back to a level, rounded. */
const SHIFT = 20, HALF = 1 << 19;

function resampleRow(state: RowState, row: number): void {
  const { ow, sw, sh, src32, out32, mask, outMask, lw, latX, latY, hasGains, latR, latG, latB, rowX, rowY, stepX, stepY, rowR, rowG, rowB, stepR, stepG, stepB, hasCurl, cVertical, cFlip, cStart, cR, cMaxSeen, cShade, hasRelief, rdx, rdy, rInv, rW, rData, rUMax, rVMax, deferCol, deferX, deferY, deferGain } = state;
  let deferred = 0, rK = -1, r00 = 0, r01 = 0, r10 = 0, r11 = 0;
  const v = (row + 0.5) * CELL_INV, j = v | 0, b = v - j;
  lerpRows(latX, j, b, lw, rowX, stepX);
  lerpRows(latY, j, b, lw, rowY, stepY);
  if (hasGains) {
    lerpRows(latR, j, b, lw, rowR, stepR);
    lerpRows(latG, j, b, lw, rowG, stepG);
    lerpRows(latB, j, b, lw, rowB, stepB);
  }
  const sxMax = sw - 1, syMax = sh - 1;
  let p = row * ow;
  // Along a row the lattice's bilinear interpolant is linear within each cell: step by constant
  // increments. Gains run in fixed point (GAIN_ONE = 1), so a page pixel costs integer work only.
  for (let ci = 0, col = 0; col < ow; ci++) {
    const end = Math.min(ow, col + MAP_CELL_PX);
    const f0 = 0.5 * CELL_INV;
    const dx = stepX[ci]! * CELL_INV, dy = stepY[ci]! * CELL_INV;
    let mx = rowX[ci]! + stepX[ci]! * f0, my = rowY[ci]! + stepY[ci]! * f0;
    let gr = ((rowR[ci]! + stepR[ci]! * f0) * GAIN_ACC) | 0, gg = ((rowG[ci]! + stepG[ci]! * f0) * GAIN_ACC) | 0, gb = ((rowB[ci]! + stepB[ci]! * f0) * GAIN_ACC) | 0;
    const dR = (stepR[ci]! * CELL_INV * GAIN_ACC) | 0, dG = (stepG[ci]! * CELL_INV * GAIN_ACC) | 0, dB = (stepB[ci]! * CELL_INV * GAIN_ACC) | 0;
    for (; col < end; col++, p++, mx += dx, my += dy, gr += dR, gg += dG, gb += dB) {
      let sx = mx, sy = my;
      let kr = gr >> GAIN_EXTRA, kg = gg >> GAIN_EXTRA, kb = gb >> GAIN_EXTRA;
      if (hasCurl) {
        // Inline form of curlInverse (pageWarp.ts) plus the curl's shading (1 - cos(t / r), written with sqrt).
        const cv = cVertical ? sy : sx;
        const seen = cFlip ? cStart - cv : cv - cStart;
        if (seen > 0) {
          if (seen > cMaxSeen) {
            sx = NaN;
          } else {
            const q = seen / cR;
            const t = cR * Math.asin(q);
            const page = cFlip ? cStart - t : cStart + t;
            if (cVertical) sy = page; else sx = page;
            const f = 1 - cShade * (1 - Math.sqrt(1 - q * q));
            kr = (kr * f) | 0; kg = (kg * f) | 0; kb = (kb * f) | 0;
          }
        }
      }
      if (hasRelief && sx === sx) {
        // sampleField (field.ts) inlined (clamped only off the page), so points and pixels move alike.
        let u = sx * rInv, w = sy * rInv;
        if (!(u >= 0 && w >= 0 && u <= rUMax && w <= rVMax)) { u = Math.min(Math.max(u, 0), rUMax); w = Math.min(Math.max(w, 0), rVMax); }
        const i = u | 0, jj = w | 0, a = u - i, c = w - jj, k = jj * rW + i;
        // Neighbouring pixels mostly fall in the same cell of the height field: reuse its corners.
        if (k !== rK) { rK = k; r00 = rData[k]!; r01 = rData[k + 1]!; r10 = rData[k + rW]!; r11 = rData[k + rW + 1]!; }
        const top = r00 + (r01 - r00) * a, bottom = r10 + (r11 - r10) * a;
        const h = top + (bottom - top) * c;
        sx -= h * rdx;
        sy -= h * rdy;
      }
      const fx = sx - 0.5, fy = sy - 0.5;
      // Inside the page: truncation is floor, and the indices stay small integers (fast loads).
      if (fx >= 0 && fy >= 0 && fx < sxMax && fy < syMax) {
        const x0 = fx | 0, y0 = fy | 0, fax = fx - x0, fay = fy - y0;
        const i00 = y0 * sw + x0;
        const s00 = src32[i00]!, s01 = src32[i00 + 1]!, s10 = src32[i00 + sw]!, s11 = src32[i00 + sw + 1]!;
        // Bilinear weights in 1/256 (rounded) summing to 256; red and blue computed together in the
        // two 16-bit halves of one integer (no carry: 255 * 256 < 65536).
        const ax = (fax * 256 + 0.5) | 0, ay = (fay * 256 + 0.5) | 0;
        const w11 = (ax * ay + 128) >> 8, w01 = ax - w11, w10 = ay - w11, w00 = 256 - ax - ay + w11;
        const rb = (Math.imul(s00 & RB, w00) + Math.imul(s01 & RB, w01) + Math.imul(s10 & RB, w10) + Math.imul(s11 & RB, w11)) | 0;
        const g = Math.imul((s00 >> 8) & 255, w00) + Math.imul((s01 >> 8) & 255, w01) + Math.imul((s10 >> 8) & 255, w10) + Math.imul((s11 >> 8) & 255, w11);
        // Level * 256 times gain * GAIN_ONE, rounded back to a level (< 2^31 for gains below 8).
        const r = (Math.imul(rb & 0xffff, kr) + HALF) >> SHIFT, gv = (Math.imul(g, kg) + HALF) >> SHIFT, bv = (Math.imul(rb >>> 16, kb) + HALF) >> SHIFT;
        out32[p] = (r > 255 ? 255 : r) | ((gv > 255 ? 255 : gv) << 8) | ((bv > 255 ? 255 : bv) << 16) | 0xff000000;
        // The top-left tap always has weight (fax, fay < 1); the others count only when their weight is not 0.
        let m = mask[i00]!;
        if (fax > 0) m |= mask[i00 + 1]!;
        if (fay > 0) m |= fax > 0 ? mask[i00 + sw]! | mask[i00 + sw + 1]! : mask[i00 + sw]!;
        outMask[p] = m;
        continue;
      }
      // Background or page edge (or off the curl: sx NaN): done after the row, outside this loop.
      deferCol[deferred] = col; deferX[deferred] = sx; deferY[deferred] = sy;
      const d6 = deferred * 6;
      deferGain[d6] = gr; deferGain[d6 + 1] = gg; deferGain[d6 + 2] = gb; deferGain[d6 + 3] = kr; deferGain[d6 + 4] = kg; deferGain[d6 + 5] = kb;
      deferred++;
    }
  }
  if (deferred > 0) finishRow(state, row, deferred);
}

/**
 * The pixels of a row that show background or a page edge. Kept out of resampleRow, whose loop then
 * calls nothing: a call to the per-page background closure there made V8 throw away the loop's
 * optimised code on every new page.
 */
function finishRow(state: RowState, row: number, n: number): void {
  const { ow, sw, sh, out32, mask, outMask, deferCol, deferX, deferY, deferGain, bg, background, image, backgroundRows, bgCols, bgX, bgY, bgAt, bgRgb } = state;
  let m = 0;
  for (let d = 0; d < n; d++) {
    const col = deferCol[d]!, sx = deferX[d]!, sy = deferY[d]!, p = row * ow + col, d6 = d * 6;
    const fr = deferGain[d6]! * (1 / GAIN_ACC), fg = deferGain[d6 + 1]! * (1 / GAIN_ACC), fb = deferGain[d6 + 2]! * (1 / GAIN_ACC);
    const fx = sx - 0.5, fy = sy - 0.5;
    if (sx !== sx || fx < -1 || fy < -1 || fx >= sw || fy >= sh) {
      // No tap on the page (a photo's desk): the background alone, edgePixel's result without its loop.
      if (backgroundRows) {
        bgCols[m] = col; bgX[m] = sx; bgY[m] = sy; bgAt[m] = d6; m++;
        continue;
      }
      background(col, row, bg, sx, sy);
      out32[p] = pack(bg[0]! * fr, bg[1]! * fg, bg[2]! * fb);
      continue;
    }
    edgePixel(image, mask, col, row, sx, sy, deferGain[d6 + 3]! * (1 / GAIN_ONE), deferGain[d6 + 4]! * (1 / GAIN_ONE), deferGain[d6 + 5]! * (1 / GAIN_ONE), fr, fg, fb, background, bg, out32, outMask, p);
  }
  if (m === 0) return;
  backgroundRows!(row, m, bgCols, bgX, bgY, bgRgb);
  for (let k = 0, q = 0; k < m; k++, q += 3) {
    const d6 = bgAt[k]!;
    out32[row * ow + bgCols[k]!] = pack(bgRgb[q]! * (deferGain[d6]! * (1 / GAIN_ACC)), bgRgb[q + 1]! * (deferGain[d6 + 1]! * (1 / GAIN_ACC)), bgRgb[q + 2]! * (deferGain[d6 + 2]! * (1 / GAIN_ACC)));
  }
}

/** RGB (rounded, clamped to 255; never negative here) as one opaque RGBA word. */
function pack(r: number, g: number, b: number): number {
  return (Math.min(255, r + 0.5) | 0) | ((Math.min(255, g + 0.5) | 0) << 8) | ((Math.min(255, b + 0.5) | 0) << 16) | 0xff000000;
}

/** Near or beyond the page edge: taps outside the page take the background colour. */
function edgePixel(image: RgbaImage, mask: Uint16Array, col: number, row: number, sx: number, sy: number, sr: number, sg: number, sb: number,
  gr: number, gg: number, gb: number, background: BackgroundFn, bg: Float32Array, out32: Int32Array, outMask: Uint16Array, p: number): void {
  const { width: sw, height: sh, data: src } = image;
  const fx = sx - 0.5, fy = sy - 0.5;
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  const ax = fx - x0, ay = fy - y0;
  let bgFetched = false, r = 0, g = 0, b = 0, m = 0;
  for (let t = 0; t < 4; t++) {
    const tx = x0 + (t & 1), ty = y0 + (t >> 1);
    const wt = ((t & 1) ? ax : 1 - ax) * ((t >> 1) ? ay : 1 - ay);
    if (wt <= 0) continue;
    if (tx >= 0 && ty >= 0 && tx < sw && ty < sh) {
      const q = (ty * sw + tx) * 4;
      r += src[q]! * wt * sr; g += src[q + 1]! * wt * sg; b += src[q + 2]! * wt * sb;
      m |= mask[ty * sw + tx]!;
    } else {
      if (!bgFetched) { background(col, row, bg, sx, sy); bgFetched = true; }
      r += bg[0]! * wt * gr; g += bg[1]! * wt * gg; b += bg[2]! * wt * gb;
    }
  }
  out32[p] = pack(r, g, b);
  outMask[p] = m;
}

/**
 * The smooth part of the inverse map (offset, lens, homography: output -> page before the curl)
 * evaluated exactly at output points (i, j) * MAP_CELL_PX, one node beyond the image on each side.
 */
export function mapLattice(warp: PageWarp): { width: number; height: number; x: Float64Array; y: Float64Array } {
  const width = Math.ceil(warp.outWidth / MAP_CELL_PX) + 2, height = Math.ceil(warp.outHeight / MAP_CELL_PX) + 2;
  const x = new Float64Array(width * height), y = new Float64Array(width * height);
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = invertHomography(warp.homography);
  const lensK = warp.lensK, cx = warp.frameWidth / 2, cy = warp.frameHeight / 2, invR2 = 1 / (cx * cx + cy * cy);
  for (let j = 0, k = 0; j < height; j++) {
    for (let i = 0; i < width; i++, k++) {
      let px = i * MAP_CELL_PX - warp.offsetX, py = j * MAP_CELL_PX - warp.offsetY;
      if (lensK !== 0) {
        const ex = px - cx, ey = py - cy;
        const f = 1 + lensK * (ex * ex + ey * ey) * invR2;
        px = cx + ex * f;
        py = cy + ey * f;
      }
      const w = h6 * px + h7 * py + h8;
      x[k] = (h0 * px + h1 * py + h2) / w;
      y[k] = (h3 * px + h4 * py + h5) / w;
    }
  }
  return { width, height, x, y };
}

/** Row `j + b` of a lattice (lw nodes a row), and the steps between its nodes. */
function lerpRows(lat: Float64Array, j: number, b: number, lw: number, row: Float64Array, step: Float64Array): void {
  for (let i = 0, k = j * lw; i < lw; i++, k++) row[i] = lat[k]! + (lat[k + lw]! - lat[k]!) * b;
  for (let i = 0; i + 1 < lw; i++) step[i] = row[i + 1]! - row[i]!;
}

/** A coarse field sampled at the map lattice's nodes, as sampleField does (clamped at its border). */
function latticeOfField(f: CoarseField, lw: number, lh: number): Float64Array {
  const out = new Float64Array(lw * lh);
  for (let j = 0, k = 0; j < lh; j++) for (let i = 0; i < lw; i++, k++) out[k] = sampleField(f, i * MAP_CELL_PX, j * MAP_CELL_PX);
  return out;
}

/**
 * Multiplies the wrinkles' shading (page space) into gain lattices: sampled where each node shows
 * the page (through the smooth map and the curl; the relief's shift of a few px is below the
 * shading's 8 px cells), and 1 where it shows no page (from two cells beyond the page's edge on:
 * nodes just outside keep the edge's shading, so the page's last pixels are not blended toward 1),
 * so the desk is not shaded.
 */
function shadeLattice(shading: CoarseField, warp: PageWarp, latX: Float64Array, latY: Float64Array, latR: Float64Array, latG: Float64Array, latB: Float64Array): void {
  const w = warp.pageWidth, h = warp.pageHeight, EDGE = 2 * MAP_CELL_PX;
  for (let k = 0; k < latX.length; k++) {
    const [x, y] = curlInverse(warp.curl, w, h, latX[k]!, latY[k]!);
    if (!(x >= -EDGE && y >= -EDGE && x <= w + EDGE && y <= h + EDGE)) continue;
    const f = sampleField(shading, x, y);
    latR[k] = latR[k]! * f; latG[k] = latG[k]! * f; latB[k] = latB[k]! * f;
  }
}

let warmedUp = false;
const WARM_UP_PX = 100_000;

/**
 * Runs every branch of resampleRow once on tiny pages (curl along both axes and both directions,
 * relief, gains, background, page edges), so V8 has type feedback for all of them when it
 * optimises: otherwise each page whose combination of artifacts was not yet seen threw the
 * optimised loop away and ran part of the page in slower tiers (~0.1 s per page).
 */
function warmUp(): void {
  warmedUp = true;
  const w = 48, h = 40, image = { width: w, height: h, data: new Uint8ClampedArray(w * h * 4).fill(200) }, mask = new Uint16Array(w * h);
  const field = { width: 8, height: 8, cellPx: 8, data: new Float32Array(64).fill(0.5) };
  const gains: [CoarseField, CoarseField, CoarseField] = [field, field, field];
  for (const edge of ["bottom", "left"] as const) {
    const warp: PageWarp = {
      pageWidth: w, pageHeight: h, relief: { height: field, dxPx: 0.5, dyPx: 0.5 }, curl: { edge, bandPx: 12, radiusPx: 8, shadeFraction: 0.1 },
      homography: [0.9, 0.05, 3.3, -0.05, 0.9, 2.7, 0, 0, 1], lensK: 0, frameWidth: w, frameHeight: h, offsetX: 0.5, offsetY: 0.5, outWidth: w, outHeight: h,
    };
    resamplePage(image, mask, warp, (_c, _r, rgb) => rgb.fill(100), gains, field);
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
