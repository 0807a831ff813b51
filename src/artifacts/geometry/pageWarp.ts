import { sampleField, type CoarseField } from "../field.js";
import { applyHomography, invertHomography, type Homography, type XY } from "./homography.js";

export type CurlEdge = "top" | "bottom" | "left" | "right";

/** A page edge rolled up as a cylinder of radius radiusPx over a band bandPx wide, seen from above. */
export interface Curl {
  edge: CurlEdge;
  bandPx: number;
  radiusPx: number;
  /** Darkening where the paper faces away from the light, at the end of the band (fraction). */
  shadeFraction: number;
}

/**
 * Relief of crumpled paper seen at an angle: the page point shown at q is q - h(q) (dxPx, dyPx),
 * h a smooth height field in [-1, 1] on a coarse grid (explicit inverse; forward by iteration).
 */
export interface Relief {
  height: CoarseField;
  dxPx: number;
  dyPx: number;
}

/**
 * The one geometric map of the artifact stage, page -> output, as a chain:
 * relief (wrinkles) -> curl (page coords) -> homography (rotation, scale, perspective; page -> frame) ->
 * radial lens distortion about the frame centre -> translation by (offsetX, offsetY) (crop, pad).
 * `forward` maps points; `inverse` is what resampling uses, so both come from the same parameters.
 */
export interface PageWarp {
  pageWidth: number;
  pageHeight: number;
  relief?: Relief | null;
  curl: Curl | null;
  homography: Homography;
  /** Lens coefficient k: frame point at distance r from the centre comes from r (1 + k (r / halfDiagonal)^2). */
  lensK: number;
  frameWidth: number;
  frameHeight: number;
  offsetX: number;
  offsetY: number;
  outWidth: number;
  outHeight: number;
}

/** Page point (continuous px, [x, y]) to output point. */
export function warpForward(w: PageWarp, x: number, y: number): XY {
  const out = new Float64Array(2);
  mapForward(forwardMap(w), x, y, out);
  return [out[0]!, out[1]!];
}

/** warpForward's constants, worked out once for many points (see mapForward). */
export interface ForwardMap {
  relief: Relief | null;
  curl: boolean; vertical: boolean; flip: boolean; start: number; bandPx: number; radiusPx: number;
  h: Homography; lensK: number; cx: number; cy: number; offsetX: number; offsetY: number;
  /** The relief's shift and the lens's radius ratio at the last point mapped: consecutive points along a trace start from them. */
  hx: number; hy: number; lensRatio: number;
}

export function forwardMap(w: PageWarp): ForwardMap {
  const axis = w.curl ? curlAxis(w.curl, w.pageWidth, w.pageHeight) : { vertical: false, flip: false, start: 0 };
  const { cx, cy, invR2 } = lensScale(w);
  return {
    relief: w.relief?.height ? w.relief : null, curl: w.curl !== null, ...axis, bandPx: w.curl?.bandPx ?? 0, radiusPx: w.curl?.radiusPx ?? 1,
    h: w.homography, lensK: w.lensK * invR2, cx, cy, offsetX: w.offsetX, offsetY: w.offsetY, hx: 0, hy: 0, lensRatio: 1,
  };
}

/**
 * Page point (x, y) to output point, into out[0..1]: relief, curl, homography, lens, offset,
 * nothing allocated. A module function over plain data: a closure made per page was compiled
 * again on every page.
 */
