import type { RgbaImage } from "../../render/types.js";
import type { XY } from "../../artifacts/geometry/homography.js";

export interface FindPageQuadOptions {
  /** Longest side of the downscaled copy the search runs on, px. Default 480. */
  workSidePx?: number;
  /** Smallest page share of the image accepted, 0-1. Default 0.25. */
  minAreaFraction?: number;
  /** Cells of the downscaled copy (about longest side / workSidePx px each) taken off the page's rim for isBackground. Default 1.2 % of its longest side (6 cells; printers leave wider margins). */
  rimCells?: number;
  /** Smallest separation (see PageQuad) accepted, 0-1. Default 0.25. */
  minSeparation?: number;
}

export interface PageQuad {
  /** Corners [x, y] in image px: top-left, top-right, bottom-right, bottom-left. */
  corners: XY[];
  /** Share of the image the page covers, 0-1. */
  areaFraction: number;
  /** True when a background (desk, scanner lid) shows along at least a fifth of the image's border. */
  hasBackground: boolean;
  /** Mean paper-likeness of the page over that of the background, 0-1 (the split's clarity). */
  separation: number;
  /** Area of the fitted quad over the area of the page region (1 = a clean quadrilateral). */
  quadShare: number;
  /** Whether an image point (px) lies off the page region found (background, or outside the image). */
  isBackground: (x: number, y: number) => boolean;
}

/**
 * Finds the paper in a photo: the large bright, low-saturation region. On a downscaled copy each
 * pixel's paper score (brightness less saturation) is split in two by Otsu's threshold; the
 * non-paper pixels connected to the image border are background, everything else inside is page
 * (holes of ink and handwriting filled); the largest such component's boundary is fitted by four
 * lines (one per side, least squares after trimming) whose intersections are the corners.
 * Returns null when no clear page is found (then the whole image is taken as page).
 */
