import type { RgbaImage } from "../../render/types.js";
import { multiplyByFields, sampleField, type CoarseField } from "../field.js";
import { invertHomography } from "./homography.js";
import { curlAxis, curlInverse, type Curl, type PageWarp, type Relief } from "./pageWarp.js";

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
 * the tests). The lattice cells that lie wholly inside the page and away from the curl (most of
 * a page) take a fast loop: the map there is linear along the row, the wrinkles' relief folded
 * into the lattice (within 0.35 px of the exact relief, ~0.004 px on average, see the tests), no
 * bounds or curl tests per pixel. The other cells apply the curl and the relief exactly per pixel.
 * Gains and shading are one gain per lattice node; a page pixel costs integer work only
 * (bilinear weights in 1/256, fixed-point gains), and background and edge pixels are finished after each row.
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
  const lw = lattice.width, lh = lattice.height;
  const relief = warp.relief?.height ? warp.relief : null;
  // The exact smooth map (slow cells) and the map with the relief folded in (fast cells).
  const exactX = lattice.x, exactY = lattice.y;
  const folded = relief ? foldRelief(relief, exactX, exactY) : null;
  const latX = folded?.x ?? exactX, latY = folded?.y ?? exactY;
  // The light's gains and the wrinkles' shading, both smooth, as one gain per channel at the lattice's nodes.
  const hasGains = gains !== undefined || shading !== undefined;
  const latR = gains ? latticeOfField(gains[0], lw, lh) : new Float64Array(lw * lh).fill(1);
  const latG = gains ? latticeOfField(gains[1], lw, lh) : latR.slice(), latB = gains ? latticeOfField(gains[2], lw, lh) : latR.slice();
  if (shading) shadeLattice(shading, warp, exactX, exactY, latR, latG, latB);
  const row64 = () => new Float64Array(lw);
  const curl = warp.curl ? curlConstants(warp.curl, sw, sh) : null;
  const cVertical = curl?.vertical ?? false, cFlip = curl?.flip ?? false, cStart = curl?.start ?? 0;
  const cR = curl?.r ?? 1, cMaxSeen = curl?.maxSeen ?? 0, cShade = curl ? curl.shadeFraction / curl.maxTilt : 0;
  // A cell is fast only if its folded map stays this far before the curl's band (the relief moves points by at most |d|).
  const cMargin = relief ? Math.hypot(relief.dxPx, relief.dyPx) + 2 : 2;
  const rdx = relief?.dxPx ?? 0, rdy = relief?.dyPx ?? 0;
  const rInv = 1 / (relief?.height.cellPx ?? 1), rW = relief?.height.width ?? 0, rData = relief?.height.data ?? new Float32Array(4);
  const rUMax = (relief?.height.width ?? 1) - 1.001, rVMax = (relief?.height.height ?? 1) - 1.001;
  const bg = new Float32Array(3);
  const deferCol = new Int32Array(ow), deferX = new Float64Array(ow), deferY = new Float64Array(ow), deferGain = new Int32Array(ow * 6);
  const bgCols = new Int32Array(ow), bgX = new Float64Array(ow), bgY = new Float64Array(ow), bgAt = new Int32Array(ow), bgRgb = new Float32Array(3 * ow);
  const state: RowState = {
    ow, sw, sh, src32, out32, mask, outMask, lw, latX, latY, exactX, exactY, hasRelief: relief !== null, hasGains, latR, latG, latB,
    rowX: row64(), rowY: row64(), stepX: row64(), stepY: row64(), exRowX: row64(), exRowY: row64(), exStepX: row64(), exStepY: row64(),
    rowR: row64().fill(1), rowG: row64().fill(1), rowB: row64().fill(1), stepR: row64(), stepG: row64(), stepB: row64(),
    hasCurl: curl !== null, cVertical, cFlip, cStart, cR, cMaxSeen, cShade, cMargin, rdx, rdy, rInv, rW, rData, rUMax, rVMax,
    deferred: 0, deferCol, deferX, deferY, deferGain, bg, background, image, backgroundRows: backgroundRows ?? null, bgCols, bgX, bgY, bgAt, bgRgb,
  };
  for (let row = 0; row < oh; row++) resampleRow(state, row);
  return { image: { width: ow, height: oh, data: out }, mask: outMask };
}

