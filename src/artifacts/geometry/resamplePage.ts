import type { RgbaImage } from "../../render/types.js";
import { multiplyByFields, sampleField, type CoarseField } from "../field.js";
import { takeBytes } from "../sensor/bufferPool.js";
import { invertHomography } from "./homography.js";
import { curlAxis, type Curl, type PageWarp, type Relief } from "./pageWarp.js";

/**
 * Colour of whatever lies around the page (desk, scanner lid) at frame point (x, y) (an output
 * pixel's centre, in px of the warp's output frame: col + 0.5, row + 0.5 at full size);
 * (pageX, pageY) is where that point maps to in page coordinates (outside the page, or NaN).
 */
export type BackgroundFn = (x: number, y: number, rgb: Float32Array, pageX: number, pageY: number) => void;

/**
 * BackgroundFn for n pixels of one output row at once (frame points (xs[k], y), page points
 * (pageXs[k], pageYs[k])), RGB into rgb[3k..3k+2]: one call per row instead of one per pixel
 * (a call per pixel boxed its coordinates, tens of MB of garbage a photo page).
 */
export type BackgroundRowsFn = (y: number, n: number, xs: Float64Array, pageXs: Float64Array, pageYs: Float64Array, rgb: Float32Array) => void;

/**
 * BackgroundFn for the cells of one output row that lie wholly off the page, in integers: cell m
 * covers columns cols[m] .. cols[m] + lens[m] - 1 (frame points (col + 0.5, y)), its page points
 * start at (page[4m], page[4m + 1]) and step by (page[4m + 2], page[4m + 3]) a column (NaN: none);
 * RGB words (red in the low byte) into words[col]. One call a row instead of lists per pixel.
 */
export type BackgroundCellsFn = (y: number, count: number, cols: Int32Array, lens: Int32Array, page: Float64Array, words: Int32Array) => void;

/**
 * Which outputs resamplePage makes: both (default), the image only (the returned mask is empty),
 * or the mask only (the returned image's data is empty; the background is never asked for).
 */
export type ResampleParts = "both" | "image" | "mask";

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
 * bounds or curl tests per pixel, and the mask's taps only where the source holds trace pixels
 * nearby. Cells wholly off the page go to the background without a map per pixel. The other
 * cells apply the curl and the relief exactly per pixel.
 * Gains and shading are one gain per lattice node; a page pixel costs integer work only
 * (bilinear weights in 1/256, fixed-point gains), and background and edge pixels are finished after each row.
 */
export function resamplePage(image: RgbaImage, mask: Uint16Array, warp: PageWarp, background: BackgroundFn, gains?: [CoarseField, CoarseField, CoarseField], shading?: CoarseField, backgroundRows?: BackgroundRowsFn, backgroundCells?: BackgroundCellsFn, parts: ResampleParts = "both"): { image: RgbaImage; mask: Uint16Array } {
  const { width: sw, height: sh, data: src } = image;
  const ow = warp.outWidth, oh = warp.outHeight;
  if (!warmedUp && ow * oh > WARM_UP_PX) warmUp();
  const withImage = parts !== "mask", withMask = parts !== "image";
  if (isWholePixelShift(warp) && !shading && parts === "both") {
    const shifted = shiftPage(image, mask, warp, background);
    if (gains) multiplyByFields(shifted.image.data, ow, oh, gains);
    return shifted;
  }
  // Every pixel is written below: a pooled buffer needs no clearing (the caller may give it back, see sensor/bufferPool.ts).
  const out = withImage ? takeBytes(ow * oh * 4) : new Uint8ClampedArray(0);
  // Whole pixels as 32-bit words (little-endian RGBA): one load per tap instead of three.
  const src32 = words(src);
  const out32 = new Int32Array(out.buffer, out.byteOffset, out.length >> 2);
  const outMask = new Uint16Array(withMask ? ow * oh : 0);
  // The lattices in arrays kept from call to call (see scratch).
  const n = latticeSize(ow) * latticeSize(oh);
  const lattice = mapLattice(warp, scratch(0, n), scratch(1, n));
  const lw = lattice.width, lh = lattice.height;
  const relief = warp.relief?.height ? warp.relief : null;
  // The exact smooth map (slow cells) and the map with the relief folded in (fast cells).
  const exactX = lattice.x, exactY = lattice.y;
  const folded = relief ? foldRelief(relief, exactX, exactY, scratch(2, n), scratch(3, n)) : null;
  const latX = folded?.x ?? exactX, latY = folded?.y ?? exactY;
  // The light's gains and the wrinkles' shading, both smooth, as one gain per channel at the lattice's nodes (none for the mask alone).
  const latR = withImage ? scratch(4, n) : NO_GAINS, latG = withImage ? scratch(5, n) : NO_GAINS, latB = withImage ? scratch(6, n) : NO_GAINS;
  if (withImage && gains) { latticeOfField(gains[0], lw, lh, latR); latticeOfField(gains[1], lw, lh, latG); latticeOfField(gains[2], lw, lh, latB); }
  else if (withImage) { latR.fill(1); latG.fill(1); latB.fill(1); }
  if (shading && withImage) shadeLattice(shading, warp, exactX, exactY, latR, latG, latB);
  const curl = warp.curl ? curlConstants(warp.curl, sw, sh) : null;
  const cVertical = curl?.vertical ?? false, cFlip = curl?.flip ?? false, cStart = curl?.start ?? 0;
  const cR = curl?.r ?? 1, cMaxSeen = curl?.maxSeen ?? 0, cShade = curl ? curl.shadeFraction / curl.maxTilt : 0;
  const curlTable = curl ? curlLookup(cR, cMaxSeen, cShade) : { t: new Float64Array(2), f: new Float64Array(2), end: 0 };
  // How far a cell's map, before the relief, must stay from the curl's band to be fast, or beyond the page to be all desk (the relief moves points by at most |d|).
  const cMargin = relief ? Math.hypot(relief.dxPx, relief.dyPx) + 2 : 2;
  const rdx = relief?.dxPx ?? 0, rdy = relief?.dyPx ?? 0;
  const rInv = 1 / (relief?.height.cellPx ?? 1), rW = relief?.height.width ?? 0, rData = relief?.height.data ?? new Float32Array(4);
  const rUMax = (relief?.height.width ?? 1) - 1.001, rVMax = (relief?.height.height ?? 1) - 1.001;
  const bg = new Float32Array(3);
  const deferCol = new Int32Array(ow), deferX = new Float64Array(ow), deferY = new Float64Array(ow), deferGain = new Int32Array(ow * 6);
  const bgCols = new Int32Array(ow), bgX = new Float64Array(ow), bgY = new Float64Array(ow), bgGain = new Int32Array(3 * ow), bgRgb = new Float32Array(3 * ow);
  const state: RowState = {
    ow, sw, sh, src32, out32, mask, outMask, lw, latX, latY, exactX, exactY, hasRelief: relief !== null, latR, latG, latB,
    k0: 0, b: 0, cell: new Float64Array(4), cellGain: new Int32Array(6),
    hasCurl: curl !== null, cVertical, cFlip, cStart, cR, cMaxSeen, cShade, cMargin, cT: curlTable.t, cF: curlTable.f, cTableEnd: curlTable.end, rdx, rdy, rInv, rW, rData, rUMax, rVMax,
    deferred: 0, deferCol, deferX, deferY, deferGain, bg, background, image, backgroundRows: backgroundRows ?? null, backgroundCells: backgroundCells ?? null, deskCount: 0, deskCols: new Int32Array(ow), deskLens: new Int32Array(ow), deskPage: new Float64Array(4 * ow), deskGain: new Int32Array(6 * ow), bgCount: 0, bgCols, bgX, bgY, bgGain, bgRgb, bgFrameXs: new Float64Array(ow), bgWords: new Int32Array(ow),
    // Without a mask to make, no block holds trace: the fast cells skip their taps.
    blocks: withMask ? maskBlocks(mask, sw, sh) : new Uint8Array(((sw >> BLOCK_SHIFT) + 1) * ((sh >> BLOCK_SHIFT) + 1)), blocksWidth: (sw >> BLOCK_SHIFT) + 1, taps: tapArrays(),
    withImage, withMask, near: null, box: new Float64Array(4), rowX: new Float64Array(lw), rowY: new Float64Array(lw), rowR: new Float64Array(lw), rowG: new Float64Array(lw), rowB: new Float64Array(lw), blockSums: NO_SUMS,
  };
  if (withImage) {
    for (let row = 0; row < oh; row++) resampleRow(state, row);
  } else {
    // The mask alone: only the lattice cells (MAP_CELL_PX px square) whose taps may reach a trace pixel (a small part of a page).
    const near = new Uint8Array(lw);
    state.near = near;
    state.blockSums = blockSums(state.blocks, state.blocksWidth, ((sh >> BLOCK_SHIFT) + 1));
    for (let j = 0; j * MAP_CELL_PX < oh; j++) {
      if (!markNearTrace(state, j, near)) continue;
      for (let row = j * MAP_CELL_PX; row < Math.min(oh, (j + 1) * MAP_CELL_PX); row++) resampleRow(state, row);
    }
  }
  return { image: { width: ow, height: oh, data: out }, mask: outMask };
}