export function findPageQuad(image: RgbaImage, options: FindPageQuadOptions = {}): PageQuad | null {
  const { width: w, height: h, data } = image;
  const side = options.workSidePx ?? 480;
  const s = Math.max(1, Math.max(w, h) / side);
  const sw = Math.max(8, Math.round(w / s));
  const sh = Math.max(8, Math.round(h / s));
  const sx = w / sw;
  const sy = h / sh;
  // Paper score per small pixel: box mean of the block's colour.
  const score = new Float32Array(sw * sh);
  const step = Math.max(1, Math.floor(Math.min(sx, sy) / 2));
  for (let r = 0; r < sh; r++) {
    const y0 = Math.floor(r * sy);
    const y1 = Math.max(y0 + 1, Math.floor((r + 1) * sy));
    for (let c = 0; c < sw; c++) {
      const x0 = Math.floor(c * sx);
      const x1 = Math.max(x0 + 1, Math.floor((c + 1) * sx));
      let rs = 0, gs = 0, bs = 0, n = 0;
      for (let y = y0; y < y1; y += step) {
        for (let x = x0; x < x1; x += step) {
          const o = (y * w + x) * 4;
          rs += data[o]!;
          gs += data[o + 1]!;
          bs += data[o + 2]!;
          n++;
        }
      }
      const R = rs / n, G = gs / n, B = bs / n;
      const mx = Math.max(R, G, B);
      const mn = Math.min(R, G, B);
      score[r * sw + c] = mx - 0.5 * (mx - mn);
    }
  }
  const t = otsu(score);
  if (!Number.isFinite(t)) return null;
  // Background: non-paper pixels reachable from the border.
  const bg = new Uint8Array(sw * sh);
  const stack: number[] = [];
  const seed = (i: number) => {
    if (!bg[i] && score[i]! < t) {
      bg[i] = 1;
      stack.push(i);
    }
  };
  for (let c = 0; c < sw; c++) seed(c), seed((sh - 1) * sw + c);
  for (let r = 0; r < sh; r++) seed(r * sw), seed(r * sw + sw - 1);
  while (stack.length) {
    const i = stack.pop()!;
    const r = (i / sw) | 0, c = i - r * sw;
    if (c > 0) seed(i - 1);
    if (c < sw - 1) seed(i + 1);
    if (r > 0) seed(i - sw);
    if (r < sh - 1) seed(i + sw);
  }
  // Largest 4-connected component of the rest.
  const label = new Int32Array(sw * sh).fill(-1);
  let best = -1, bestN = 0;
  for (let i0 = 0; i0 < sw * sh; i0++) {
    if (bg[i0] || label[i0]! >= 0) continue;
    let n = 0;
    label[i0] = i0;
    stack.push(i0);
    while (stack.length) {
      const i = stack.pop()!;
      n++;
      const r = (i / sw) | 0, c = i - r * sw;
      if (c > 0 && !bg[i - 1] && label[i - 1]! < 0) (label[i - 1] = i0), stack.push(i - 1);
      if (c < sw - 1 && !bg[i + 1] && label[i + 1]! < 0) (label[i + 1] = i0), stack.push(i + 1);
      if (r > 0 && !bg[i - sw] && label[i - sw]! < 0) (label[i - sw] = i0), stack.push(i - sw);
      if (r < sh - 1 && !bg[i + sw] && label[i + sw]! < 0) (label[i + sw] = i0), stack.push(i + sw);
    }
    if (n > bestN) (bestN = n), (best = i0);
  }
  const areaFraction = bestN / (sw * sh);
  if (best < 0 || areaFraction < (options.minAreaFraction ?? 0.25)) return null;
  let inSum = 0, outSum = 0, outN = 0;
  for (let i = 0; i < sw * sh; i++) {
    if (label[i] === best) inSum += score[i]!;
    else if (bg[i]) (outSum += score[i]!), outN++;
  }
  const inMean = inSum / bestN;
  const outMean = outN ? outSum / outN : inMean;
  const separation = inMean > 0 ? Math.max(0, Math.min(1, (inMean - outMean) / inMean)) : 0;
  // Boundary points: each row's and column's extreme page pixels (small-image px centres).
  const pts: XY[] = [];
  for (let r = 0; r < sh; r++) {
    let lo = -1, hi = -1;
    for (let c = 0; c < sw; c++) if (label[r * sw + c] === best) (lo < 0 ? (lo = c) : 0), (hi = c);
    if (lo >= 0) pts.push([lo, r + 0.5], [hi + 1, r + 0.5]);
  }
  for (let c = 0; c < sw; c++) {
    let lo = -1, hi = -1;
    for (let r = 0; r < sh; r++) if (label[r * sw + c] === best) (lo < 0 ? (lo = r) : 0), (hi = r);
    if (lo >= 0) pts.push([c + 0.5, lo], [c + 0.5, hi + 1]);
  }
  const small = fitQuad(pts);
  if (!small) return null;
  // A page is a quadrilateral: a component the fitted quad does not match (clutter, a lit table
  // merged with the page) is no page.
  const quadShare = quadArea(small) / bestN;
  if (!(quadShare > 0.9 && quadShare < 1.1) || separation < (options.minSeparation ?? 0.25)) return null;
  const corners = small.map(([x, y]) => [x * sx, y * sy] as XY);
  // A desk shows along the image's border; a dark box or stamp touching one edge is no desk.
  let borderBg = 0;
  for (let c = 0; c < sw; c++) borderBg += bg[c]! + bg[(sh - 1) * sw + c]!;
  for (let r = 1; r < sh - 1; r++) borderBg += bg[r * sw]! + bg[r * sw + sw - 1]!;
  const hasBackground = areaFraction < 0.97 && outN > 0.02 * sw * sh && borderBg >= 0.2 * (2 * sw + 2 * sh - 4);
  // The page less a rim of `rim` cells: the edge's shadow and blend with the desk would read as ink.
  const rim = options.rimCells ?? Math.max(2, Math.round(0.012 * Math.max(sw, sh)));
  let page = new Uint8Array(sw * sh);
  for (let i = 0; i < sw * sh; i++) page[i] = label[i] === best ? 1 : 0;
  let next = new Uint8Array(sw * sh);
  for (let k = 0; k < rim; k++) {
    next.fill(0);
    for (let r = 1; r < sh - 1; r++) {
      for (let c = 1, i = r * sw + 1; c < sw - 1; c++, i++) {
        next[i] = page[i]! & page[i - 1]! & page[i + 1]! & page[i - sw]! & page[i + sw]!;
      }
    }
    // Where the page runs off the image there is no edge to hide: keep the image's border cells.
    for (let c = 0; c < sw; c++) (next[c] = page[c]! & page[c + sw]!), (next[(sh - 1) * sw + c] = page[(sh - 1) * sw + c]! & page[(sh - 2) * sw + c]!);
    for (let r = 0; r < sh; r++) (next[r * sw] = next[r * sw]! | (page[r * sw]! & page[r * sw + 1]!)), (next[r * sw + sw - 1] = next[r * sw + sw - 1]! | (page[r * sw + sw - 1]! & page[r * sw + sw - 2]!));
    [page, next] = [next, page];
  }
  const isBackground = (x: number, y: number): boolean => {
    const c = Math.floor(x / sx), r = Math.floor(y / sy);
    return c < 0 || r < 0 || c >= sw || r >= sh || !page[r * sw + c];
  };
  return { corners, areaFraction, hasBackground, separation, quadShare, isBackground };
}

