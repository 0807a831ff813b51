/**
 * The page rasterizer: analytic anti-aliased lines written straight into RGBA memory. Drawing
 * here (not on a canvas) keeps the trace coverage in hand, so the trace mask is the exact set of
 * drawn pixels, and saves the full-page canvas read-back (~65 ms at 200 dpi on the CI machine).
 */
import type { RgbaImage } from "./types.js";
import type { Rgb } from "./gridColors.js";

export interface PixelBox {
  /** Inclusive pixel column/row bounds. Empty when colMax < colMin. */
  colMin: number;
  rowMin: number;
  colMax: number;
  rowMax: number;
}

export function emptyBox(): PixelBox {
  return { colMin: Infinity, rowMin: Infinity, colMax: -Infinity, rowMax: -Infinity };
}

export function createImage(width: number, height: number, rgb: Rgb): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  const px = new Uint32Array(data.buffer);
  px.fill(packRgba(rgb));
  return { width, height, data };
}

function packRgba([r, g, b]: Rgb): number {
  // little-endian byte order RGBA
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** Coverage in [0, 1] of the pixel span [i, i + 1] by the interval [a, b]. */
function overlap(i: number, a: number, b: number): number {
  return Math.max(0, Math.min(i + 1, b) - Math.max(i, a));
}

/** Alpha per index along one axis for lines at `origin + k * step` (k >= 0), inside [lo, hi). */
function lineAlphas(n: number, origin: number, step: number, widthPx: number, every: number, lo: number, hi: number, majorOnly: boolean): Float32Array {
  const a = new Float32Array(n);
  const half = widthPx / 2;
  for (let k = 0; ; k++) {
    const pos = origin + k * step;
    if (pos > hi + 1e-9) break;
    if (majorOnly !== (k % every === 0)) continue;
    const from = Math.max(Math.floor(pos - half), Math.floor(lo));
    const to = Math.min(Math.ceil(pos + half), Math.ceil(hi), n);
    for (let i = from; i < to; i++) a[i] = Math.min(1, a[i]! + overlap(i, pos - half, pos + half));
  }
  return a;
}

export interface GridStyle {
  pxPerMmX: number;
  pxPerMmY: number;
  /** Grid area in px: [left, top, right, bottom]; lines start at left/top. */
  area: [number, number, number, number];
  minor: Rgb | null;
  major: Rgb;
  minorWidthPx: number;
  majorWidthPx: number;
}

/** Draws 1 mm minor and 5 mm major lines over the area, minor first so major lines lie on top. */
export function drawGrid(img: RgbaImage, s: GridStyle): void {
  const { width, height, data } = img;
  const [left, top, right, bottom] = s.area;
  const layers: { rgb: Rgb; col: Float32Array; row: Float32Array }[] = [];
  if (s.minor) {
    layers.push({
      rgb: s.minor,
      col: lineAlphas(width, left, s.pxPerMmX, s.minorWidthPx, 5, left, right, false),
      row: lineAlphas(height, top, s.pxPerMmY, s.minorWidthPx, 5, top, bottom, false),
    });
  }
  layers.push({
    rgb: s.major,
    col: lineAlphas(width, left, s.pxPerMmX, s.majorWidthPx, 5, left, right, true),
    row: lineAlphas(height, top, s.pxPerMmY, s.majorWidthPx, 5, top, bottom, true),
  });
  const c0 = Math.max(0, Math.floor(left));
  const c1 = Math.min(width, Math.ceil(right));
  const r0 = Math.max(0, Math.floor(top));
  const r1 = Math.min(height, Math.ceil(bottom));
  // One row with the vertical lines only; rows without horizontal lines are copies of it.
  const base = new Uint8ClampedArray(data.subarray(r0 * width * 4, (r0 + 1) * width * 4));
  for (const L of layers) blendRow(base, c0, c1, L.col, 0, L.rgb);
  const rowBuf = new Uint8ClampedArray(base.length);
  for (let r = r0; r < r1; r++) {
    const hasH = layers.some((L) => L.row[r]! > 0);
    if (!hasH) {
      data.set(base, r * width * 4);
      continue;
    }
    rowBuf.set(data.subarray(r * width * 4, (r + 1) * width * 4));
    for (const L of layers) blendRow(rowBuf, c0, c1, L.col, L.row[r]!, L.rgb);
    data.set(rowBuf, r * width * 4);
  }
}

function blendRow(row: Uint8ClampedArray, c0: number, c1: number, colAlpha: Float32Array, rowAlpha: number, [r, g, b]: Rgb): void {
  for (let c = c0; c < c1; c++) {
    const a = Math.max(colAlpha[c]!, rowAlpha);
    if (a <= 0) continue;
    const p = c * 4;
    row[p] = row[p]! + (r - row[p]!) * a;
    row[p + 1] = row[p + 1]! + (g - row[p + 1]!) * a;
    row[p + 2] = row[p + 2]! + (b - row[p + 2]!) * a;
  }
}

/**
 * Adds a stroked polyline to a coverage buffer (one byte a pixel, max-combined so joints do not
 * darken). Coverage of a pixel = clamp(width/2 + 0.5 - distance from its centre to the path).
 * A NaN coordinate breaks the line. Grows `box` to the touched pixels.
 */
export function strokePolyline(cov: Uint8Array, width: number, height: number, xs: Float64Array, ys: Float64Array, widthPx: number, box: PixelBox): void {
  const r = widthPx / 2 + 0.5;
  const n = xs.length;
  for (let i = 0; i < n; i++) {
    const x0 = xs[i]!, y0 = ys[i]!;
    if (!Number.isFinite(x0) || !Number.isFinite(y0)) continue;
    let x1 = x0, y1 = y0;
    if (i + 1 < n && Number.isFinite(xs[i + 1]!) && Number.isFinite(ys[i + 1]!)) {
      x1 = xs[i + 1]!;
      y1 = ys[i + 1]!;
    } else if (i > 0 && Number.isFinite(xs[i - 1]!) && Number.isFinite(ys[i - 1]!)) continue;
    strokeSegment(cov, width, height, x0, y0, x1, y1, r, box);
  }
}

export function strokeSegment(cov: Uint8Array, width: number, height: number, x0: number, y0: number, x1: number, y1: number, r: number, box: PixelBox): void {
  const cMin = Math.max(0, Math.floor(Math.min(x0, x1) - r));
  const cMax = Math.min(width - 1, Math.floor(Math.max(x0, x1) + r));
  const rMin = Math.max(0, Math.floor(Math.min(y0, y1) - r));
  const rMax = Math.min(height - 1, Math.floor(Math.max(y0, y1) + r));
  if (cMin > cMax || rMin > rMax) return;
  const dx = x1 - x0, dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const inv = len2 > 0 ? 1 / len2 : 0;
  const r2 = r * r;
  const full2 = r > 1 ? (r - 1) * (r - 1) : -1;
  for (let row = rMin; row <= rMax; row++) {
    const py = row + 0.5 - y0;
    let off = row * width + cMin;
    for (let col = cMin; col <= cMax; col++, off++) {
      if (cov[off] === 255) continue;
      const px = col + 0.5 - x0;
      let t = (px * dx + py * dy) * inv;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = px - t * dx, ey = py - t * dy;
      const d2 = ex * ex + ey * ey;
      if (d2 >= r2) continue;
      // Same value as clamp(r - d, 0, 1) * 255, with the square root taken only on the soft edge.
      const v = d2 <= full2 ? 255 : Math.round((r - Math.sqrt(d2)) * 255);
      if (v > cov[off]!) cov[off] = v;
    }
  }
  if (cMin < box.colMin) box.colMin = cMin;
  if (cMax > box.colMax) box.colMax = cMax;
  if (rMin < box.rowMin) box.rowMin = rMin;
  if (rMax > box.rowMax) box.rowMax = rMax;
}

/**
 * Paints a coverage buffer onto the image in a colour, sets `maskBit` in `mask` where coverage
 * >= maskThreshold (0-255), then clears the buffer inside the box. Returns the box of mask pixels.
 */
export function compositeCoverage(
  img: RgbaImage,
  cov: Uint8Array,
  box: PixelBox,
  [r, g, b]: Rgb,
  mask?: Uint16Array,
  maskBit = 0,
  maskThreshold = 64,
): PixelBox {
  const out = emptyBox();
  if (box.colMax < box.colMin) return out;
  const { width, data } = img;
  const bit = 1 << maskBit;
  for (let row = box.rowMin; row <= box.rowMax; row++) {
    let off = row * width + box.colMin;
    for (let col = box.colMin; col <= box.colMax; col++, off++) {
      const v = cov[off]!;
      if (v === 0) continue;
      cov[off] = 0;
      const a = v / 255;
      const p = off * 4;
      data[p] = data[p]! + (r - data[p]!) * a;
      data[p + 1] = data[p + 1]! + (g - data[p + 1]!) * a;
      data[p + 2] = data[p + 2]! + (b - data[p + 2]!) * a;
      if (mask && v >= maskThreshold) {
        mask[off] = mask[off]! | bit;
        if (col < out.colMin) out.colMin = col;
        if (col > out.colMax) out.colMax = col;
        if (row < out.rowMin) out.rowMin = row;
        if (row > out.rowMax) out.rowMax = row;
      }
    }
  }
  return out;
}

/** Fills an axis-aligned rectangle [x0, x1) x [y0, y1) in px, with anti-aliased edges. */
export function fillRect(img: RgbaImage, x0: number, y0: number, x1: number, y1: number, [r, g, b]: Rgb): void {
  const { width, height, data } = img;
  const c0 = Math.max(0, Math.floor(x0)), c1 = Math.min(width, Math.ceil(x1));
  const r0 = Math.max(0, Math.floor(y0)), r1 = Math.min(height, Math.ceil(y1));
  for (let row = r0; row < r1; row++) {
    const ay = overlap(row, y0, y1);
    for (let col = c0; col < c1; col++) {
      const a = ay * overlap(col, x0, x1);
      const p = (row * width + col) * 4;
      data[p] = data[p]! + (r - data[p]!) * a;
      data[p + 1] = data[p + 1]! + (g - data[p + 1]!) * a;
      data[p + 2] = data[p + 2]! + (b - data[p + 2]!) * a;
    }
  }
}