type RowState = {
  ow: number; sw: number; sh: number; src32: Int32Array; out32: Int32Array; mask: Uint16Array; outMask: Uint16Array;
  lw: number; latX: Float64Array; latY: Float64Array; exactX: Float64Array; exactY: Float64Array; hasRelief: boolean;
  hasGains: boolean; latR: Float64Array; latG: Float64Array; latB: Float64Array;
  rowX: Float64Array; rowY: Float64Array; stepX: Float64Array; stepY: Float64Array;
  exRowX: Float64Array; exRowY: Float64Array; exStepX: Float64Array; exStepY: Float64Array;
  rowR: Float64Array; rowG: Float64Array; rowB: Float64Array; stepR: Float64Array; stepG: Float64Array; stepB: Float64Array;
  hasCurl: boolean; cVertical: boolean; cFlip: boolean; cStart: number; cR: number; cMaxSeen: number; cShade: number; cMargin: number;
  rdx: number; rdy: number; rInv: number; rW: number; rData: Float32Array; rUMax: number; rVMax: number;
  deferred: number; deferCol: Int32Array; deferX: Float64Array; deferY: Float64Array; deferGain: Int32Array;
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
/** Where in its lattice cell an output pixel's first centre lies. */
const F0 = 0.5 * CELL_INV;
/** A fast cell's first and last page points keep this far inside the bounds (stepping rounds by ~1e-12 px). */
const INSIDE_EPS = 1e-6;

/**
 * One output row, cell by cell (MAP_CELL_PX px): along a row the lattice's bilinear interpolant is
 * linear within each cell, so map and gains step by constant increments. A cell whose first and
 * last page points are inside the page and away from the curl has all its points there (they
 * lie on the segment between): its loop has no tests and few live values. Others go to slowCell.
 */
function resampleRow(state: RowState, row: number): void {
  const { ow, sw, sh, src32, out32, mask, outMask, lw, latX, latY, hasGains, latR, latG, latB, rowX, rowY, stepX, stepY, rowR, rowG, rowB, stepR, stepG, stepB, hasCurl, cVertical, cFlip, cStart, cMargin } = state;
  const v = (row + 0.5) * CELL_INV, j = v | 0, b = v - j;
  lerpRows(latX, j, b, lw, rowX, stepX);
  lerpRows(latY, j, b, lw, rowY, stepY);
  if (state.hasRelief) {
    lerpRows(state.exactX, j, b, lw, state.exRowX, state.exStepX);
    lerpRows(state.exactY, j, b, lw, state.exRowY, state.exStepY);
  }
  if (hasGains) {
    lerpRows(latR, j, b, lw, rowR, stepR);
    lerpRows(latG, j, b, lw, rowG, stepG);
    lerpRows(latB, j, b, lw, rowB, stepB);
  }
  const xLo = 0.5 + INSIDE_EPS, xHi = sw - 0.5 - INSIDE_EPS, yLo = 0.5 + INSIDE_EPS, yHi = sh - 0.5 - INSIDE_EPS;
  state.deferred = 0;
  let p = row * ow;
  for (let ci = 0, col = 0; col < ow; ci++) {
    const end = Math.min(ow, col + MAP_CELL_PX), last = end - col - 1;
    const dx = stepX[ci]! * CELL_INV, dy = stepY[ci]! * CELL_INV;
    let mx = rowX[ci]! + stepX[ci]! * F0, my = rowY[ci]! + stepY[ci]! * F0;
    const ex = mx + dx * last, ey = my + dy * last;
    let fast = mx >= xLo && my >= yLo && mx < xHi && my < yHi && ex >= xLo && ey >= yLo && ex < xHi && ey < yHi;
    if (fast && hasCurl) {
      const a0 = cVertical ? my : mx, a1 = cVertical ? ey : ex;
      fast = (cFlip ? cStart - Math.min(a0, a1) : Math.max(a0, a1) - cStart) <= -cMargin;
    }
    if (!fast) {
      slowCell(state, row, ci, col, end, p);
      p += end - col;
      col = end;
      continue;
    }
    let gr = ((rowR[ci]! + stepR[ci]! * F0) * GAIN_ACC) | 0, gg = ((rowG[ci]! + stepG[ci]! * F0) * GAIN_ACC) | 0, gb = ((rowB[ci]! + stepB[ci]! * F0) * GAIN_ACC) | 0;
    const dR = (stepR[ci]! * CELL_INV * GAIN_ACC) | 0, dG = (stepG[ci]! * CELL_INV * GAIN_ACC) | 0, dB = (stepB[ci]! * CELL_INV * GAIN_ACC) | 0;
    for (; col < end; col++, p++, mx += dx, my += dy, gr += dR, gg += dG, gb += dB) {
      const fx = mx - 0.5, fy = my - 0.5;
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
      const r = (Math.imul(rb & 0xffff, gr >> GAIN_EXTRA) + HALF) >> SHIFT, gv = (Math.imul(g, gg >> GAIN_EXTRA) + HALF) >> SHIFT, bv = (Math.imul(rb >>> 16, gb >> GAIN_EXTRA) + HALF) >> SHIFT;
      out32[p] = (r > 255 ? 255 : r) | ((gv > 255 ? 255 : gv) << 8) | ((bv > 255 ? 255 : bv) << 16) | 0xff000000;
      // The top-left tap always has weight (fax, fay < 1); the others count only when their weight is not 0.
      let m = mask[i00]!;
      if (fax > 0) m |= mask[i00 + 1]!;
      if (fay > 0) m |= fax > 0 ? mask[i00 + sw]! | mask[i00 + sw + 1]! : mask[i00 + sw]!;
      outMask[p] = m;
    }
  }
  if (state.deferred > 0) finishRow(state, row, state.deferred);
}

/**
 * A cell near the curl or the page's edge, pixel by pixel with the exact map: the curl and the
 * relief applied per pixel; pixels that show background or a page edge are left to finishRow.
 */
function slowCell(state: RowState, row: number, ci: number, col: number, end: number, p: number): void {
  const { sw, sh, src32, out32, mask, outMask, hasRelief, rowR, rowG, rowB, stepR, stepG, stepB, hasCurl, cVertical, cFlip, cStart, cR, cMaxSeen, cShade, rdx, rdy, rInv, rW, rData, rUMax, rVMax, deferCol, deferX, deferY, deferGain } = state;
  const rowX = hasRelief ? state.exRowX : state.rowX, rowY = hasRelief ? state.exRowY : state.rowY;
  const stepX = hasRelief ? state.exStepX : state.stepX, stepY = hasRelief ? state.exStepY : state.stepY;
  const sxMax = sw - 1, syMax = sh - 1;
  let deferred = state.deferred;
  const dx = stepX[ci]! * CELL_INV, dy = stepY[ci]! * CELL_INV;
  let mx = rowX[ci]! + stepX[ci]! * F0, my = rowY[ci]! + stepY[ci]! * F0;
  let gr = ((rowR[ci]! + stepR[ci]! * F0) * GAIN_ACC) | 0, gg = ((rowG[ci]! + stepG[ci]! * F0) * GAIN_ACC) | 0, gb = ((rowB[ci]! + stepB[ci]! * F0) * GAIN_ACC) | 0;
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
      const h = reliefAt(rData, rW, rInv, rUMax, rVMax, sx, sy);
      sx -= h * rdx;
      sy -= h * rdy;
    }
    const fx = sx - 0.5, fy = sy - 0.5;
    if (fx >= 0 && fy >= 0 && fx < sxMax && fy < syMax) {
      // The fast loop's arithmetic, written out again: as one shared function both loops ran
      // rotation alone x1.42 slower (15 pages interleaved; V8 did not inline it).
      const x0 = fx | 0, y0 = fy | 0, fax = fx - x0, fay = fy - y0;
      const i00 = y0 * sw + x0;
      const s00 = src32[i00]!, s01 = src32[i00 + 1]!, s10 = src32[i00 + sw]!, s11 = src32[i00 + sw + 1]!;
      const ax = (fax * 256 + 0.5) | 0, ay = (fay * 256 + 0.5) | 0;
      const w11 = (ax * ay + 128) >> 8, w01 = ax - w11, w10 = ay - w11, w00 = 256 - ax - ay + w11;
      const rb = (Math.imul(s00 & RB, w00) + Math.imul(s01 & RB, w01) + Math.imul(s10 & RB, w10) + Math.imul(s11 & RB, w11)) | 0;
      const g = Math.imul((s00 >> 8) & 255, w00) + Math.imul((s01 >> 8) & 255, w01) + Math.imul((s10 >> 8) & 255, w10) + Math.imul((s11 >> 8) & 255, w11);
      const r = (Math.imul(rb & 0xffff, kr) + HALF) >> SHIFT, gv = (Math.imul(g, kg) + HALF) >> SHIFT, bv = (Math.imul(rb >>> 16, kb) + HALF) >> SHIFT;
      out32[p] = (r > 255 ? 255 : r) | ((gv > 255 ? 255 : gv) << 8) | ((bv > 255 ? 255 : bv) << 16) | 0xff000000;
      let m = mask[i00]!;
      if (fax > 0) m |= mask[i00 + 1]!;
      if (fay > 0) m |= fax > 0 ? mask[i00 + sw]! | mask[i00 + sw + 1]! : mask[i00 + sw]!;
      outMask[p] = m;
      continue;
    }
    // Background or page edge (or off the curl: sx NaN): done after the row.
    deferCol[deferred] = col; deferX[deferred] = sx; deferY[deferred] = sy;
    const d6 = deferred * 6;
    deferGain[d6] = gr; deferGain[d6 + 1] = gg; deferGain[d6 + 2] = gb; deferGain[d6 + 3] = kr; deferGain[d6 + 4] = kg; deferGain[d6 + 5] = kb;
    deferred++;
  }
  state.deferred = deferred;
}