function quadArea(q: XY[]): number {
  let a = 0;
  for (let k = 0; k < q.length; k++) {
    const [x0, y0] = q[k]!, [x1, y1] = q[(k + 1) % q.length]!;
    a += x0 * y1 - x1 * y0;
  }
  return Math.abs(a) / 2;
}

/** Otsu's threshold of a sample of values; NaN when they are all equal. */
function otsu(v: Float32Array): number {
  let lo = Infinity, hi = -Infinity;
  for (const x of v) (lo = Math.min(lo, x)), (hi = Math.max(hi, x));
  if (!(hi - lo > 1)) return NaN;
  const bins = 256;
  const hist = new Float64Array(bins);
  for (const x of v) hist[Math.min(bins - 1, Math.floor(((x - lo) / (hi - lo)) * bins))]!++;
  let total = 0, sumAll = 0;
  for (let i = 0; i < bins; i++) (total += hist[i]!), (sumAll += i * hist[i]!);
  let wB = 0, sumB = 0, bestVar = -1, bestI = 0;
  for (let i = 0; i < bins; i++) {
    wB += hist[i]!;
    if (wB === 0 || wB === total) continue;
    sumB += i * hist[i]!;
    const mB = sumB / wB, mF = (sumAll - sumB) / (total - wB);
    const between = wB * (total - wB) * (mB - mF) ** 2;
    if (between > bestVar) (bestVar = between), (bestI = i);
  }
  return lo + ((bestI + 1) / bins) * (hi - lo);
}

/**
 * Four lines through boundary points: corners first from the extremes along the diagonals, each
 * point assigned to its nearest side, one trimmed least-squares line per side, corners again as
 * the lines' intersections.
 */
export function fitQuad(pts: XY[]): XY[] | null {
  if (pts.length < 8) return null;
  const ext = (f: (p: XY) => number) => pts.reduce((a, p) => (f(p) > f(a) ? p : a));
  let corners: XY[] = [ext(([x, y]) => -x - y), ext(([x, y]) => x - y), ext(([x, y]) => x + y), ext(([x, y]) => -x + y)];
  for (let iter = 0; iter < 2; iter++) {
    const lines: [number, number, number][] = [];
    for (let k = 0; k < 4; k++) {
      const a = corners[k]!, b = corners[(k + 1) % 4]!;
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (len < 1e-6) return null;
      const nx = -(b[1] - a[1]) / len, ny = (b[0] - a[0]) / len;
      const own = pts.filter((p) => {
        const d = Math.abs(nx * (p[0] - a[0]) + ny * (p[1] - a[1]));
        const along = ((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / (len * len);
        return along > 0.05 && along < 0.95 && d < Math.max(3, 0.04 * len);
      });
      const line = own.length >= 4 ? fitLine(own) : null;
      lines.push(line ?? [nx, ny, -(nx * a[0] + ny * a[1])]);
    }
    const next: XY[] = [];
    for (let k = 0; k < 4; k++) {
      const p = intersect(lines[(k + 3) % 4]!, lines[k]!);
      if (!p) return null;
      next.push(p);
    }
    corners = next;
  }
  return corners;
}

/** Total-least-squares line n.p + c = 0 (|n| = 1), refit once without points beyond 2.5 median distances. */
function fitLine(pts: XY[]): [number, number, number] | null {
  const fit = (ps: XY[]): [number, number, number] | null => {
    let mx = 0, my = 0;
    for (const [x, y] of ps) (mx += x), (my += y);
    mx /= ps.length;
    my /= ps.length;
    let sxx = 0, sxy = 0, syy = 0;
    for (const [x, y] of ps) (sxx += (x - mx) ** 2), (sxy += (x - mx) * (y - my)), (syy += (y - my) ** 2);
    // Normal = eigenvector of the smaller eigenvalue of the scatter matrix.
    const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
    const nx = -Math.sin(theta), ny = Math.cos(theta);
    return [nx, ny, -(nx * mx + ny * my)];
  };
  let l = fit(pts);
  if (!l) return null;
  const d = pts.map(([x, y]) => Math.abs(l![0] * x + l![1] * y + l![2]));
  const med = [...d].sort((a, b) => a - b)[d.length >> 1]!;
  const kept = pts.filter((_, i) => d[i]! <= Math.max(1, 2.5 * med));
  if (kept.length >= 3) l = fit(kept);
  return l;
}

function intersect(a: [number, number, number], b: [number, number, number]): XY | null {
  const det = a[0] * b[1] - a[1] * b[0];
  if (Math.abs(det) < 1e-9) return null;
  return [(a[1] * b[2] - a[2] * b[1]) / det, (a[2] * b[0] - a[0] * b[2]) / det];
}
