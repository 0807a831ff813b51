import { describe, expect, it } from "vitest";
import { readBesideTicks } from "../readBesideTicks.js";
import type { RowTrace } from "../traceRow.js";

/** A traced row over columns 0-199 drawn where `drawn(c)`, level at row 50. */
function row(drawn: (c: number) => boolean): RowTrace {
  const n = 200;
  const runTop = Float64Array.from({ length: n }, (_, c) => (drawn(c) ? 49 : NaN));
  const runBottom = Float64Array.from({ length: n }, (_, c) => (drawn(c) ? 51 : NaN));
  return { left: 0, runTop, runBottom, centre: runTop.map((v) => v + 1.5), strokePx: 3, xs: new Float64Array(0), ys: new Float64Array(0), startX: NaN, endX: NaN };
}

describe("reading a cell beside separator ticks", () => {
  const tick = { left: 100, right: 105 };

  it("reads on to a complex's tip that sticks out of the bar past hidden columns, at the cell's end", () => {
    // The bar hides columns 100-102 (the upstroke runs inside it); the R wave's tip shows above
    // it at 103-104; the border (next cell's first sample) is at 105.5.
    const tr = row((c) => c < 100 || c === 103 || c === 104 || c > 105);
    const w = readBesideTicks(tr, { xa: 0, xb: 105.5, lo: 5, hi: 100.8, tickB: tick });
    // The old rule stopped at the first hidden column (hi 99.5) and held the level there.
    expect(w.hi).toBe(104.5);
    expect(w.lo).toBe(5);
  });

  it("reads from a tip inside the bar at the cell's start", () => {
    const tr = row((c) => c < 100 || c === 101 || c > 104);
    const w = readBesideTicks(tr, { xa: 100.5, xb: 190, lo: 101.3, hi: 189, tickA: tick });
    expect(w.lo).toBe(101.5);
    expect(w.hi).toBe(189);
  });

  it("never takes ink past the border (the next cell's) into this cell", () => {
    const tr = row((c) => c < 100 || c >= 104);
    const w = readBesideTicks(tr, { xa: 0, xb: 102.5, lo: 5, hi: 101.9, tickB: tick });
    expect(w.hi).toBe(99.5);
  });

  it("reads up to the bar's edge when the bar hides all its columns", () => {
    const tr = row((c) => c < 100 || c > 105);
    expect(readBesideTicks(tr, { xa: 0, xb: 102.5, lo: 5, hi: 101.9, tickB: tick }).hi).toBe(99.5);
    expect(readBesideTicks(tr, { xa: 102.5, xb: 190, lo: 103.1, hi: 189, tickA: tick }).lo).toBe(106.5);
  });
});
