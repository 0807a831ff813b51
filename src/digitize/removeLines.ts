/**
 * Clears straight axis-aligned ink lines from a mask in place: horizontal runs of at least
 * `minRowRunPx` pixels and vertical runs of at least `minColRunPx` (page frames, table rules,
 * black grid lines). A trace is never that straight for that long. Returns the pixels cleared.
 */
export function removeLines(mask: Uint8Array, width: number, height: number, minRowRunPx: number, minColRunPx: number): number {
  const clear = new Uint8Array(mask.length);
  for (let r = 0; r < height; r++) {
    const o = r * width;
    let start = -1;
    for (let c = 0; c <= width; c++) {
      const on = c < width && mask[o + c] === 1;
      if (on && start < 0) start = c;
      if (!on && start >= 0) {
        if (c - start >= minRowRunPx) clear.fill(1, o + start, o + c);
        start = -1;
      }
    }
  }
  for (let c = 0; c < width; c++) {
    let start = -1;
    for (let r = 0; r <= height; r++) {
      const on = r < height && mask[r * width + c] === 1;
      if (on && start < 0) start = r;
      if (!on && start >= 0) {
        if (r - start >= minColRunPx) for (let k = start; k < r; k++) clear[k * width + c] = 1;
        start = -1;
      }
    }
  }
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (clear[i]) {
      mask[i] = 0;
      n++;
    }
  }
  return n;
}

/**
 * Clears the pixels of vertical grid lines that the ink threshold let through in pieces (dark
 * grids on black-and-white pages), which would join trace rows: in a pixel column holding ink over
 * more than `densityFrac` of its height, vertical runs of at least `minRunPx` go. (Rows are left
 * alone: a flat trace fills a pixel row as densely as a grid line.)
 */
export function removeDenseLines(mask: Uint8Array, width: number, height: number, minRunPx: number, densityFrac = 0.3): number {
  let cleared = 0;
  for (let c = 0; c < width; c++) {
    let count = 0;
    for (let r = 0; r < height; r++) count += mask[r * width + c]!;
    if (count < densityFrac * height) continue;
    // Aligned QRS complexes of many simultaneous rows fill a column as densely, but in clusters
    // with blank paper between rows; a broken grid line's gaps are short.
    let first = -1;
    let last = -1;
    let longGaps = 0;
    for (let r = 0; r < height; r++) {
      if (!mask[r * width + c]) continue;
      if (first < 0) first = r;
      else if (r - last - 1 > 2 * minRunPx) longGaps += r - last - 1;
      last = r;
    }
    if (longGaps > 0.3 * (last - first)) continue;
    let start = -1;
    for (let r = 0; r <= height; r++) {
      const on = r < height && mask[r * width + c] === 1;
      if (on && start < 0) start = r;
      if (!on && start >= 0) {
        if (r - start >= minRunPx) for (let k = start; k < r; k++) (mask[k * width + c] = 0), cleared++;
        start = -1;
      }
    }
  }
  return cleared;
}
