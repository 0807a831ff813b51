import type { RowTrace } from "./traceRow.js";

export interface CalibrationPulse {
  side: "start" | "end";
  /** Pulse height above its foot, px. */
  heightPx: number;
  /** Row (px) of the pulse's foot: the row's 0 mV level. */
  footRow: number;
  /** Columns (px) where the plateau begins and ends. */
  plateauStart: number;
  plateauEnd: number;
  /**
   * x (px, continuous, pixel centres at +0.5) of the pulse edge next to the signal: the falling
   * edge of a start pulse (where the signal begins), the rising edge of an end pulse.
   */
  signalEdge: number;
}

export interface FindCalibrationPulseOptions {
  baseline: number;
  pxPerMmX: number;
  pxPerMmY: number;
  /** Searched length at each end of the trace, mm. Default 12. */
  searchMm?: number;
}

/**
 * A calibration pulse is a flat plateau 2.5-20 mm above the baseline, 2-8 mm long (200 ms at
 * 12.5-25 mm/s... 50 mm/s), at one end of the traced row.
 */
export function findCalibrationPulse(
  trace: RowTrace,
  ink: Uint8Array,
  width: number,
  o: FindCalibrationPulseOptions,
): CalibrationPulse | undefined {
  const n = trace.centre.length;
  const search = Math.min(n, Math.round((o.searchMm ?? 12) * o.pxPerMmX));
  const valid: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(trace.centre[i]!)) valid.push(i);
  if (valid.length < 10) return undefined;
  const first = valid[0]!;
  const last = valid[valid.length - 1]!;
  const high = (i: number) => Number.isFinite(trace.centre[i]!) && o.baseline - trace.centre[i]! >= 2.5 * o.pxPerMmY;
  const check = (side: "start" | "end"): CalibrationPulse | undefined => {
    const dir = side === "start" ? 1 : -1;
    const from = side === "start" ? first : last;
    // The plateau must begin within 3 mm of the trace end.
    let i = from;
    const limit = Math.round(3 * o.pxPerMmX);
    while (Math.abs(i - from) <= limit && i >= 0 && i < n && !high(i)) i += dir;
    if (!(i >= 0 && i < n && high(i))) return undefined;
    const a = i;
    while (i >= 0 && i < n && Math.abs(i - from) < search && (high(i) || !Number.isFinite(trace.centre[i]!))) i += dir;
    const b = i - dir;
    const lenMm = (Math.abs(b - a) + 1) / o.pxPerMmX;
    if (lenMm < 2 || lenMm > 8.5) return undefined;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const ys: number[] = [];
    for (let k = lo + 1; k < hi; k++) {
      const len = trace.runBottom[k]! - trace.runTop[k]! + 1;
      if (Number.isFinite(trace.centre[k]!) && len <= trace.strokePx + 2) ys.push(trace.centre[k]!);
    }
    if (ys.length < 3) return undefined;
    ys.sort((p, q) => p - q);
    const y = ys[ys.length >> 1]!;
    // Flat: most plateau columns within 0.4 mm of its median.
    const flat = ys.filter((v) => Math.abs(v - y) <= 0.4 * o.pxPerMmY).length / ys.length;
    if (flat < 0.8) return undefined;
    // The pulse's foot is the far end of its vertical edges (the columns beside the plateau).
    // Use the edge away from the signal: the signal may leave the pulse below its foot.
    let foot = -Infinity;
    const outer = side === "start" ? [lo - 1, lo - 2, lo - 3] : [hi + 1, hi + 2, hi + 3];
    for (const k of outer) {
      if (k >= 0 && k < n && Number.isFinite(trace.runBottom[k]!)) foot = Math.max(foot, trace.runBottom[k]! + 1 - trace.strokePx / 2);
    }
    if (!(foot - y >= 2.5 * o.pxPerMmY)) foot = o.baseline;
    const heightPx = foot - y;
    // Sub-pixel x of the vertical edge: ink-weighted mean column over the middle half of its height.
    const edgeCol = trace.left + (side === "start" ? hi : lo);
    const r0 = Math.round(y + heightPx * 0.25);
    const r1 = Math.round(y + heightPx * 0.75);
    let sw = 0;
    let sx = 0;
    for (let c = edgeCol - 3; c <= edgeCol + 3; c++) {
      if (c < 0 || c >= width) continue;
      for (let r = r0; r <= r1; r++) {
        const v = ink[r * width + c]!;
        if (v < 64) continue;
        sw += v;
        sx += v * (c + 0.5);
      }
    }
    const signalEdge = sw > 0 ? sx / sw : edgeCol + 0.5;
    return { side, heightPx, footRow: foot, plateauStart: trace.left + lo, plateauEnd: trace.left + hi, signalEdge };
  };
  return check("start") ?? check("end");
}

