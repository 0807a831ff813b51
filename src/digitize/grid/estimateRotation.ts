export interface EstimateRotationOptions {
  /** Largest rotation searched, degrees. Default 8. */
  maxAngleDeg?: number;
}

export interface RotationEstimate {
  /** Positive = page content rotated counter-clockwise on screen. */
  angleDeg: number;
  /** Sharpness gain of the best angle over 0 degrees (1 = no gain). */
  gain: number;
}

/**
 * Rotation of horizontal grid lines and traces: the angle whose sheared row projection of a
 * darkness plane (less each row's median) is sharpest (largest sum of squares), coarse to fine,
 * on a 2x-subsampled plane for large images.
 */
export function estimateRotation(plane: Uint8Array, width: number, height: number, options: EstimateRotationOptions = {}): RotationEstimate {
  const maxA = options.maxAngleDeg ?? 8;
  const step = width * height > 2_000_000 ? 2 : 1;
  const cx = width / 2;
  const nb = height + Math.ceil(width * Math.tan((maxA * Math.PI) / 180)) + 4;
  const off = (nb - height) / 2;
  const bins = new Float64Array(nb);
  // The dark pixels once (row, column offset, weight); each candidate angle only re-bins them.
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const hist = new Uint32Array(256);
  for (let r = 0; r < height; r += step) {
    const o = r * width;
    // Less each row's median: scanner streaks and shading fill whole pixel rows and would make
    // 0 degrees look sharpest; tilted lines cover any one row only briefly and survive.
    hist.fill(0);
    let n = 0;
    for (let c = 0; c < width; c += step) hist[plane[o + c]!]!++, n++;
    let med = 0;
    for (let acc = 0; med < 255; med++) {
      acc += hist[med]!;
      if (acc * 2 >= n) break;
    }
    for (let c = 0; c < width; c += step) {
      const v = plane[o + c]! - med;
      if (v < 24) continue;
      rows.push(r + off);
      cols.push(c - cx);
      vals.push(v);
    }
  }
  const pr = Float64Array.from(rows);
  const pc = Float64Array.from(cols);
  const pv = Float64Array.from(vals);
  const sharp = (deg: number): number => {
    bins.fill(0);
    const t = Math.tan((deg * Math.PI) / 180);
    for (let i = 0; i < pr.length; i++) {
      const b = Math.round(pr[i]! + t * pc[i]!);
      bins[b] = bins[b]! + pv[i]!;
    }
    let s = 0;
    for (let i = 0; i < nb; i++) s += bins[i]! * bins[i]!;
    return s;
  };
  const s0 = sharp(0);
  let best = 0;
  let bestS = s0;
  for (let a = -maxA; a <= maxA + 1e-9; a += 0.2) {
    const s = sharp(a);
    if (s > bestS) {
      bestS = s;
      best = a;
    }
  }
  for (const d of [0.1, 0.05, 0.02]) {
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
  return { angleDeg: Math.abs(best) < 0.03 ? 0 : Math.round(best * 100) / 100, gain: s0 > 0 ? bestS / s0 : 1 };
}
