import { describe, expect, it } from "vitest";
import { removeDenseLines } from "../removeLines.js";
import { rowExtent } from "../rowExtent.js";

const MM = 6;
const W = 600;
const H = 400;
/** Two rows 17 mm apart whose baselines both sag 13 mm (more than halfway to the next row) between columns 200 and 400. */
const B0 = 100;
const B1 = B0 + 17 * MM;
const sag = (c: number) => (c < 200 || c >= 400 ? 0 : Math.sin(((c - 200) / 200) * Math.PI) * 13 * MM);

function twoRows(): Uint8Array {
  const mask = new Uint8Array(W * H);
  for (let c = 20; c < 580; c++) {
    for (const r of [Math.round(B0 + sag(c)), Math.round(B1 + sag(c))]) for (let k = 0; k < 2; k++) mask[(r + k) * W + c] = 1;
  }
  return mask;
}

describe("rowExtent with a wandering baseline", () => {
  it("keeps the row's extent whole when the wander leaves the fixed band", () => {
    const mask = twoRows();
    const band = 0.5 * 17 * MM;
    // A fixed band loses the sagging stretch (longest chain is one side of it) ...
    expect(rowExtent(mask, W, H, B0, band, 10 * MM).right - rowExtent(mask, W, H, B0, band, 10 * MM).left).toBeLessThan(300);
    // ... following the ink keeps the whole row.
    expect(rowExtent(mask, W, H, B0, band, 10 * MM, band)).toEqual({ left: 20, right: 580 });
  });
});

describe("removeDenseLines", () => {
  it("clears a broken vertical grid line but keeps QRS complexes that line up across 12 rows", () => {
    const h = 1200;
    const mask = new Uint8Array(W * h);
    // Column 50: a grid line in 20 px pieces with 4 px gaps. Column 300: twelve 45 px complexes on rows 100 px (17 mm) apart.
    for (let r = 0; r < h; r++) if (r % 24 < 20) mask[r * W + 50] = 1;
    for (let k = 0; k < 12; k++) for (let r = 30 + 100 * k; r < 75 + 100 * k; r++) mask[r * W + 300] = 1;
    removeDenseLines(mask, W, h, 9);
    let line = 0;
    let qrs = 0;
    for (let r = 0; r < h; r++) (line += mask[r * W + 50]!), (qrs += mask[r * W + 300]!);
    expect(line).toBe(0);
    expect(qrs).toBe(12 * 45);
  });
});
