/**
 * Columns [left, right) a trace row spans: the longest chain of columns that have ink within
 * `halfBandPx` of the trace's level, bridging gaps shorter than `maxGapPx`. The level starts at the
 * baseline and follows the ink nearest to it (slowly, so complexes do not move it), within
 * `maxWanderPx` of the baseline: a wandering baseline keeps its row whole. Default maxWanderPx 0.
 */
export function rowExtent(
  mask: Uint8Array,
  width: number,
  height: number,
  baseline: number,
  halfBandPx: number,
  maxGapPx: number,
  maxWanderPx = 0,
): { left: number; right: number } {
  let best = { left: 0, right: 0 };
  let start = -1;
  let lastInk = -1;
  let level = baseline;
  for (let c = 0; c <= width; c++) {
    if (start >= 0 && c - lastInk > maxGapPx) level = baseline;
    const centre = Math.min(baseline + maxWanderPx, Math.max(baseline - maxWanderPx, level));
    const top = Math.max(0, Math.floor(centre - halfBandPx));
    const bottom = Math.min(height, Math.ceil(centre + halfBandPx));
    let nearest = -1;
    if (c < width) {
      for (let r = top; r < bottom; r++) {
        if (mask[r * width + c] && (nearest < 0 || Math.abs(r + 0.5 - centre) < Math.abs(nearest + 0.5 - centre))) nearest = r;
      }
    }
    if (nearest >= 0) {
      if (start < 0 || c - lastInk > maxGapPx) start = c;
      lastInk = c;
      level += 0.05 * (nearest + 0.5 - level);
      if (lastInk + 1 - start > best.right - best.left) best = { left: start, right: lastInk + 1 };
    }
  }
  return best;
}