/**
 * Drops plateaus that are no calibration pulse: heights more than 20 % off the median of the
 * rows' pulses, and a pulse found on only one row of three or more when its height is no
 * standard gain (a flat-topped complex, not a pulse the printer drew). Returns the kept pulses,
 * row by row, and a warning for what was dropped.
 */
export function consistentPulses(
  pulses: readonly (CalibrationPulse | undefined)[],
  pxPerMmY: number,
  standardGainsMmPerMv: readonly number[],
): { pulses: (CalibrationPulse | undefined)[]; warning?: string } {
  const heights = pulses.filter((p): p is CalibrationPulse => !!p).map((p) => p.heightPx).sort((a, b) => a - b);
  if (heights.length === 0) return { pulses: [...pulses] };
  const mid = heights[heights.length >> 1]!;
  let kept = pulses.map((p) => (p && Math.abs(p.heightPx / mid - 1) <= 0.2 ? p : undefined));
  const dropped = pulses.filter(Boolean).length - kept.filter(Boolean).length;
  const found = kept.filter((p): p is CalibrationPulse => !!p);
  const standard = standardGainsMmPerMv.some((g) => Math.abs(mid / pxPerMmY / g - 1) <= 0.15);
  if (found.length === 1 && pulses.length >= 3 && !standard) {
    kept = pulses.map(() => undefined);
    return { pulses: kept, warning: `a ${(mid / pxPerMmY).toFixed(1)} mm plateau on one row only is no calibration pulse; ignored` };
  }
  return { pulses: kept, warning: dropped ? `${dropped} calibration pulse(s) of a different height than the others ignored` : undefined };
}

/**
 * Without a grid the time scale comes from the trace length (an assumed duration at an assumed
 * speed); a standard pulse lasts 200 ms, so its plateau width checks that scale. The amplitude is
 * taken from the pulse height in px (1 mV) whatever the mm scale. Returns the warning to report.
 */
export function noGridPulseCheck(pulses: readonly (CalibrationPulse | undefined)[], pxPerMmX: number, paperSpeedMmPerS: number): string {
  const widths = pulses.filter((p): p is CalibrationPulse => !!p).map((p) => p.plateauEnd - p.plateauStart + 1).sort((a, b) => a - b);
  const pulsePxPerMm = widths[widths.length >> 1]! / (0.2 * paperSpeedMmPerS);
  const off = pulsePxPerMm / pxPerMmX - 1;
  const head = `no grid: amplitude from the calibration pulse height (1 mV); its 200 ms plateau implies ${pulsePxPerMm.toFixed(2)} px/mm`;
  return Math.abs(off) <= 0.1
    ? `${head}, within ${(Math.abs(off) * 100).toFixed(0)} % of the trace-length scale ${pxPerMmX.toFixed(2)} px/mm`
    : `${head}, ${(off * 100).toFixed(0)} % off the trace-length scale ${pxPerMmX.toFixed(2)} px/mm used for time: check the duration and paper speed`;
}