type RowState = {
  ow: number; sw: number; sh: number; src32: Int32Array; out32: Int32Array; mask: Uint16Array; outMask: Uint16Array;
  lw: number; latX: Float64Array; latY: Float64Array; exactX: Float64Array; exactY: Float64Array; hasRelief: boolean;
  latR: Float64Array; latG: Float64Array; latB: Float64Array;
  k0: number; b: number; cell: Float64Array; cellGain: Int32Array;
  hasCurl: boolean; cVertical: boolean; cFlip: boolean; cStart: number; cR: number; cMaxSeen: number; cShade: number; cMargin: number;
  cT: Float64Array; cF: Float64Array; cTableEnd: number;
  rdx: number; rdy: number; rInv: number; rW: number; rData: Float32Array; rUMax: number; rVMax: number;
  deferred: number; deferCol: Int32Array; deferX: Float64Array; deferY: Float64Array; deferGain: Int32Array;
  bg: Float32Array; background: BackgroundFn; image: RgbaImage;
  backgroundRows: BackgroundRowsFn | null; backgroundCells: BackgroundCellsFn | null; deskCount: number; deskCols: Int32Array; deskLens: Int32Array; deskPage: Float64Array; deskGain: Int32Array; bgCount: number; bgCols: Int32Array; bgX: Float64Array; bgY: Float64Array; bgGain: Int32Array; bgRgb: Float32Array; bgFrameXs: Float64Array; bgWords: Int32Array;
  blocks: Uint8Array; blocksWidth: number; taps: Taps; withImage: boolean; withMask: boolean;
  /** The mask alone: 1 for the lattice cells of the current rows that may reach trace (the others are skipped). */
  near: Uint8Array | null;
  box: Float64Array;
  rowX: Float64Array; rowY: Float64Array; rowR: Float64Array; rowG: Float64Array; rowB: Float64Array;
  /** The mask alone: summed-area table of `blocks` ((bw + 1) x (bh + 1)), for nearTrace. */
  blockSums: Int32Array;
};

/** Lattice nodes along an output side of `px` pixels: one every MAP_CELL_PX, and one beyond each end. */
const latticeSize = (px: number): number => Math.ceil(px / MAP_CELL_PX) + 2;

/** Lattice-sized arrays kept between calls (resamplePage is synchronous: no two calls use them at once): slot `slot`, n values. */
const SCRATCH: Float64Array[] = [];
function scratch(slot: number, n: number): Float64Array {
  let a = SCRATCH[slot];
  if (!a || a.length < n) SCRATCH[slot] = a = new Float64Array(Math.ceil(n * 1.25));
  return a.subarray(0, n);
}

/** Stand-ins for what a pass does not use (the gains for the mask alone, the block sums for the image). */
const NO_GAINS = new Float64Array(0), NO_SUMS = new Int32Array(0);

const CELL_INV = 1 / MAP_CELL_PX;
/** Red and blue bytes of an RGBA word. */
const RB = 0x00ff00ff;
/** Gains: accumulated along a row with 24 fractional bits, applied with 12 (GAIN_ONE = gain 1). */
const GAIN_ACC = 1 << 24, GAIN_EXTRA = 12, GAIN_ONE = 1 << 12;
/** A bilinear sum (level * 256) times a gain (* GAIN_ONE) back to a level, rounded. */
const SHIFT = 20, HALF = 1 << 19;
/** Where in its lattice cell an output pixel's first centre lies. */
const F0 = 0.5 * CELL_INV;
/** A fast cell's first and last page points keep this far inside the bounds (fixed-point stepping errs by < 1e-4 px). */
const INSIDE_EPS = 1e-3;
/** 16.16 fixed point. */
const FIX = 65536;

/**
 * One output row, cell by cell (MAP_CELL_PX px): along a row the lattice's bilinear interpolant is
 * linear within each cell, so map and gains step by constant increments. A cell whose first and
 * last page points are inside the page and away from the curl has all its points there (they
 * lie on the segment between): its loop has no tests and few live values. Cells wholly off the
 * page go to deskCell, the others to slowCell.
 */
