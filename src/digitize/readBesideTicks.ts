import type { RowTrace } from "./traceRow.js";

/** Columns [left, right] (px, inclusive) of a separator tick's bar. */
export interface TickColumns {
  left: number;
  right: number;
}

export interface ReadBesideTicksOptions {
  /** The cell's first and last column on paper (px, continuous). */
  xa: number;
  xb: number;
  /** Read window without ticks (px): the cell minus its margins. */
  lo: number;
  hi: number;
  /** The tick on the cell's start border and on its end border, if any. */
  tickA?: TickColumns;
  tickB?: TickColumns;
}

/** The farthest column from `from` stepping by `step` with the path unbroken from `from` on; `from - step` when none. */
function tracedFrom(trace: RowTrace, from: number, step: 1 | -1, maxSteps: number): number {
  let c = from - step;
  for (let k = 0; k < maxSteps && Number.isFinite(trace.runTop[c + step - trace.left] ?? NaN); k++) c += step;
  return c;
}

/**
 * The columns [lo, hi] (px) a cell is read over where separator ticks stand on its borders: up to
 * the bar's own edge, and on through the bar's columns as far as the path goes on this side of the
 * border. A complex's tip sticking out of the bar past columns the bar hides is this cell's too:
 * the read reaches it (the polyline bridges the hidden columns) rather than holding the level
 * where the bar begins, which misses the last complex of a cell that runs into the tick.
 */
export function readBesideTicks(tr: RowTrace, o: ReadBesideTicksOptions): { lo: number; hi: number } {
  let { lo, hi } = o;
  const { xa, xb, tickA, tickB } = o;
  const drawn = (c: number) => Number.isFinite(tr.runTop[c - tr.left] ?? NaN);
  if (tickA) {
    lo = Math.max(xa, tracedFrom(tr, tickA.right + 1, -1, tickA.right + 2 - tickA.left) + 0.5);
    for (let c = Math.max(tickA.left, Math.ceil(xa)); c <= tickA.right; c++) {
      if (drawn(c)) {
        lo = Math.min(lo, c + 0.5);
        break;
      }
    }
  }
  if (tickB) {
    hi = Math.min(xb, tracedFrom(tr, tickB.left - 1, 1, tickB.right + 2 - tickB.left) + 0.5);
    for (let c = Math.min(tickB.right, Math.floor(xb) - 1); c >= tickB.left; c--) {
      if (drawn(c)) {
        hi = Math.max(hi, c + 0.5);
        break;
      }
    }
  }
  return { lo, hi };
}
