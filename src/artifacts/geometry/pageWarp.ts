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
  if (w.relief?.height) [x, y] = reliefForward(w.relief, x, y);
  [x, y] = curlForward(w.curl, w.pageWidth, w.pageHeight, x, y);
  [x, y] = applyHomography(w.homography, x, y);
  if (w.lensK !== 0) [x, y] = lensForward(w, x, y);
  return [x + w.offsetX, y + w.offsetY];
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

/** Solves q - h(q) d = p for q by fixed-point iteration (a contraction: |grad h| |d| < 1). */
function reliefForward(r: Relief, x: number, y: number): XY {
  let qx = x, qy = y;
  for (let i = 0; i < 50; i++) {
    const h = sampleField(r.height, qx, qy);
    const nx = x + h * r.dxPx, ny = y + h * r.dyPx;
    const done = Math.abs(nx - qx) + Math.abs(ny - qy) < 1e-10;
    qx = nx;
    qy = ny;
    if (done) break;
  }
  return [qx, qy];
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

/** Solves r (1 + k r^2 / R^2) = ru for r by Newton's method (monotonic for |k| < 1/3 inside the frame). */
function lensForward(w: PageWarp, x: number, y: number): XY {
  const { cx, cy, invR2 } = lensScale(w);
  const ex = x - cx, ey = y - cy;
  const ru = Math.hypot(ex, ey);
  if (ru === 0) return [x, y];
  const k = w.lensK * invR2;
  let r = ru;
  for (let i = 0; i < 30; i++) {
    const step = (r + k * r * r * r - ru) / (1 + 3 * k * r * r);
    r -= step;
    if (Math.abs(step) < 1e-9) break;
  }
  return [cx + (ex * r) / ru, cy + (ey * r) / ru];
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

function curlForward(curl: Curl | null, width: number, height: number, x: number, y: number): XY {
  if (!curl) return [x, y];
  const { vertical, flip, start } = curlAxis(curl, width, height);
  const v = vertical ? y : x;
  const t = flip ? start - v : v - start;
  if (t <= 0) return [x, y];
  const seen = curl.radiusPx * Math.sin(Math.min(t, curl.bandPx) / curl.radiusPx) + Math.max(0, t - curl.bandPx);
  const out = flip ? start - seen : start + seen;
  return vertical ? [x, out] : [out, y];
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
