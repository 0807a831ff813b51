export interface FindRowsOptions {
  /** Pixels per mm vertically (sets the smoothing and the least row spacing). */
  pxPerMmY: number;
  /** Least distance between two rows, mm. Default 10. */
  minSpacingMm?: number;
  /** A row must cover this share of the best row's columns. Default 0.35. */
  minCoverage?: number;
}

export interface FoundRows {
  /** Row (px) of each trace row's baseline, top to bottom. */
  baselines: number[];
  /** Per image row: how many columns have ink within +-1 mm, averaged over +-3 mm. */
  coverage: Float64Array;
}

/**
 * Trace rows are where ink covers most columns within a millimetre (a trace spends most of its
 * time near its baseline, over the whole page width); text lines cover far fewer columns.
 */
export function findRows(mask: Uint8Array, width: number, height: number, options: FindRowsOptions): FoundRows {
  const band = Math.max(1, Math.round(options.pxPerMmY));
  const coverage = new Float64Array(height);
  const diff = new Int32Array(height + 1);
  for (let c = 0; c < width; c++) {
    let last = -1_000_000;
    for (let r = 0; r < height; r++) {
      if (!mask[r * width + c]) continue;
      // Mark rows r-band..r+band, merging with the previous mark so each row counts once per column.
      const from = Math.max(r - band, last + band + 1, 0);
      const to = Math.min(height - 1, r + band);
      if (from <= to) {
        diff[from]!++;
        diff[to + 1]!--;
      }
      last = r;
    }
  }
  for (let r = 0, acc = 0; r < height; r++) {
    acc += diff[r]!;
    coverage[r] = acc;
  }
  // Smooth over +-3 mm: a row whose trace swings widely (no flat baseline) still makes one hump.
  const half = Math.max(1, Math.round(3 * options.pxPerMmY));
  const prefix = new Float64Array(height + 1);
  for (let r = 0; r < height; r++) prefix[r + 1] = prefix[r]! + coverage[r]!;
  const smooth = new Float64Array(height);
  for (let r = 0; r < height; r++) {
    const a = Math.max(0, r - half);
    const b = Math.min(height, r + half + 1);
    smooth[r] = (prefix[b]! - prefix[a]!) / (b - a);
  }
  const minSep = (options.minSpacingMm ?? 10) * options.pxPerMmY;
  const peak = Math.max(0, ...smooth);
  const thr = (options.minCoverage ?? 0.35) * peak;
  const candidates: number[] = [];
  for (let r = 1; r < height - 1; r++) {
    if (smooth[r]! >= thr && smooth[r]! >= smooth[r - 1]! && smooth[r]! > smooth[r + 1]!) candidates.push(r);
  }
  candidates.sort((a, b) => smooth[b]! - smooth[a]!);
  const chosen: number[] = [];
  for (const r of candidates) if (chosen.every((q) => Math.abs(q - r) >= minSep)) chosen.push(r);
  chosen.sort((a, b) => a - b);
  return { baselines: chosen, coverage: smooth };
}
