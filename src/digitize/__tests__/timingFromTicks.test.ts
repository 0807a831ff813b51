import { describe, expect, it } from "vitest";
import { renderPage } from "../../render/renderPage.js";
import { sharedPath } from "../../testdata.js";
import { Rng } from "../../util/rng.js";
import { readRecord } from "../../wfdb/readRecord.js";
import { digitizeImage } from "../digitizeImage.js";
import type { SeparatorTick } from "../findSeparatorTicks.js";
import { timingFromTicks } from "../timingFromTicks.js";

const tick = (row: number, centre: number): SeparatorTick => ({ row, left: Math.round(centre - 2), right: Math.round(centre - 2) + 3, top: 0, bottom: 10 });

describe("timingFromTicks", () => {
  it("fits the span's start and width through ticks at known shares", () => {
    // Span 2000 px from x0 = 150: borders at 650, 1150, 1650; the borders were predicted 30 px early.
    const rows = [0, 1, 2].map(() => [0.25, 0.5, 0.75].map((share) => ({ x: 120 + share * 2000, share })));
    const ticks = [0, 1, 2].flatMap((r) => [650, 1150, 1650].map((c) => tick(r, c)));
    const t = timingFromTicks(ticks, rows, 8)!;
    expect(t.ticks).toBe(9);
    expect(t.x0).toBeCloseTo(150, 6);
    expect(t.pageWidthPx).toBeCloseTo(2000, 6);
    expect(t.residualMm).toBeLessThan(1e-9);
  });

  it("reports the scatter of ticks that do not lie on one line, and gives up on one share", () => {
    const rows = [[0.25, 0.5, 0.75].map((share) => ({ x: 150 + share * 2000, share }))];
    const t = timingFromTicks([tick(0, 650), tick(0, 1158), tick(0, 1650)], rows, 8)!;
    expect(t.residualMm).toBeGreaterThan(0.3);
    expect(timingFromTicks([tick(0, 650)], rows, 8)).toBeNull();
    expect(timingFromTicks([tick(0, 650), tick(0, 652)], rows, 8)).toBeNull();
  });

  it("times a page whose trace ends are cut off from its ticks", async () => {
    const record = await readRecord(sharedPath("wfdb", "cinc2021", "E07500"));
    const page = await renderPage(record, { resolutionDpi: 100, layout: "3x4" }, new Rng(5));
    const { width: w, height: h } = page.image;
    const truthX0 = (page.annotation.ecgkit.layout as { cells: { x_px: number }[] }).cells[0]!.x_px;
    // White out the last 2.5 mm of every trace (a page edge in shadow or cut): the trace ends no longer mark the record's end.
    const data = new Uint8ClampedArray(page.image.data);
    const pxPerMm = 100 / 25.4, cut = Math.round(truthX0 + 250 * pxPerMm - 2.5 * pxPerMm);
    for (let y = 0; y < h; y++) for (let x = cut; x < w; x++) data.set([255, 255, 255, 255], (y * w + x) * 4);
    const { report } = await digitizeImage({ width: w, height: h, data });
    expect(report.warnings.some((m) => m.startsWith("record start taken from"))).toBe(true);
    expect(Math.abs(report.dataStartCol - truthX0)).toBeLessThan(0.5 * pxPerMm);
  });
});
