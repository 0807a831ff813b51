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
 * darkness plane is sharpest (largest sum of squares), coarse to fine, on a 2x-subsampled plane.
 */
export function estimateRotation(plane: Uint8Array, width: number, height: number, options: EstimateRotationOptions = {}): RotationEstimate {
  const maxA = options.maxAngleDeg ?? 8;
  const step = width * height > 2_000_000 ? 2 : 1;
  const cx = width / 2;
  const nb = height + Math.ceil(width * Math.tan((maxA * Math.PI) / 180)) + 4;
  const off = (nb - height) / 2;
  const bins = new Float64Array(nb);
  const sharp = (deg: number): number => {
    bins.fill(0);
    const t = Math.tan((deg * Math.PI) / 180);
    for (let r = 0; r < height; r += step) {
      const o = r * width;
      for (let c = 0; c < width; c += step) {
        const v = plane[o + c]!;
        if (v < 24) continue;
        const b = Math.round(r + t * (c - cx) + off);
        bins[b] = bins[b]! + v;
      }
    }
    let s = 0;
    for (let i = 0; i < nb; i++) s += bins[i]! * bins[i]!;
    return s;
  };
  const s0 = sharp(0);
  let best = 0;
  let bestS = s0;
  for (let a = -maxA; a <= maxA + 1e-9; a += 0.5) {
    const s = sharp(a);
    if (s > bestS) {
      bestS = s;
      best = a;
    }
  }
  for (const d of [0.25, 0.1, 0.04, 0.02]) {
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
  return { angleDeg: Math.abs(best) < 0.03 ? 0 : best, gain: s0 > 0 ? bestS / s0 : 1 };
}