function resampleRow(state: RowState, row: number): void {
  const { ow, sw, sh, src32, out32, mask, outMask, hasCurl, cVertical, cFlip, cStart, cMargin, cellGain } = state;
  const v = (row + 0.5) * CELL_INV, j = v | 0;
  state.k0 = j * state.lw;
  state.b = v - j;
  rowNodes(state);
  const rowX = state.rowX, rowY = state.rowY;
  const xLo = 0.5 + INSIDE_EPS, xHi = sw - 0.5 - INSIDE_EPS, yLo = 0.5 + INSIDE_EPS, yHi = sh - 0.5 - INSIDE_EPS;
  state.deferred = 0;
  state.bgCount = 0;
  state.deskCount = 0;
  let p = row * ow;
  const near = state.near;
  for (let ci = 0, col = 0; col < ow; ci++) {
    const end = Math.min(ow, col + MAP_CELL_PX), last = end - col - 1;
    if (near !== null && near[ci] === 0) {
      p += end - col;
      col = end;
      continue;
    }
    // The folded map at the cell's first pixel, and its step (cellMap's arithmetic on the row's nodes).
    const x0 = rowX[ci]!, x1 = rowX[ci + 1]!, y0 = rowY[ci]!, y1 = rowY[ci + 1]!;
    const mx = x0 + (x1 - x0) * F0, my = y0 + (y1 - y0) * F0, dx = (x1 - x0) * CELL_INV, dy = (y1 - y0) * CELL_INV;
    const ex = mx + dx * last, ey = my + dy * last;
    const inside = mx >= xLo && my >= yLo && mx < xHi && my < yHi && ex >= xLo && ey >= yLo && ex < xHi && ey < yHi;
    let fast = inside;
    if (fast && hasCurl) {
      const a0 = cVertical ? my : mx, a1 = cVertical ? ey : ex;
      fast = (cFlip ? cStart - Math.min(a0, a1) : Math.max(a0, a1) - cStart) <= -cMargin;
    }
    if (!fast) {
      // The exact smooth map of the cell into state.cell, once for whichever of the three takes it.
      cellMap(state, ci);
      if (!(inside && hasCurl && curlCell(state, ci, col, end, p)) && !deskCell(state, ci, col, end)) slowCell(state, ci, col, end, p);
      p += end - col;
      col = end;
      continue;
    }
    // The tap point (mx - 0.5, my - 0.5) in 16.16 fixed point: stepping errs by < 1e-4 px over a cell.
    let fx = ((mx - 0.5) * FIX + 0.5) | 0, fy = ((my - 0.5) * FIX + 0.5) | 0;
    const dfx = Math.round(dx * FIX), dfy = Math.round(dy * FIX);
    if (cellHasMask(state.blocks, state.blocksWidth, fx, fy, fx + dfx * last, fy + dfy * last)) maskCell(mask, outMask, sw, fx, fy, dfx, dfy, p, end - col);
    if (!state.withImage) {
      p += end - col;
      col = end;
      continue;
    }
    cellGains(state, ci);
    let gr = cellGain[0]!, gg = cellGain[1]!, gb = cellGain[2]!;
    const dR = cellGain[3]!, dG = cellGain[4]!, dB = cellGain[5]!;
    for (; col < end; col++, p++, fx += dfx, fy += dfy, gr += dR, gg += dG, gb += dB) {
      const i00 = (fy >> 16) * sw + (fx >> 16);
      const s00 = src32[i00]!, s01 = src32[i00 + 1]!, s10 = src32[i00 + sw]!, s11 = src32[i00 + sw + 1]!;
      // Bilinear weights in 1/256 (rounded) summing to 256; red and blue computed together in the
      // two 16-bit halves of one integer (no carry: 255 * 256 < 65536).
      const ax = ((fx & 0xffff) + 128) >> 8, ay = ((fy & 0xffff) + 128) >> 8;
      const w11 = (ax * ay + 128) >> 8, w01 = ax - w11, w10 = ay - w11, w00 = 256 - ax - ay + w11;
      const rb = (Math.imul(s00 & RB, w00) + Math.imul(s01 & RB, w01) + Math.imul(s10 & RB, w10) + Math.imul(s11 & RB, w11)) | 0;
      const g = Math.imul((s00 >> 8) & 255, w00) + Math.imul((s01 >> 8) & 255, w01) + Math.imul((s10 >> 8) & 255, w10) + Math.imul((s11 >> 8) & 255, w11);
      // Level * 256 times gain * GAIN_ONE, rounded back to a level (< 2^31 for gains below 8).
      const r = (Math.imul(rb & 0xffff, gr >> GAIN_EXTRA) + HALF) >> SHIFT, gv = (Math.imul(g, gg >> GAIN_EXTRA) + HALF) >> SHIFT, bv = (Math.imul(rb >>> 16, gb >> GAIN_EXTRA) + HALF) >> SHIFT;
      out32[p] = (r > 255 ? 255 : r) | ((gv > 255 ? 255 : gv) << 8) | ((bv > 255 ? 255 : bv) << 16) | 0xff000000;
    }
  }
  if (state.deferred > 0 || state.bgCount > 0 || state.deskCount > 0) finishRow(state, row);
}

/**
 * A cell near the curl or the page's edge, pixel by pixel with the exact map: the curl and the
 * relief applied per pixel; pixels that show background or a page edge are left to finishRow.
 */
function slowCell(state: RowState, ci: number, col: number, end: number, p: number): void {
  const { sw, sh, hasRelief, hasCurl, cVertical, cFlip, cStart, cR, cMaxSeen, cShade, cT, cF, cTableEnd, rdx, rdy, rInv, rW, rData, rUMax, rVMax, deferCol, deferX, deferY, deferGain } = state;
  const { tP, tI, tAx, tAy, tFlags, tKr, tKg, tKb } = state.taps;
  const sxMax = sw - 1, syMax = sh - 1;
  let deferred = state.deferred, taps = 0;
  const { cell, cellGain } = state;
  // The mask alone: a cell whose taps cannot reach a trace pixel leaves its zeros (most of the curl's band).
  if (!state.withImage) {
    const box = state.box;
    box[0] = cell[0]!; box[1] = cell[1]!; box[2] = cell[0]! + cell[2]! * (end - col - 1); box[3] = cell[1]! + cell[3]! * (end - col - 1);
    if (!nearTrace(state)) return;
  }
  if (state.withImage) cellGains(state, ci);
  let mx = cell[0]!, my = cell[1]!, gr = cellGain[0]!, gg = cellGain[1]!, gb = cellGain[2]!;
  const dx = cell[2]!, dy = cell[3]!, dR = cellGain[3]!, dG = cellGain[4]!, dB = cellGain[5]!;
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
          let t: number, f: number;
          if (seen < cTableEnd) {
            const u = seen * CURL_STEPS_PER_PX, i = u | 0, a = u - i;
            t = cT[i]! + (cT[i + 1]! - cT[i]!) * a;
            f = cF[i]! + (cF[i + 1]! - cF[i]!) * a;
          } else {
            const q = seen / cR;
            t = cR * Math.asin(q);
            f = 1 - cShade * (1 - Math.sqrt(1 - q * q));
          }
          const page = cFlip ? cStart - t : cStart + t;
          if (cVertical) sy = page; else sx = page;
          kr = (kr * f) | 0; kg = (kg * f) | 0; kb = (kb * f) | 0;
        }
      }
    }
    const bx = sx, by = sy;
    if (hasRelief && sx === sx) {
      const h = reliefAt(rData, rW, rInv, rUMax, rVMax, sx, sy);
      sx -= h * rdx;
      sy -= h * rdy;
    }
    const fx = sx - 0.5, fy = sy - 0.5;
    if (!(fx >= -1 && fy >= -1 && fx < sw && fy < sh)) {
      // No tap on the page (or off the curl: NaN): background, its shadow placed by the page point before the relief.
      pushBackground(state, col, bx, by, gr, gg, gb);
      continue;
    }
    if (fx >= 0 && fy >= 0 && fx < sxMax && fy < syMax) {
      // A page pixel: its taps and gains, drawn by tapCell after the loop.
      const x0 = fx | 0, y0 = fy | 0, fax = fx - x0, fay = fy - y0;
      tP[taps] = p; tI[taps] = y0 * sw + x0; tAx[taps] = (fax * 256 + 0.5) | 0; tAy[taps] = (fay * 256 + 0.5) | 0;
      tFlags[taps] = (fax > 0 ? 1 : 0) | (fay > 0 ? 2 : 0); tKr[taps] = kr; tKg[taps] = kg; tKb[taps] = kb;
      taps++;
      continue;
    }
    // A page edge: done after the row.
    deferCol[deferred] = col; deferX[deferred] = sx; deferY[deferred] = sy;
    const d6 = deferred * 6;
    deferGain[d6] = gr; deferGain[d6 + 1] = gg; deferGain[d6 + 2] = gb; deferGain[d6 + 3] = kr; deferGain[d6 + 4] = kg; deferGain[d6 + 5] = kb;
    deferred++;
  }
  state.deferred = deferred;
  if (taps > 0) tapCell(state, taps);
}

