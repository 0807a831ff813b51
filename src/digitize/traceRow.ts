import { median } from "../util/median.js";
import { strokeCentreLine } from "./strokeCentreLine.js";

export interface TraceRowOptions {
  /** Expected baseline row (px) of this trace row. */
  baseline: number;
  /** Rows searched, [top, bottom) in px; may reach into neighbouring rows. */
  top: number;
  bottom: number;
  /** Columns traced, [left, right) in px. */
  left: number;
  right: number;
  /** Pixels per mm vertically. */
  pxPerMmY: number;
  /** Distance to the nearest neighbouring baseline, px (scales the pull towards this row). */
  spacingPx: number;
  /** Columns (px) where a new lead begins: the path may jump there at no cost. */
  breaks?: number[];
  /**
   * Separator ticks on this row (columns and rows, px, inclusive): inside them the path keeps only
   * ink sticking out past the bar (a complex's tip), else it has no point there.
   */
  ticks?: { left: number; right: number; top: number; bottom: number; labelSide?: "above" | "below" }[];
  /**
   * Dark pixels the ink mask left out as grid lines (a grid as dark as the trace, see darkGridMask):
   * runs made only of them are candidates at WEAK_RUN_COST a column, so the path can follow a line
   * where the trace hides on it instead of skipping or jumping to a neighbour's trace.
   */
  hidden?: Uint8Array;
}

export interface RowTrace {
  left: number;
  /** Per column from `left`: the ink run the path takes (px rows, inclusive), NaN where none. */
  runTop: Float64Array;
  runBottom: Float64Array;
  /** Intensity-weighted centre of the chosen run (px, pixel centres at +0.5), NaN where none. */
  centre: Float64Array;
  /** Median thickness of the drawn line, px. */
  strokePx: number;
  /** The stroke's centre line in image coordinates (x increasing), from strokeCentreLine. */
  xs: Float64Array;
  ys: Float64Array;
  /**
   * Sub-pixel x (px) of the row's first and last drawn point (see strokeCentreLine); NaN where
   * the path does not reach the first or last column.
   */
  startX: number;
  endX: number;
}

interface Run {
  top: number;
  bottom: number;
  centre: number;
  /** Made only of hidden (grid-line) pixels. */
  weak?: boolean;
}

const MAX_RUNS = 16;
/** Cost of skipping a column that holds ink (a column without ink costs 0.05). */
const SKIP_INK_COST = 1.0;
/** Cost per mm the run centre moves between steps: a tie-break only, so tall narrow complexes stay cheaper than skipping them. */
const CENTRE_MOVE_COST = 0.01;
/** Extra cost per column of a run made only of hidden grid-line pixels: below skipping a column with ink (1.0), above the pull of a complex up to ~0.6 row spacings from its baseline. */
const WEAK_RUN_COST = 0.5;

/** Vertical runs of ink in one column within [top, bottom), with weighted centres; with `hidden`, runs of hidden pixels too (weak unless they touch ink). */
function columnRuns(mask: Uint8Array, ink: Uint8Array, width: number, c: number, top: number, bottom: number, mergeGapPx: number, hidden?: Uint8Array): Run[] {
  const runs: (Run & { sw: number; swr: number })[] = [];
  const on = (i: number) => mask[i] === 1 || (hidden !== undefined && hidden[i] === 1);
  let r = top;
  while (r < bottom) {
    if (!on(r * width + c)) {
      r++;
      continue;
    }
    const start = r;
    let sw = 0;
    let swr = 0;
    let weak = true;
    while (r < bottom && on(r * width + c)) {
      const wgt = ink[r * width + c]!;
      sw += wgt;
      swr += wgt * (r + 0.5);
      weak &&= mask[r * width + c] !== 1;
      r++;
    }
    // Thin antialiased strokes break into pieces: a gap of a pixel or two is the same stroke.
    const last = runs[runs.length - 1];
    if (last && start - last.bottom - 1 <= mergeGapPx) {
      last.bottom = r - 1;
      last.sw += sw;
      last.swr += swr;
      last.weak &&= weak;
      last.centre = last.sw > 0 ? last.swr / last.sw : (last.top + r) / 2;
    } else {
      runs.push({ top: start, bottom: r - 1, centre: sw > 0 ? swr / sw : (start + r) / 2, sw, swr, weak });
    }
  }
  return runs;
}

/**
 * Follows one trace row with dynamic programming over the ink runs of each column: the cost of a
 * step is the vertical gap between consecutive runs (mm) plus a pull towards this row's baseline
 * that grows with the square of the distance (relative to the column's nearest run), so the path
 * stays continuous and does not wander onto a neighbouring row's trace where large complexes
 * overlap, yet never skips a tall complex that is the only ink in its columns.
 */
