import { describe, expect, it } from "vitest";
import { polylineAt, traceRow } from "../traceRow.js";

const MM = 8;
const W = 400;
const H = 700;
const BASE = 500;

/**
 * A 2 px stroke at the baseline with one narrow spike `heightMm` tall, tip at column 200: either a
 * solid 3-column bar (each column's run reaches the baseline stroke) or a steep triangle 4 columns
 * each way whose columns hold only their own piece of the stroke.
 */
function spikePage(heightMm: number, strayAtBaseline: boolean, triangle: boolean): { mask: Uint8Array; ink: Uint8Array } {
  const mask = new Uint8Array(W * H);
  const set = (r: number, c: number) => (mask[r * W + c] = 1);
  const top = BASE - Math.round(heightMm * MM);
  for (let c = 20; c < 380; c++) if (!triangle || Math.abs(c - 200) > 4) for (let r = BASE - 1; r <= BASE; r++) set(r, c);
  if (triangle) {
    const y = (x: number) => top + (Math.abs(x - 200.5) / 4.5) * (BASE - top);
    for (let c = 196; c <= 204; c++) {
      const a = y(c);
      const b = y(c + 1);
      const lo = c === 200 ? top : Math.min(a, b);
      for (let r = Math.floor(lo) - 1; r <= Math.min(BASE, Math.ceil(Math.max(a, b)) + 1); r++) set(r, c);
    }
  } else for (let c = 199; c <= 201; c++) for (let r = top + (c === 200 ? 0 : 3); r <= BASE; r++) set(r, c);
  // A 1 px fragment of a grid line just below the baseline, as thresholded grey grids leave them.
  if (strayAtBaseline) for (let c = 195; c <= 205; c += 2) set(BASE + 3, c);
  const ink = new Uint8Array(W * H);
  mask.forEach((v, i) => (ink[i] = v ? 200 : 0));
  return { mask, ink };
}

describe("traceRow", () => {
  for (const [stray, triangle] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    it(`follows a tall narrow R wave (${triangle ? "steep triangle" : "solid bar"}${stray ? ", grid fragments at its foot" : ""}) to its peak`, () => {
      const heightMm = 24;
      const { mask, ink } = spikePage(heightMm, stray, triangle);
      // Neighbouring rows 35 mm away: the spike reaches 70 % of the way to the next baseline.
      const tr = traceRow(mask, ink, W, { baseline: BASE, top: BASE - 35 * MM, bottom: Math.min(H, BASE + 20 * MM), left: 10, right: 390, pxPerMmY: MM, spacingPx: 35 * MM });
      let peak = Infinity;
      for (const y of tr.ys) peak = Math.min(peak, y);
      // The centre line's highest point is within 0.5 mm of the spike's top (top px + half the stroke).
      const topCentre = BASE - heightMm * MM + (triangle ? 0 : 1);
      expect(Math.abs(peak - topCentre)).toBeLessThan(0.5 * MM);
      // The flat parts still read at the baseline (stroke centre BASE), within 0.25 mm.
      expect(Math.abs(polylineAt(tr.xs, tr.ys, 100.5) - BASE)).toBeLessThan(0.25 * MM);
      expect(Math.abs(polylineAt(tr.xs, tr.ys, 300.5) - BASE)).toBeLessThan(0.25 * MM);
    });
  }
});
