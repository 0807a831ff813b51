/**
 * Columns [left, right) a trace row spans: the longest chain of columns that have ink within
 * `halfBandPx` of the baseline, bridging gaps shorter than `maxGapPx`.
 */
export function rowExtent(
  mask: Uint8Array,
  width: number,
  height: number,
  baseline: number,
  halfBandPx: number,
  maxGapPx: number,
): { left: number; right: number } {
  const top = Math.max(0, Math.floor(baseline - halfBandPx));
  const bottom = Math.min(height, Math.ceil(baseline + halfBandPx));
  let best = { left: 0, right: 0 };
  let start = -1;
  let lastInk = -1;
  for (let c = 0; c <= width; c++) {
    let has = false;
    if (c < width) {
      for (let r = top; r < bottom; r++) {
        if (mask[r * width + c]) {
          has = true;
          break;
        }
      }
    }
    if (has) {
      if (start < 0 || c - lastInk > maxGapPx) start = c;
      lastInk = c;
      if (lastInk + 1 - start > best.right - best.left) best = { left: start, right: lastInk + 1 };
    }
  }
  return best;
}
