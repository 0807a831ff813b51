import { describe, expect, it } from "vitest";
import { sharedPath } from "../../testdata.js";
import { readImage } from "../../util/image.js";
import { digitizeImage } from "../digitizeImage.js";
import { selectTraceRows } from "../selectTraceRows.js";

function coverageOf(rows: [number, number][], height = 800): Float64Array {
  const c = new Float64Array(height);
  for (const [r, v] of rows) c[r] = v;
  return c;
}

describe("selectTraceRows", () => {
  // Rows and coverage measured on ecg00047.jpg (3x4+1 with V2-V4 complexes reaching two rows up).
  const measured: [number, number][] = [[17, 253], [195, 475], [382, 517], [463, 276], [555, 589], [625, 374], [669, 433], [721, 625], [774, 358]];

  it("keeps the evenly spaced, best covered rows among extra humps", () => {
    const sel = selectTraceRows(measured.map(([r]) => r), coverageOf(measured));
    expect(sel.baselines).toEqual([195, 382, 555, 721]);
    expect(sel.dropped).toEqual([17, 463, 625, 669, 774]);
  });

  it("leaves a 12x1 page with two rows missing as found (rows alike)", () => {
    const rows: [number, number][] = [0, 1, 2, 4, 5, 6, 7, 8, 10, 11].map((i) => [30 + 60 * i, 500 + ((i * 37) % 60)]);
    const sel = selectTraceRows(rows.map(([r]) => r), coverageOf(rows));
    expect(sel.baselines).toEqual(rows.map(([r]) => r));
    expect(sel.dropped).toEqual([]);
  });

  it("leaves standard counts alone, and extra rows that cover as much as the kept ones", () => {
    const six: [number, number][] = [100, 200, 300, 400, 500, 600].map((r, i) => [r, i === 2 ? 100 : 500]);
    expect(selectTraceRows(six.map(([r]) => r), coverageOf(six)).baselines).toHaveLength(6);
    const close: [number, number][] = [[100, 500], [150, 460], [300, 500], [380, 470], [500, 500], [560, 450], [700, 500]];
    expect(selectTraceRows(close.map(([r]) => r), coverageOf(close)).dropped).toEqual([]);
  });

  it("reads ecg00047 as four rows of 3x4+1 instead of ten 10 s strips", async () => {
    const { report, record } = await digitizeImage(await readImage(sharedPath("images", "real", "ecg00047.jpg")));
    expect(report.rowBaselines).toHaveLength(4);
    expect(report.layout).toBe("3x4+1");
    expect(record.signals.filter((s) => Array.from(s.physical).some(Number.isFinite))).toHaveLength(12);
  });
});