/**
 * A cell inside the page and in the curl's band (short of where its table ends): the curl per
 * pixel from the table, the relief's shift linear between the cell's ends (as the fast cells'
 * lattice holds it), no bounds tests per pixel; its taps drawn by tapCell. False (nothing done)
 * if the cell reaches past the table, or the page's edge. ~3x faster than slowCell's exact map.
 */
function curlCell(state: RowState, ci: number, col: number, end: number, p: number): boolean {
  const { sw, sh, cVertical, cFlip, cStart, cT, cF, cTableEnd, hasRelief, rdx, rdy, rInv, rW, rData, rUMax, rVMax } = state;
  const { tP, tI, tAx, tAy, tFlags, tKr, tKg, tKb } = state.taps;
  const cell = state.cell, n = end - col, last = n - 1;
  const mx = cell[0]!, my = cell[1]!, dx = cell[2]!, dy = cell[3]!;
  // Distance into the band ("seen", before the curl) and the coordinate across the axis, both linear along the cell.
  const s0 = cVertical ? (cFlip ? cStart - my : my - cStart) : (cFlip ? cStart - mx : mx - cStart);
  const ds = cVertical ? (cFlip ? -dy : dy) : (cFlip ? -dx : dx);
  if (!(Math.max(s0, s0 + ds * last) < cTableEnd)) return false;
  const c0 = cVertical ? mx : my, dc = cVertical ? dx : dy;
  // The relief's shift at both ends' curled points.
  let h0 = 0, h1 = 0;
  const box = state.box;
  for (let e = 0; e < 2; e++) {
    const sv = s0 + ds * last * e, u = sv * CURL_STEPS_PER_PX, i = u | 0;
    const t = sv > 0 ? cT[i]! + (cT[i + 1]! - cT[i]!) * (u - i) : sv, along = cFlip ? cStart - t : cStart + t, across = c0 + dc * last * e;
    const px = cVertical ? across : along, py = cVertical ? along : across;
    const h = hasRelief ? reliefAt(rData, rW, rInv, rUMax, rVMax, px, py) : 0;
    box[2 * e] = px - h * rdx; box[2 * e + 1] = py - h * rdy;
    if (e === 0) h0 = h; else h1 = h;
  }
  // Both ends a px inside the page (plus how far the linear relief may stray between them): every tap is on the page.
  const m = 1 + Math.abs(h1 - h0) * (Math.abs(rdx) + Math.abs(rdy));
  if (!(Math.min(box[0]!, box[2]!) >= 0.5 + m && Math.max(box[0]!, box[2]!) < sw - 0.5 - m && Math.min(box[1]!, box[3]!) >= 0.5 + m && Math.max(box[1]!, box[3]!) < sh - 0.5 - m)) return false;
  cellGains(state, ci);
  const cellGain = state.cellGain, hx = h0 * rdx, hy = h0 * rdy, dhx = last > 0 ? ((h1 - h0) * rdx) / last : 0, dhy = last > 0 ? ((h1 - h0) * rdy) / last : 0;
  let gr = cellGain[0]!, gg = cellGain[1]!, gb = cellGain[2]!;
  const dR = cellGain[3]!, dG = cellGain[4]!, dB = cellGain[5]!;
  for (let k = 0; k < n; k++, gr += dR, gg += dG, gb += dB) {
    const sv = s0 + ds * k;
    let t = sv, f = 1;
    if (sv > 0) {
      const u = sv * CURL_STEPS_PER_PX, i = u | 0, a = u - i;
      t = cT[i]! + (cT[i + 1]! - cT[i]!) * a;
      f = cF[i]! + (cF[i + 1]! - cF[i]!) * a;
    }
    const along = cFlip ? cStart - t : cStart + t, across = c0 + dc * k;
    const fx = (cVertical ? across : along) - hx - dhx * k - 0.5, fy = (cVertical ? along : across) - hy - dhy * k - 0.5;
    const x0 = fx | 0, y0 = fy | 0, fax = fx - x0, fay = fy - y0;
    tP[k] = p + k; tI[k] = y0 * sw + x0; tAx[k] = (fax * 256 + 0.5) | 0; tAy[k] = (fay * 256 + 0.5) | 0;
    tFlags[k] = (fax > 0 ? 1 : 0) | (fay > 0 ? 2 : 0);
    tKr[k] = ((gr >> GAIN_EXTRA) * f) | 0; tKg[k] = ((gg >> GAIN_EXTRA) * f) | 0; tKb[k] = ((gb >> GAIN_EXTRA) * f) | 0;
  }
  tapCell(state, n);
  return true;
}

/** A slow cell's page pixels, as slowCell listed them (output index, top-left tap, weights in 1/256, which taps count for the mask, gains * GAIN_ONE). */
interface Taps { tP: Int32Array; tI: Int32Array; tAx: Int32Array; tAy: Int32Array; tFlags: Int32Array; tKr: Int32Array; tKg: Int32Array; tKb: Int32Array }

const tapArrays = (): Taps => ({ tP: new Int32Array(MAP_CELL_PX), tI: new Int32Array(MAP_CELL_PX), tAx: new Int32Array(MAP_CELL_PX), tAy: new Int32Array(MAP_CELL_PX), tFlags: new Int32Array(MAP_CELL_PX), tKr: new Int32Array(MAP_CELL_PX), tKg: new Int32Array(MAP_CELL_PX), tKb: new Int32Array(MAP_CELL_PX) });

/**
 * The fast loop's arithmetic for the n pixels slowCell listed, and their mask. Kept out of
 * slowCell, whose per-pixel map then holds fewer live values (slowCell ran at ~100 ns a pixel).
 */
function tapCell(state: RowState, n: number): void {
  const { sw, src32, out32, mask, outMask } = state;
  const { tP, tI, tAx, tAy, tFlags, tKr, tKg, tKb } = state.taps;
  const { withImage, withMask } = state;
  for (let k = 0; k < n; k++) {
    const p = tP[k]!, i00 = tI[k]!;
    if (withMask) {
      const f = tFlags[k]!;
      let m = mask[i00]!;
      if (f & 1) m |= mask[i00 + 1]!;
      if (f & 2) m |= f & 1 ? mask[i00 + sw]! | mask[i00 + sw + 1]! : mask[i00 + sw]!;
      outMask[p] = m;
    }
    if (!withImage) continue;
    // The fast loop's arithmetic, written out again: as one shared per-pixel function both loops
    // ran rotation alone x1.42 slower (15 pages interleaved; V8 did not inline it).
    const ax = tAx[k]!, ay = tAy[k]!, kr = tKr[k]!, kg = tKg[k]!, kb = tKb[k]!;
    const s00 = src32[i00]!, s01 = src32[i00 + 1]!, s10 = src32[i00 + sw]!, s11 = src32[i00 + sw + 1]!;
    const w11 = (ax * ay + 128) >> 8, w01 = ax - w11, w10 = ay - w11, w00 = 256 - ax - ay + w11;
    const rb = (Math.imul(s00 & RB, w00) + Math.imul(s01 & RB, w01) + Math.imul(s10 & RB, w10) + Math.imul(s11 & RB, w11)) | 0;
    const g = Math.imul((s00 >> 8) & 255, w00) + Math.imul((s01 >> 8) & 255, w01) + Math.imul((s10 >> 8) & 255, w10) + Math.imul((s11 >> 8) & 255, w11);
    const r = (Math.imul(rb & 0xffff, kr) + HALF) >> SHIFT, gv = (Math.imul(g, kg) + HALF) >> SHIFT, bv = (Math.imul(rb >>> 16, kb) + HALF) >> SHIFT;
    out32[p] = (r > 255 ? 255 : r) | ((gv > 255 ? 255 : gv) << 8) | ((bv > 255 ? 255 : bv) << 16) | 0xff000000;
  }
}