export function mapForward(m: ForwardMap, x: number, y: number, out: Float64Array): void {
  if (m.relief) {
    // Solves q - h(q) d = p for q by fixed-point iteration (a contraction: |grad h| |d| <= 1/8), from the last point's shift.
    const r = m.relief;
    let qx = x + m.hx, qy = y + m.hy;
    for (let i = 0; i < 50; i++) {
      const h = sampleField(r.height, qx, qy);
      const nx = x + h * r.dxPx, ny = y + h * r.dyPx;
      const done = Math.abs(nx - qx) + Math.abs(ny - qy) < 1e-7;
      qx = nx;
      qy = ny;
      if (done) break;
    }
    if (qx === qx && qy === qy) { m.hx = qx - x; m.hy = qy - y; }
    x = qx; y = qy;
  }
  if (m.curl) {
    const v = m.vertical ? y : x, t = m.flip ? m.start - v : v - m.start, band = m.bandPx, r = m.radiusPx;
    if (t > 0) {
      const seen = r * Math.sin(Math.min(t, band) / r) + Math.max(0, t - band), c = m.flip ? m.start - seen : m.start + seen;
      if (m.vertical) y = c; else x = c;
    }
  }
  const h = m.h, d = h[6] * x + h[7] * y + h[8], fx = (h[0] * x + h[1] * y + h[2]) / d, fy = (h[3] * x + h[4] * y + h[5]) / d;
  x = fx; y = fy;
  const k = m.lensK;
  if (k !== 0) {
    // Solves r (1 + k r^2) = ru for r by Newton's method (monotonic for |lensK| < 1/3 inside the frame).
    const ex = x - m.cx, ey = y - m.cy, ru = Math.sqrt(ex * ex + ey * ey);
    if (ru !== 0) {
      let rr = ru * m.lensRatio;
      for (let i = 0; i < 30; i++) {
        const step = (rr + k * rr * rr * rr - ru) / (1 + 3 * k * rr * rr);
        rr -= step;
        if (Math.abs(step) < 1e-9) break;
      }
      if (rr > 0) m.lensRatio = rr / ru;
      x = m.cx + (ex * rr) / ru; y = m.cy + (ey * rr) / ru;
    }
  }
  out[0] = x + m.offsetX; out[1] = y + m.offsetY;
}

/** Output point to page point; NaN where the output shows no page (background). */
export function warpInverse(w: PageWarp, x: number, y: number, hInv = invertHomography(w.homography)): XY {
  x -= w.offsetX;
  y -= w.offsetY;
  if (w.lensK !== 0) [x, y] = lensInverse(w, x, y);
  [x, y] = applyHomography(hInv, x, y);
  [x, y] = curlInverse(w.curl, w.pageWidth, w.pageHeight, x, y);
  if (w.relief?.height && x === x) {
    const h = sampleField(w.relief.height, x, y);
    return [x - h * w.relief.dxPx, y - h * w.relief.dyPx];
  }
  return [x, y];
}

function lensScale(w: PageWarp): { cx: number; cy: number; invR2: number } {
  const cx = w.frameWidth / 2, cy = w.frameHeight / 2;
  return { cx, cy, invR2: 1 / (cx * cx + cy * cy) };
}

function lensInverse(w: PageWarp, x: number, y: number): XY {
  const { cx, cy, invR2 } = lensScale(w);
  const ex = x - cx, ey = y - cy;
  const f = 1 + w.lensK * (ex * ex + ey * ey) * invR2;
  return [cx + ex * f, cy + ey * f];
}

/** Distance into the curl band along the edge's normal, and where the band starts. */
export function curlAxis(curl: Curl, width: number, height: number): { vertical: boolean; flip: boolean; start: number } {
  switch (curl.edge) {
    case "bottom": return { vertical: true, flip: false, start: height - curl.bandPx };
    case "top": return { vertical: true, flip: true, start: curl.bandPx };
    case "right": return { vertical: false, flip: false, start: width - curl.bandPx };
    case "left": return { vertical: false, flip: true, start: curl.bandPx };
  }
}

export function curlInverse(curl: Curl | null, width: number, height: number, x: number, y: number): XY {
  if (!curl) return [x, y];
  const { vertical, flip, start } = curlAxis(curl, width, height);
  const v = vertical ? y : x;
  const seen = flip ? start - v : v - start;
  if (seen <= 0) return [x, y];
  const r = curl.radiusPx;
  if (seen > r * Math.sin(curl.bandPx / r)) return [NaN, NaN];
  const t = r * Math.asin(seen / r);
  const out = flip ? start - t : start + t;
  return vertical ? [x, out] : [out, y];
}