export function traceRow(mask: Uint8Array, ink: Uint8Array, width: number, opts: TraceRowOptions): RowTrace {
  const n = Math.max(0, opts.right - opts.left);
  const perCol: Run[][] = [];
  const mm = opts.pxPerMmY;
  const sp = Math.max(opts.spacingPx, 4 * mm);
  const mergeGapPx = Math.max(1, Math.round(0.25 * mm));
  for (let i = 0; i < n; i++) {
    let runs = columnRuns(mask, ink, width, opts.left + i, opts.top, opts.bottom, mergeGapPx, opts.hidden);
    if (runs.length > MAX_RUNS) {
      runs = runs
        .sort((a, b) => Math.abs(a.centre - opts.baseline) - Math.abs(b.centre - opts.baseline))
        .slice(0, MAX_RUNS)
        .sort((a, b) => a.top - b.top);
    }
    perCol.push(runs);
  }
  const first = bestPath(perCol, n, mm, sp, opts, () => opts.baseline);
  // A wandering baseline takes the trace more than halfway to a neighbour's row, where a pull
  // towards the fixed baseline prefers the neighbour's trace: pull again towards the first path's
  // running median (about 2 s wide), which follows the wander but not the complexes.
  const local = runningMedian(first.centre, Math.round(25 * mm), opts.baseline);
  let wander = 0;
  for (let i = 0; i < n; i++) wander = Math.max(wander, Math.abs(local[i]! - opts.baseline));
  const path = wander > 0.25 * sp ? bestPath(perCol, n, mm, sp, opts, (i) => local[i]!) : first;
  const { runTop, runBottom, centre } = path;
  for (const t of opts.ticks ?? []) {
    for (let c = t.left; c <= t.right; c++) {
      const i = c - opts.left;
      if (i < 0 || i >= n || !Number.isFinite(runTop[i]!)) continue;
      const above = t.top - runTop[i]!;
      const below = runBottom[i]! - t.bottom;
      const up = above >= 2 && t.labelSide !== "above";
      const down = below >= 2 && t.labelSide !== "below";
      if (up && (above >= below || !down)) runBottom[i] = t.top - 1;
      else if (down) runTop[i] = t.bottom + 1;
      else runTop[i] = runBottom[i] = NaN;
      centre[i] = (runTop[i]! + runBottom[i]! + 1) / 2;
    }
  }
  const lens: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(runTop[i]!)) lens.push(runBottom[i]! - runTop[i]! + 1);
  lens.sort((a, b) => a - b);
  const strokePx = lens.length ? lens[Math.floor(lens.length * 0.05)]! : 1;
  const line = strokeCentreLine(runTop, runBottom, ink, { left: opts.left, width });
  return { left: opts.left, runTop, runBottom, centre, strokePx, xs: line.xs, ys: line.ys, startX: Number.isFinite(runTop[0]!) ? line.startX : NaN, endX: Number.isFinite(runTop[n - 1]!) ? line.endX : NaN };
}