/**
 * Whether any source block within reach of the page points of a cell whose smooth map runs from
 * (x0, y0) to (x1, y1) (state.box, not arguments: V8 boxes double arguments of calls it does not
 * inline, MBs a page) holds trace: along the curl's axis the page points lie between the curled
 * ends (the curl is monotonic; past its fold, up to the band's end), and the relief moves them by
 * less than cMargin.
 */
function nearTrace(state: RowState): boolean {
  const box = state.box;
  if (state.hasCurl) {
    const { cVertical, cFlip, cStart, cR, cMaxSeen } = state;
    // Each end's coordinate along the curl's axis to the page's: r asin(seen / r), the band's end past the fold.
    for (let e = cVertical ? 1 : 0; e < 4; e += 2) {
      const seen = cFlip ? cStart - box[e]! : box[e]! - cStart;
      if (!(seen > 0)) continue;
      const t = cR * Math.asin(Math.min(1, Math.min(seen, cMaxSeen) / cR));
      box[e] = cFlip ? cStart - t : cStart + t;
    }
  }
  const x0 = box[0]!, y0 = box[1]!, x1 = box[2]!, y1 = box[3]!;
  const m = state.cMargin + 1, sw = state.sw, sh = state.sh;
  const lx = Math.min(Math.max(Math.min(x0, x1) - m, 0), sw - 1), hx = Math.min(Math.max(Math.max(x0, x1) + m, 0), sw - 1);
  const ly = Math.min(Math.max(Math.min(y0, y1) - m, 0), sh - 1), hy = Math.min(Math.max(Math.max(y0, y1) + m, 0), sh - 1);
  if (!(lx <= hx && ly <= hy)) return true;
  // Blocks holding the taps of points in [lx, hx] x [ly, hy] (tap px floor(p - 0.5) and the next), counted in the summed-area table.
  const S = state.blockSums, w = state.blocksWidth + 1;
  const bx0 = (lx - 0.5) >> BLOCK_SHIFT, bx1 = ((hx + 0.5) >> BLOCK_SHIFT) + 1, by0 = (ly - 0.5) >> BLOCK_SHIFT, by1 = ((hy + 0.5) >> BLOCK_SHIFT) + 1;
  const i0 = bx0 < 0 ? 0 : bx0, j0 = by0 < 0 ? 0 : by0;
  return S[by1 * w + bx1]! - S[j0 * w + bx1]! - S[by1 * w + i0]! + S[j0 * w + i0]! > 0;
}

/** Summed-area table of a bw x bh grid of 0/1: entry (j, i) of (bw + 1) columns counts the cells above and left of it. */
function blockSums(blocks: Uint8Array, bw: number, bh: number): Int32Array {
  const w = bw + 1, S = new Int32Array(w * (bh + 1));
  for (let j = 0; j < bh; j++) {
    let run = 0;
    for (let i = 0; i < bw; i++) {
      run += blocks[j * bw + i]!;
      S[(j + 1) * w + i + 1] = S[j * w + i + 1]! + run;
    }
  }
  return S;
}

/**
 * For the mask alone: marks (near[i] = 1) the cells of lattice row j whose taps may reach a trace
 * pixel. A cell's map points lie within its four nodes' hull (the interpolant is bilinear).
 * True if any was marked.
 */
function markNearTrace(state: RowState, j: number, near: Uint8Array): boolean {
  const { lw, exactX: X, exactY: Y } = state;
  let any = false;
  for (let i = 0; i + 1 < lw; i++) {
    const k = j * lw + i, a = X[k]!, b = X[k + 1]!, c = X[k + lw]!, d = X[k + lw + 1]!, e = Y[k]!, f = Y[k + 1]!, g = Y[k + lw]!, h = Y[k + lw + 1]!;
    const box = state.box;
    box[0] = Math.min(a, b, c, d); box[1] = Math.min(e, f, g, h); box[2] = Math.max(a, b, c, d); box[3] = Math.max(e, f, g, h);
    const hit = nearTrace(state);
    near[i] = hit ? 1 : 0;
    any ||= hit;
  }
  return any;
}

/** Source blocks of 2^BLOCK_SHIFT px square (maskBlocks reads a block's row as 8 pixels). */
const BLOCK_SHIFT = 3;

/** 1 for each source block holding a trace pixel: most of a page holds none, and its cells skip the mask's taps. */
function maskBlocks(mask: Uint16Array, sw: number, sh: number): Uint8Array {
  const bw = (sw >> BLOCK_SHIFT) + 1, blocks = new Uint8Array(bw * ((sh >> BLOCK_SHIFT) + 1)), full = sw & ~7;
  // Two pixels a load when every row starts on a 4-byte boundary.
  const words = mask.byteOffset % 4 === 0 && sw % 2 === 0 ? new Int32Array(mask.buffer, mask.byteOffset, (sw * sh) >> 1) : null;
  for (let y = 0; y < sh; y++) {
    const b = (y >> BLOCK_SHIFT) * bw, i = y * sw;
    // Eight pixels (one block's row) ORed, then one test.
    if (words) {
      for (let x = 0, k = i >> 1; x < full; x += 8, k += 4) if ((words[k]! | words[k + 1]! | words[k + 2]! | words[k + 3]!) !== 0) blocks[b + (x >> 3)] = 1;
    } else {
      for (let x = 0; x < full; x += 8) {
        const k = i + x;
        if ((mask[k]! | mask[k + 1]! | mask[k + 2]! | mask[k + 3]! | mask[k + 4]! | mask[k + 5]! | mask[k + 6]! | mask[k + 7]!) !== 0) blocks[b + (x >> 3)] = 1;
      }
    }
    for (let x = full; x < sw; x++) if (mask[i + x] !== 0) blocks[b + (x >> 3)] = 1;
  }
  return blocks;
}

/** Whether any block under the taps of a fast cell (first tap point (fx0, fy0), last (fx1, fy1), 16.16) holds a trace pixel. */
function cellHasMask(blocks: Uint8Array, bw: number, fx0: number, fy0: number, fx1: number, fy1: number): boolean {
  const s = 16 + BLOCK_SHIFT;
  const bx0 = Math.min(fx0, fx1) >> s, bx1 = (Math.max(fx0, fx1) + FIX) >> s, by0 = Math.min(fy0, fy1) >> s, by1 = (Math.max(fy0, fy1) + FIX) >> s;
  for (let by = by0; by <= by1; by++) for (let bx = bx0; bx <= bx1; bx++) if (blocks[by * bw + bx] !== 0) return true;
  return false;
}