/** The relief's height at page point (x, y): sampleField (field.ts) inlined, clamped only off the page, so points and pixels move alike. */
function reliefAt(data: Float32Array, w: number, inv: number, uMax: number, vMax: number, x: number, y: number): number {
  let u = x * inv, v = y * inv;
  if (!(u >= 0 && v >= 0 && u <= uMax && v <= vMax)) { u = Math.min(Math.max(u, 0), uMax); v = Math.min(Math.max(v, 0), vMax); }
  const i = u | 0, j = v | 0, a = u - i, c = v - j, k = j * w + i;
  const top = data[k]! + (data[k + 1]! - data[k]!) * a, bottom = data[k + w]! + (data[k + w + 1]! - data[k + w]!) * a;
  return top + (bottom - top) * c;
}

/**
 * The smooth map with the relief applied at each lattice node (before the curl, which fast cells
 * never reach): the relief is smooth at the lattice's scale (its height field has 16 px cells and
 * gradients |grad h| |d| <= 1/8), so interpolating it between nodes errs by a small fraction of a px.
 */
export function foldRelief(relief: Relief, x: Float64Array, y: Float64Array): { x: Float64Array; y: Float64Array } {
  const f = relief.height, inv = 1 / f.cellPx, uMax = f.width - 1.001, vMax = f.height - 1.001;
  const fx = new Float64Array(x.length), fy = new Float64Array(y.length);
  for (let k = 0; k < x.length; k++) {
    const h = reliefAt(f.data, f.width, inv, uMax, vMax, x[k]!, y[k]!);
    fx[k] = x[k]! - h * relief.dxPx;
    fy[k] = y[k]! - h * relief.dyPx;
  }
  return { x: fx, y: fy };
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
      callPixel(background, col, row, bg, sx, sy);
      out32[p] = pack(bg[0]! * fr, bg[1]! * fg, bg[2]! * fb);
      continue;
    }
    edgePixel(image, mask, col, row, sx, sy, deferGain[d6 + 3]! * (1 / GAIN_ONE), deferGain[d6 + 4]! * (1 / GAIN_ONE), deferGain[d6 + 5]! * (1 / GAIN_ONE), fr, fg, fb, background, bg, out32, outMask, p);
  }
  if (m === 0) return;
  callRows(backgroundRows!, row, m, bgCols, bgX, bgY, bgRgb);
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
      if (!bgFetched) { callPixel(background, col, row, bg, sx, sy); bgFetched = true; }
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