/** The cheapest path through the columns' runs (see traceRow), pulled towards baselineAt(column index). */
function bestPath(perCol: Run[][], n: number, mm: number, sp: number, opts: TraceRowOptions, baselineAt: (i: number) => number): { runTop: Float64Array; runBottom: Float64Array; centre: Float64Array } {
  // cost[i][k]: best path cost ending at run k of column i; (backCol, backRun) its predecessor.
  // A step may skip up to `reach` columns (paying for each skipped column that had ink), so one
  // stray run (a neighbour's stroke, a label) never forces the path off its trace.
  const reach = Math.max(3, Math.round(1.5 * mm));
  const cost: Float64Array[] = [];
  const backCol: Int32Array[] = [];
  const backRun: Int32Array[] = [];
  const withRuns: number[] = [];
  const breakAt = new Uint8Array(n + 1);
  for (const b of opts.breaks ?? []) {
    const i = Math.round(b) - opts.left;
    if (i >= 0 && i < n) breakAt[i] = 1;
  }
  let sinceBreak = reach + 1;
  for (let i = 0; i < n; i++) {
    sinceBreak = breakAt[i] ? 0 : sinceBreak + 1;
    const runs = perCol[i]!;
    // The pull only ranks a column's runs against each other: a tall complex that is the only ink
    // in its columns must not cost more than skipping them.
    const unary = (r: Run) => {
      const d = (r.centre - baselineAt(i)) / sp;
      return 1.5 * d * d + (r.weak ? WEAK_RUN_COST : 0);
    };
    let minUnary = Infinity;
    for (const r of runs) minUnary = Math.min(minUnary, unary(r));
    const ci = new Float64Array(runs.length);
    const bc = new Int32Array(runs.length).fill(-1);
    const br = new Int32Array(runs.length).fill(-1);
    const preds: number[] = [];
    for (let w = withRuns.length - 1; w >= 0 && i - withRuns[w]! <= reach; w--) preds.push(withRuns[w]!);
    if (preds.length === 0 && withRuns.length) preds.push(withRuns[withRuns.length - 1]!);
    for (let k = 0; k < runs.length; k++) {
      const r = runs[k]!;
      let best = preds.length ? Infinity : 0;
      for (const j of preds) {
        const pr = perCol[j]!;
        const pc = cost[j]!;
        let skip = 0;
        for (let q = j + 1; q < i; q++) skip += hasInk(perCol[q]!) ? SKIP_INK_COST : 0.05;
        for (let q = 0; q < pr.length; q++) {
          const a = pr[q]!;
          // Across a lead border the signal may jump: continuity is asked less there (not at all
          // would let the path start on a lead label beside the trace).
          const gap = (Math.max(0, r.top - a.bottom - 2, a.top - r.bottom - 2) / mm) * (sinceBreak <= i - j ? 0.3 : 1);
          const c = pc[q]! + gap + (CENTRE_MOVE_COST * Math.abs(r.centre - a.centre)) / mm + skip;
          if (c < best) {
            best = c;
            bc[k] = j;
            br[k] = q;
          }
        }
      }
      ci[k] = best + unary(r) - minUnary;
    }
    cost.push(ci);
    backCol.push(bc);
    backRun.push(br);
    if (runs.length) withRuns.push(i);
  }
  const runTop = new Float64Array(n).fill(NaN);
  const runBottom = new Float64Array(n).fill(NaN);
  const centre = new Float64Array(n).fill(NaN);
  if (withRuns.length) {
    // End at the cheapest run among the last columns (the path may skip trailing strays too).
    let i = -1;
    let k = -1;
    let bestEnd = Infinity;
    for (let w = withRuns.length - 1; w >= 0 && withRuns[withRuns.length - 1]! - withRuns[w]! <= reach; w--) {
      const j = withRuns[w]!;
      let trailing = 0;
      for (let q = j + 1; q < n; q++) trailing += hasInk(perCol[q]!) ? SKIP_INK_COST : 0.05;
      cost[j]!.forEach((c, q) => {
        if (c + trailing < bestEnd) {
          bestEnd = c + trailing;
          i = j;
          k = q;
        }
      });
    }
    while (i >= 0 && k >= 0) {
      const r = perCol[i]![k]!;
      runTop[i] = r.top;
      runBottom[i] = r.bottom;
      centre[i] = r.centre;
      const pi = backCol[i]![k]!;
      k = backRun[i]![k]!;
      i = pi;
    }
  }
  return { runTop, runBottom, centre };
}

/** Whether a column holds ink (runs of hidden grid-line pixels alone cost nothing to skip). */
function hasInk(runs: Run[]): boolean {
  for (const r of runs) if (!r.weak) return true;
  return false;
}

/** Median of the finite values within +-half of each index; `fallback` where the window has none. */
function runningMedian(v: Float64Array, half: number, fallback: number): Float64Array {
  const out = new Float64Array(v.length);
  const step = Math.max(1, Math.round(half / 8));
  const win: number[] = [];
  // Evaluated every `step` columns and interpolated: the wander is slow.
  const knots: number[] = [];
  for (let i = 0; i < v.length + step; i += step) {
    const c = Math.min(i, v.length - 1);
    win.length = 0;
    for (let j = Math.max(0, c - half); j <= Math.min(v.length - 1, c + half); j++) if (Number.isFinite(v[j]!)) win.push(v[j]!);
    win.sort((x, y) => x - y);
    knots.push(win.length ? win[win.length >> 1]! : fallback);
    if (c === v.length - 1) break;
  }
  for (let i = 0; i < v.length; i++) {
    const k = Math.floor(i / step);
    const f = i / step - k;
    out[i] = knots[k]! * (1 - f) + (knots[k + 1] ?? knots[k]!) * f;
  }
  return out;
}

/** Median traced level (px) over columns [a, b], NaN when the trace is missing there. */
export function levelBetween(tr: RowTrace, a: number, b: number): number {
  const vals: number[] = [];
  for (let c = Math.round(a); c <= Math.round(b); c++) {
    const v = tr.centre[c - tr.left];
    if (v !== undefined && Number.isFinite(v)) vals.push(v);
  }
  return vals.length ? median(vals) : NaN;
}

/** Linear interpolation of a polyline (xs increasing) at x; NaN outside [xs[0], xs[last]]. */
export function polylineAt(xs: Float64Array, ys: Float64Array, x: number, hint = { i: 0 }): number {
  const n = xs.length;
  if (n === 0 || x < xs[0]! || x > xs[n - 1]!) return NaN;
  let i = Math.min(Math.max(0, hint.i), n - 2);
  while (i > 0 && xs[i]! > x) i--;
  while (i < n - 2 && xs[i + 1]! < x) i++;
  hint.i = i;
  if (n === 1) return ys[0]!;
  const x0 = xs[i]!;
  const x1 = xs[i + 1]!;
  const f = x1 > x0 ? (x - x0) / (x1 - x0) : 0;
  return ys[i]! * (1 - f) + ys[i + 1]! * f;
}