/** A fast cell's mask: the OR of the taps with weight (fraction not 0), as the pixels' bilinear uses them. */
function maskCell(mask: Uint16Array, outMask: Uint16Array, sw: number, fx: number, fy: number, dfx: number, dfy: number, p: number, n: number): void {
  for (let k = 0; k < n; k++, p++, fx += dfx, fy += dfy) {
    const i00 = (fy >> 16) * sw + (fx >> 16), tx = (fx & 0xffff) !== 0;
    let m = mask[i00]!;
    if (tx) m |= mask[i00 + 1]!;
    if ((fy & 0xffff) !== 0) m |= tx ? mask[i00 + sw]! | mask[i00 + sw + 1]! : mask[i00 + sw]!;
    outMask[p] = m;
  }
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
export function foldRelief(relief: Relief, x: Float64Array, y: Float64Array, intoX?: Float64Array, intoY?: Float64Array): { x: Float64Array; y: Float64Array } {
  const f = relief.height, inv = 1 / f.cellPx, uMax = f.width - 1.001, vMax = f.height - 1.001;
  const fx = intoX ?? new Float64Array(x.length), fy = intoY ?? new Float64Array(y.length);
  for (let k = 0; k < x.length; k++) {
    const h = reliefAt(f.data, f.width, inv, uMax, vMax, x[k]!, y[k]!);
    fx[k] = x[k]! - h * relief.dxPx;
    fy[k] = y[k]! - h * relief.dyPx;
  }
  return { x: fx, y: fy };
}

/** Queues an output pixel that shows no page for finishRow (gains accumulated as in the cells, * GAIN_ACC). */
function pushBackground(state: RowState, col: number, x: number, y: number, gr: number, gg: number, gb: number): void {
  const m = state.bgCount++;
  state.bgCols[m] = col; state.bgX[m] = x; state.bgY[m] = y;
  state.bgGain[3 * m] = gr; state.bgGain[3 * m + 1] = gg; state.bgGain[3 * m + 2] = gb;
}

/**
 * A cell whose points all lie more than cMargin px beyond one edge of the page (before the curl
 * and the relief), on a side the curl does not reach or wholly past the curled-away band: its
 * pixels go to the background without a per-pixel map. True if it was one.
 */
function deskCell(state: RowState, ci: number, col: number, end: number): boolean {
  const { sw, sh, hasCurl, cVertical, cFlip, cStart, cMaxSeen, cMargin, cell, cellGain } = state;
  let mx = cell[0]!, my = cell[1]!;
  const dx = cell[2]!, dy = cell[3]!, last = end - col - 1;
  const ex = mx + dx * last, ey = my + dy * last;
  if (!((mx < -cMargin && ex < -cMargin) || (my < -cMargin && ey < -cMargin) || (mx > sw + cMargin && ex > sw + cMargin) || (my > sh + cMargin && ey > sh + cMargin))) return false;
  let curledAway = false;
  if (hasCurl) {
    const s0 = cFlip ? cStart - (cVertical ? my : mx) : (cVertical ? my : mx) - cStart, s1 = cFlip ? cStart - (cVertical ? ey : ex) : (cVertical ? ey : ex) - cStart;
    curledAway = s0 > cMaxSeen && s1 > cMaxSeen;
    if (!curledAway && !(s0 <= 0 && s1 <= 0)) return false;
  }
  // The mask alone: nothing to draw (the background holds no trace).
  if (!state.withImage) return true;
  cellGains(state, ci);
  let gr = cellGain[0]!, gg = cellGain[1]!, gb = cellGain[2]!;
  const dR = cellGain[3]!, dG = cellGain[4]!, dB = cellGain[5]!;
  if (state.backgroundCells) {
    // Drawn with the row's other such cells in finishRow.
    const m = state.deskCount++, q = 4 * m, g6 = 6 * m;
    state.deskCols[m] = col; state.deskLens[m] = end - col;
    state.deskPage[q] = curledAway ? NaN : mx; state.deskPage[q + 1] = curledAway ? NaN : my; state.deskPage[q + 2] = dx; state.deskPage[q + 3] = dy;
    state.deskGain[g6] = gr; state.deskGain[g6 + 1] = gg; state.deskGain[g6 + 2] = gb; state.deskGain[g6 + 3] = dR; state.deskGain[g6 + 4] = dG; state.deskGain[g6 + 5] = dB;
    return true;
  }
  for (; col < end; col++, mx += dx, my += dy, gr += dR, gg += dG, gb += dB) pushBackground(state, col, curledAway ? NaN : mx, curledAway ? NaN : my, gr, gg, gb);
  return true;
}

/**
 * The pixels of a row that show background or a page edge. Kept out of resampleRow, whose loop then
 * calls nothing: a call to the per-page background closure there made V8 throw away the loop's
 * optimised code on every new page.
 */
function finishRow(state: RowState, row: number): void {
  const { ow, out32, deferCol, deferX, deferY, bg, background, backgroundRows, bgCols, bgX, bgY, bgGain, bgRgb } = state;
  const frameY = row + 0.5;
  if (!state.withImage) {
    // The mask alone: the page edges' taps; the background holds no trace.
    for (let d = 0; d < state.deferred; d++) edgePixel(state, deferCol[d]!, frameY, deferX[d]!, deferY[d]!, row * ow + deferCol[d]!, d * 6);
    return;
  }
  if (state.deskCount > 0) deskCells(state, row);
  for (let d = 0; d < state.deferred; d++) {
    const col = deferCol[d]!, d6 = d * 6;
    edgePixel(state, col, frameY, deferX[d]!, deferY[d]!, row * ow + col, d6);
  }
  const m = state.bgCount;
  if (m === 0) return;
  const xs = state.bgFrameXs;
  for (let k = 0; k < m; k++) xs[k] = bgCols[k]! + 0.5;
  if (backgroundRows) callRows(backgroundRows, frameY, m, xs, bgX, bgY, bgRgb);
  else for (let k = 0; k < m; k++) {
    callPixel(background, xs[k]!, frameY, bg, bgX[k]!, bgY[k]!);
    bgRgb[3 * k] = bg[0]!; bgRgb[3 * k + 1] = bg[1]!; bgRgb[3 * k + 2] = bg[2]!;
  }
  for (let k = 0, q = 0; k < m; k++, q += 3) {
    out32[row * ow + bgCols[k]!] = pack(bgRgb[q]! * (bgGain[q]! * (1 / GAIN_ACC)), bgRgb[q + 1]! * (bgGain[q + 1]! * (1 / GAIN_ACC)), bgRgb[q + 2]! * (bgGain[q + 2]! * (1 / GAIN_ACC)));
  }
}

/** The row's cells wholly off the page: the background's words for all of them in one call, then the light's gains. */
function deskCells(state: RowState, row: number): void {
  const { deskCount: n, deskCols, deskLens, deskGain, bgWords: words, out32 } = state;
  callCells(state.backgroundCells!, row + 0.5, n, deskCols, deskLens, state.deskPage, words);
  for (let m = 0; m < n; m++) {
    const g6 = 6 * m, col = deskCols[m]!, end = col + deskLens[m]!;
    let gr = deskGain[g6]!, gg = deskGain[g6 + 1]!, gb = deskGain[g6 + 2]!;
    const dR = deskGain[g6 + 3]!, dG = deskGain[g6 + 4]!, dB = deskGain[g6 + 5]!;
    for (let c = col, p = row * state.ow + col; c < end; c++, p++, gr += dR, gg += dG, gb += dB) {
      // A level times gain * GAIN_ONE, rounded back to a level.
      const w = words[c]!, r = ((w & 255) * (gr >> GAIN_EXTRA) + 2048) >> 12, g = (((w >> 8) & 255) * (gg >> GAIN_EXTRA) + 2048) >> 12, b = (((w >> 16) & 255) * (gb >> GAIN_EXTRA) + 2048) >> 12;
      out32[p] = (r > 255 ? 255 : r) | ((g > 255 ? 255 : g) << 8) | ((b > 255 ? 255 : b) << 16) | 0xff000000;
    }
  }
}

/** RGB (rounded, clamped to 255; never negative here) as one opaque RGBA word. */
function pack(r: number, g: number, b: number): number {
  return (Math.min(255, r + 0.5) | 0) | ((Math.min(255, g + 0.5) | 0) << 8) | ((Math.min(255, b + 0.5) | 0) << 16) | 0xff000000;
}

/**
 * Near or beyond the page edge (page point (sx, sy)): taps outside the page take
 * the background colour. Gains as slowCell left them in deferGain at d6.
 */
function edgePixel(state: RowState, col: number, frameY: number, sx: number, sy: number, p: number, d6: number): void {
  const { sw, sh, mask, outMask, deferGain: dg, bg, background, out32 } = state;
  const src = state.image.data;
  const sr = dg[d6 + 3]! * (1 / GAIN_ONE), sg = dg[d6 + 4]! * (1 / GAIN_ONE), sb = dg[d6 + 5]! * (1 / GAIN_ONE);
  const gr = dg[d6]! * (1 / GAIN_ACC), gg = dg[d6 + 1]! * (1 / GAIN_ACC), gb = dg[d6 + 2]! * (1 / GAIN_ACC);
  const fx = sx - 0.5, fy = sy - 0.5;
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  const ax = fx - x0, ay = fy - y0;
  let bgFetched = false, r = 0, g = 0, b = 0, m = 0;
  for (let t = 0; t < 4; t++) {
    const tx = x0 + (t & 1), ty = y0 + (t >> 1);
    const wt = ((t & 1) ? ax : 1 - ax) * ((t >> 1) ? ay : 1 - ay);
    if (wt <= 0) continue;
    if (tx >= 0 && ty >= 0 && tx < sw && ty < sh) {
      if (state.withMask) m |= mask[ty * sw + tx]!;
      if (!state.withImage) continue;
      const q = (ty * sw + tx) * 4;
      r += src[q]! * wt * sr; g += src[q + 1]! * wt * sg; b += src[q + 2]! * wt * sb;
    } else {
      if (!state.withImage) continue;
      if (!bgFetched) { callPixel(background, col + 0.5, frameY, bg, sx, sy); bgFetched = true; }
      r += bg[0]! * wt * gr; g += bg[1]! * wt * gg; b += bg[2]! * wt * gb;
    }
  }
  if (state.withImage) out32[p] = pack(r, g, b);
  if (state.withMask) outMask[p] = m;
}

/**
 * The smooth part of the inverse map (offset, lens, homography: output -> page before the curl)
 * evaluated exactly at output points (i, j) * MAP_CELL_PX, one node beyond the image on each side.
 */
export function mapLattice(warp: PageWarp, intoX?: Float64Array, intoY?: Float64Array): { width: number; height: number; x: Float64Array; y: Float64Array } {
  const width = latticeSize(warp.outWidth), height = latticeSize(warp.outHeight);
  const x = intoX ?? new Float64Array(width * height), y = intoY ?? new Float64Array(width * height);
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = invertHomography(warp.homography);
  // Only locals in the loop (no object fields): its code then holds whatever shape the warp has.
  const lensK = warp.lensK, cx = warp.frameWidth / 2, cy = warp.frameHeight / 2, invR2 = 1 / (cx * cx + cy * cy), ox = warp.offsetX, oy = warp.offsetY;
  for (let j = 0, k = 0; j < height; j++) {
    for (let i = 0; i < width; i++, k++) {
      let px = i * MAP_CELL_PX - ox, py = j * MAP_CELL_PX - oy;
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

/**
 * Cell ci of the current row (state.k0, state.b): its first pixel's point under the exact smooth
 * map and the step between pixels, into state.cell. Along a row the lattice's bilinear
 * interpolant is linear within a cell.
 */
function cellMap(state: RowState, ci: number): void {
  const k = state.k0 + ci, b = state.b, c = state.cell, X = state.exactX, Y = state.exactY, d = state.lw;
  // Between the lattice row above and the one below (the lattice has a row beyond the image's last).
  const x0 = X[k]! + (X[k + d]! - X[k]!) * b, x1 = X[k + 1]! + (X[k + 1 + d]! - X[k + 1]!) * b, y0 = Y[k]! + (Y[k + d]! - Y[k]!) * b, y1 = Y[k + 1]! + (Y[k + 1 + d]! - Y[k + 1]!) * b;
  c[0] = x0 + (x1 - x0) * F0; c[1] = y0 + (y1 - y0) * F0; c[2] = (x1 - x0) * CELL_INV; c[3] = (y1 - y0) * CELL_INV;
}

/**
 * The current row's values of the folded map and the gains at each lattice column (the lattice
 * interpolated between its rows), shared by the two cells either side of a node.
 */
function rowNodes(state: RowState): void {
  const { lw, k0, b, latX, latY, rowX, rowY } = state;
  for (let i = 0, k = k0; i < lw; i++, k++) { rowX[i] = latX[k]! + (latX[k + lw]! - latX[k]!) * b; rowY[i] = latY[k]! + (latY[k + lw]! - latY[k]!) * b; }
  if (!state.withImage) return;
  const { latR, latG, latB, rowR, rowG, rowB } = state;
  for (let i = 0, k = k0; i < lw; i++, k++) {
    rowR[i] = latR[k]! + (latR[k + lw]! - latR[k]!) * b; rowG[i] = latG[k]! + (latG[k + lw]! - latG[k]!) * b; rowB[i] = latB[k]! + (latB[k + lw]! - latB[k]!) * b;
  }
}

/** Cell ci's gains (* GAIN_ACC) at its first pixel and their steps into state.cellGain. */
function cellGains(state: RowState, ci: number): void {
  const g = state.cellGain, R = state.rowR, G = state.rowG, B = state.rowB;
  const r0 = R[ci]!, r1 = R[ci + 1]!, g0 = G[ci]!, g1 = G[ci + 1]!, b0 = B[ci]!, b1 = B[ci + 1]!;
  g[0] = ((r0 + (r1 - r0) * F0) * GAIN_ACC) | 0; g[1] = ((g0 + (g1 - g0) * F0) * GAIN_ACC) | 0; g[2] = ((b0 + (b1 - b0) * F0) * GAIN_ACC) | 0;
  g[3] = ((r1 - r0) * CELL_INV * GAIN_ACC) | 0; g[4] = ((g1 - g0) * CELL_INV * GAIN_ACC) | 0; g[5] = ((b1 - b0) * CELL_INV * GAIN_ACC) | 0;
}

/** A coarse field sampled at the map lattice's nodes, as sampleField does (clamped at its border). */
function latticeOfField(f: CoarseField, lw: number, lh: number, out: Float64Array): void {
  for (let j = 0, k = 0; j < lh; j++) for (let i = 0; i < lw; i++, k++) out[k] = sampleField(f, i * MAP_CELL_PX, j * MAP_CELL_PX);
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
  const curl = warp.curl ? curlConstants(warp.curl, w, h) : null;
  // Only locals in the loop (no object fields), as in mapLattice.
  const sd = shading.data, sw = shading.width, sInv = 1 / shading.cellPx, sUMax = shading.width - 1.001, sVMax = shading.height - 1.001;
  const hasCurl = curl !== null, flip = curl?.flip ?? false, vertical = curl?.vertical ?? false, start = curl?.start ?? 0, maxSeen = curl?.maxSeen ?? 0, r = curl?.r ?? 1;
  for (let k = 0; k < latX.length; k++) {
    let x = latX[k]!, y = latY[k]!;
    if (hasCurl) {
      // curlInverse (pageWarp.ts), inlined: called per node it cost ~10 ms a page in small arrays.
      const seen = flip ? start - (vertical ? y : x) : (vertical ? y : x) - start;
      if (seen > maxSeen) continue;
      if (seen > 0) {
        const t = r * Math.asin(seen / r), page = flip ? start - t : start + t;
        if (vertical) y = page; else x = page;
      }
    }
    if (!(x >= -EDGE && y >= -EDGE && x <= w + EDGE && y <= h + EDGE)) continue;
    // sampleField's value (reliefAt clamps the same way), without a call that would box its doubles.
    const f = reliefAt(sd, sw, sInv, sUMax, sVMax, x, y);
    latR[k] = latR[k]! * f; latG[k] = latG[k]! * f; latB[k] = latB[k]! * f;
  }
}

/**
 * The background callbacks are per page (closures over that page's desk). Called from the row
 * code directly, V8 inlined them there, embedding the page's closure, and threw the optimised row
 * code away whenever a page was collected ("weak objects" deopts on every page). Called through
 * these sites, which warmUp makes megamorphic, they are never inlined.
 */
function callPixel(f: BackgroundFn, x: number, y: number, rgb: Float32Array, pageX: number, pageY: number): void {
  f(x, y, rgb, pageX, pageY);
}

function callCells(f: BackgroundCellsFn, y: number, count: number, cols: Int32Array, lens: Int32Array, page: Float64Array, words: Int32Array): void {
  f(y, count, cols, lens, page, words);
}

function callRows(f: BackgroundRowsFn, y: number, n: number, xs: Float64Array, pageXs: Float64Array, pageYs: Float64Array, rgb: Float32Array): void {
  f(y, n, xs, pageXs, pageYs, rgb);
}

/** Distinct functions (not closures of one literal) that make a call site megamorphic. */
const DUMMIES: BackgroundFn[] = [(_c, _r, rgb) => rgb.fill(0), (_c, _r, rgb) => rgb.fill(1), (_c, _r, rgb) => rgb.fill(2), (_c, _r, rgb) => rgb.fill(3), (_c, _r, rgb) => rgb.fill(4)];
const DUMMY_CELLS: BackgroundCellsFn[] = [(_y, _n, _c, _l, _p, words) => words.fill(0), (_y, _n, _c, _l, _p, words) => words.fill(1), (_y, _n, _c, _l, _p, words) => words.fill(2), (_y, _n, _c, _l, _p, words) => words.fill(3), (_y, _n, _c, _l, _p, words) => words.fill(4)];
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
  const rgb = new Float32Array(3), xy = new Float64Array(1);
  // Repeated: V8 allocates a function's feedback only after its first few calls, and calls made before that leave no trace.
  for (let i = 0; i < 20; i++) {
    for (const f of DUMMIES) callPixel(f, 0, 0, rgb, 0, 0);
    for (const f of DUMMY_ROWS) callRows(f, 0, 0, xy, xy, xy, rgb);
    for (const f of DUMMY_CELLS) callCells(f, 0, 0, new Int32Array(1), new Int32Array(1), new Float64Array(4), new Int32Array(1));
  }
  const w = 48, h = 40, image = { width: w, height: h, data: new Uint8ClampedArray(w * h * 4).fill(200) }, mask = new Uint16Array(w * h);
  // Trace across the page and into the curl's band, so the mask alone has cells to draw.
  for (let x = 0; x < w; x++) { mask[20 * w + x] = 1; mask[Math.min(h - 1, x) * w + x] = 2; }
  const field = { width: 8, height: 8, cellPx: 8, data: new Float32Array(64).fill(0.5) };
  const gains: [CoarseField, CoarseField, CoarseField] = [field, field, field];
  for (const edge of ["bottom", "left"] as const) {
    const warp: PageWarp = {
      pageWidth: w, pageHeight: h, relief: { height: field, dxPx: 0.5, dyPx: 0.5 }, curl: { edge, bandPx: 12, radiusPx: 8, shadeFraction: 0.1 },
      homography: [0.9, 0.05, 3.3, -0.05, 0.9, 2.7, 0, 0, 1], lensK: 0, frameWidth: w, frameHeight: h, offsetX: 0.5, offsetY: 0.5, outWidth: w, outHeight: h,
    };
    for (const parts of ["both", "image", "mask"] as const) {
      resamplePage(image, mask, warp, (_c, _r, rgb) => rgb.fill(100), gains, field, undefined, undefined, parts);
      resamplePage(image, mask, warp, (_c, _r, rgb) => rgb.fill(100), gains, field, DUMMY_ROWS[0], DUMMY_CELLS[0], parts);
    }
  }
}

/** Entries per px of curlLookup's tables. */
const CURL_STEPS_PER_PX = 16;

/**
 * The curl's inverse t(s) = r asin(s / r) and its shading 1 - shade (1 - sqrt(1 - (s / r)^2)),
 * tabulated every 1/16 px of s for linear interpolation, up to `end`: where |t''| passes 2.5 /px
 * (near s = r, possible when the band is a quarter turn), interpolation would err by more than
 * (1/16)^2 / 8 * 2.5 = 0.0012 px, and the caller computes them exactly.
 */
function curlLookup(r: number, maxSeen: number, shade: number): { t: Float64Array; f: Float64Array; end: number } {
  const n = Math.floor(maxSeen * CURL_STEPS_PER_PX) + 2, t = new Float64Array(n), f = new Float64Array(n);
  let end = 0;
  for (let i = 0; i < n; i++) {
    const q = Math.min(i / CURL_STEPS_PER_PX, maxSeen) / r;
    t[i] = r * Math.asin(q);
    f[i] = 1 - shade * (1 - Math.sqrt(1 - q * q));
    const curvature = q / (r * (1 - q * q) ** 1.5);
    if (i > 0 && i / CURL_STEPS_PER_PX <= maxSeen && curvature <= 2.5 && end === (i - 1) / CURL_STEPS_PER_PX) end = i / CURL_STEPS_PER_PX;
  }
  return { t, f, end };
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
      callPixel(background, col + 0.5, row + 0.5, bg, col + 0.5 - dx, row + 0.5 - dy);
      out[o] = bg[0]!; out[o + 1] = bg[1]!; out[o + 2] = bg[2]!; out[o + 3] = 255;
    }
  }
  return { image: { width: ow, height: oh, data: out }, mask: outMask };
}