/**
 * The background callbacks are per page (closures over that page's desk). Called from the row
 * code directly, V8 inlined them there, embedding the page's closure, and threw the optimised row
 * code away whenever a page was collected ("weak objects" deopts on every page). Called through
 * these sites, which warmUp makes megamorphic, they are never inlined.
 */
function callPixel(f: BackgroundFn, col: number, row: number, rgb: Float32Array, x: number, y: number): void {
  f(col, row, rgb, x, y);
}

function callRows(f: BackgroundRowsFn, row: number, n: number, cols: Int32Array, xs: Float64Array, ys: Float64Array, rgb: Float32Array): void {
  f(row, n, cols, xs, ys, rgb);
}

/** Distinct functions (not closures of one literal) that make a call site megamorphic. */
const DUMMIES: BackgroundFn[] = [(_c, _r, rgb) => rgb.fill(0), (_c, _r, rgb) => rgb.fill(1), (_c, _r, rgb) => rgb.fill(2), (_c, _r, rgb) => rgb.fill(3), (_c, _r, rgb) => rgb.fill(4)];
const DUMMY_ROWS: BackgroundRowsFn[] = [(_r, _n, _c, _x, _y, rgb) => rgb.fill(0), (_r, _n, _c, _x, _y, rgb) => rgb.fill(1), (_r, _n, _c, _x, _y, rgb) => rgb.fill(2), (_r, _n, _c, _x, _y, rgb) => rgb.fill(3), (_r, _n, _c, _x, _y, rgb) => rgb.fill(4)];

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
  const rgb = new Float32Array(3), none = new Int32Array(1), xy = new Float64Array(1);
  for (const f of DUMMIES) callPixel(f, 0, 0, rgb, 0, 0);
  for (const f of DUMMY_ROWS) callRows(f, 0, 0, none, xy, xy, rgb);
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
      callPixel(background, col, row, bg, col + 0.5 - dx, row + 0.5 - dy);
      out[o] = bg[0]!; out[o + 1] = bg[1]!; out[o + 2] = bg[2]!; out[o + 3] = 255;
    }
  }
  return { image: { width: ow, height: oh, data: out }, mask: outMask };
}
