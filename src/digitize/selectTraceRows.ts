export interface SelectTraceRowsOptions {
  /** Largest ratio of the widest to the narrowest gap between kept rows (default 1.35): printed rows are evenly spaced. */
  maxSpacingRatio?: number;
  /** Mean coverage of the dropped rows at most this share of the kept rows' (default 0.75). */
  maxDroppedCoverage?: number;
}

/** Row counts of the layouts with separate rows (3x4 with 0-3 rhythm strips, 6x2) and of 12x1. */
const STANDARD_ROW_COUNTS = new Set([3, 4, 5, 6, 12]);

/**
 * Rows found beyond a standard count (7-11) are often not all trace rows: giant complexes that
 * reach far into the next row, or a header line, make extra humps of ink. When the best-covered
 * k rows (k = 6 down to 3) are evenly spaced and clearly better covered than the rest, those are
 * the trace rows. Otherwise (a 12x1 page with a row or two missing, whose rows are all alike)
 * the rows are returned as found. Baselines ascending; coverage per image row (findRows).
 */
export function selectTraceRows(baselines: number[], coverage: Float64Array, options: SelectTraceRowsOptions = {}): { baselines: number[]; dropped: number[] } {
  const n = baselines.length;
  if (n < 7 || STANDARD_ROW_COUNTS.has(n)) return { baselines, dropped: [] };
  const maxRatio = options.maxSpacingRatio ?? 1.35, maxDropped = options.maxDroppedCoverage ?? 0.75;
  const byCoverage = [...baselines].sort((a, b) => coverage[b]! - coverage[a]!);
  const mean = (rows: number[]) => rows.reduce((s, r) => s + coverage[r]!, 0) / rows.length;
  for (let k = 6; k >= 3; k--) {
    const kept = byCoverage.slice(0, k).sort((a, b) => a - b), dropped = byCoverage.slice(k);
    const gaps = kept.slice(1).map((r, i) => r - kept[i]!);
    if (Math.max(...gaps) > maxRatio * Math.min(...gaps)) continue;
    if (mean(dropped) > maxDropped * mean(kept)) continue;
    return { baselines: kept, dropped: dropped.sort((a, b) => a - b) };
  }
  return { baselines, dropped: [] };
}
