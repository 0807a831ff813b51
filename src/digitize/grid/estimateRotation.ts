export interface EstimateRotationOptions {
  /** Largest rotation searched, degrees. Default 8. */
  maxAngleDeg?: number;
  /** Centre of the searched range, degrees (searched: centre +- maxAngleDeg). Default 0. */
  centerDeg?: number;
  /** Coarse search step, degrees. Default 0.2. */
  stepDeg?: number;
  /**
   * Subtract each row's median darkness (true) or the whole plane's (false). Per row removes
   * streaks and shading of scans, but also grid lines that lie exactly along a row. Default true.
   */
  rowMedian?: boolean;
}

export interface RotationEstimate {
  /** Positive = page content rotated counter-clockwise on screen. */
  angleDeg: number;
  /** Sharpness gain of the best angle over 0 degrees (1 = no gain). */
  gain: number;
  /** Sharpness at the best angle over the median sharpness of the angles searched (1 = no peak). */
  contrast: number;
}

/**
 * Rotation of horizontal grid lines and traces: the angle whose sheared row projection of a
 * darkness plane (less each row's median) is sharpest (largest sum of squares), coarse to fine,
 * on a 2x-subsampled plane for large images.
 */
export function estimateRotation(plane: Uint8Array, width: number, height: number, options: EstimateRotationOptions = {}): RotationEstimate {
  const maxA = options.maxAngleDeg ?? 8;
  const centre = options.centerDeg ?? 0;
  const stepDeg = options.stepDeg ?? 0.2;
  const step = width * height > 2_000_000 ? 2 : 1;
  const cx = width / 2;
  const nb = height + Math.ceil(width * Math.tan(((Math.abs(centre) + maxA) * Math.PI) / 180)) + 4;
  const off = (nb - height) / 2;
  const bins = new Float64Array(nb);
  // The dark pixels once (row, column offset, weight); each candidate angle only re-bins them.
  const cap = Math.ceil(height / step) * Math.ceil(width / step);
  const pr = new Float64Array(cap);
  const pc = new Float64Array(cap);
  const pv = new Float64Array(cap);
  let np = 0;
  const hist = new Uint32Array(256);
  const rowMedian = options.rowMedian ?? true;
  const medianOf = (r0: number, r1: number): number => {
    hist.fill(0);
    let n = 0;
    for (let r = r0; r < r1; r += step) for (let c = 0, o = r * width; c < width; c += step) hist[plane[o + c]!]!++, n++;
    let med = 0;
    for (let acc = 0; med < 255; med++) {
      acc += hist[med]!;
      if (acc * 2 >= n) break;
    }
    return med;
  };
  const planeMedian = rowMedian ? 0 : medianOf(0, height);
  for (let r = 0; r < height; r += step) {
    const o = r * width;
    // Less each row's median: scanner streaks and shading fill whole pixel rows and would make
    // 0 degrees look sharpest; tilted lines cover any one row only briefly and survive.
    const med = rowMedian ? medianOf(r, r + 1) : planeMedian;
    for (let c = 0; c < width; c += step) {
      const v = plane[o + c]! - med;
      if (v < 24) continue;
      pr[np] = r + off;
      pc[np] = c - cx;
      pv[np++] = v;
    }
  }
  const sharp = (deg: number): number => {
    bins.fill(0);
    const t = Math.tan((deg * Math.PI) / 180);
    for (let i = 0; i < np; i++) {
      // Bins are positive, so truncating x + 0.5 is Math.round.
      const b = (pr[i]! + t * pc[i]! + 0.5) | 0;
      bins[b] = bins[b]! + pv[i]!;
    }
    let s = 0;
    for (let i = 0; i < nb; i++) s += bins[i]! * bins[i]!;
    return s;
  };
  const s0 = sharp(0);
  let best = 0;
  let bestS = s0;
  const searched: number[] = [];
  for (let a = centre - maxA; a <= centre + maxA + 1e-9; a += stepDeg) {
    const s = sharp(a);
    searched.push(s);
    if (s > bestS) {
      bestS = s;
      best = a;
    }
  }
  for (const d of [stepDeg / 2, stepDeg / 4, stepDeg / 10]) {
    let center = best;
    for (const a of [center - d, center + d]) {
      const s = sharp(a);
      if (s > bestS) {
        bestS = s;
        center = a;
      }
    }
    best = center;
  }
  searched.sort((x, y) => x - y);
  const mid = searched[searched.length >> 1] ?? 0;
  return { angleDeg: Math.abs(best) < 0.03 ? 0 : Math.round(best * 100) / 100, gain: s0 > 0 ? bestS / s0 : 1, contrast: mid > 0 ? bestS / mid : 1 };
}
