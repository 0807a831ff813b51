import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderPage } from "../../render/renderPage.js";
import type { RenderPageOptions } from "../../render/renderOptions.js";
import { shownRecord } from "../../render/shownRecord.js";
import { sharedPath } from "../../testdata.js";
import { Rng } from "../../util/rng.js";
import { readRecord } from "../../wfdb/readRecord.js";
import { digitizeImage } from "../digitizeImage.js";
import { consistentPulses, type CalibrationPulse } from "../findCalibrationPulse.js";
import { cellX, layoutByName } from "../layouts.js";

/** Best Pearson correlation of est against ref over lags of +-lagMax samples (where both are finite). */
function bestCorrelation(ref: ArrayLike<number>, est: ArrayLike<number>, lagMax = 30): number {
  let best = -1;
  for (let lag = -lagMax; lag <= lagMax; lag++) {
    let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (let i = 0; i < ref.length; i++) {
      const x = ref[i]!;
      const y = est[i + lag];
      if (!Number.isFinite(x) || y === undefined || !Number.isFinite(y)) continue;
      n++, (sx += x), (sy += y), (sxx += x * x), (syy += y * y), (sxy += x * y);
    }
    if (n < 100) continue;
    const r = (sxy - (sx * sy) / n) / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
    best = Math.max(best, r);
  }
  return best;
}

const RECORD = join(sharedPath("wfdb", "cinc2021"), "E07508");

/** Renders the record in a layout, digitizes it with --layout auto, returns the layout found and each shown lead's correlation. */
async function readBack(options: RenderPageOptions): Promise<{ layout: string; corr: Record<string, number>; basis: string }> {
  const record = await readRecord(RECORD);
  const page = await renderPage(record, { header: "none", ...options }, new Rng(11));
  const truth = shownRecord(record, page.annotation, "t", true);
  const r = await digitizeImage(page.image, { layout: "auto" });
  const corr: Record<string, number> = {};
  for (const s of truth.signals) {
    if (!Array.from(s.physical).some(Number.isFinite)) continue;
    const est = r.record.signals.find((e) => e.name.toLowerCase() === s.name.toLowerCase())!;
    corr[s.name] = bestCorrelation(s.physical, est.physical);
  }
  return { layout: r.report.layout, corr, basis: r.report.layoutEvidence?.basis ?? "" };
}

describe("layout recognition on rendered pages (--layout auto)", () => {
  const cases: [string, RenderPageOptions][] = [
    ["3x4+1", { layout: "3x4", resolutionDpi: 100 }],
    ["3x4", { layout: "3x4", rhythmLeads: [], paper: "a4", resolutionDpi: 120, calibrationPulse: "none" }],
    // Six rows either way: the quarter ticks (no labels printed) make it 3x4 + 3 strips.
    ["3x4+3", { layout: "3x4", rhythmLeads: ["II", "V1", "V5"], leadLabels: false, resolutionDpi: 150 }],
    ["6x2", { layout: "6x2", resolutionDpi: 150, gridColor: "blue" }],
    // Same window in both columns: told from the QRS complexes lining up across them.
    ["6x2-simultaneous", { layout: "6x2", columnTiming: "simultaneous", calibrationPulse: "end", resolutionDpi: 150 }],
    ["12x1", { layout: "12x1", paper: "a4", resolutionDpi: 150, calibrationPulse: "none" }],
    ["2x1", { layout: "2x1", resolutionDpi: 100 }],
    // The printed header reads as a fourth trace row; with no quarter marks above the grid it is ignored, not read as row 1.
    ["3x4", { layout: "3x4", rhythmLeads: [], header: "full", resolutionDpi: 100 }],
  ];
  for (const [want, options] of cases) {
    it(`recognises ${want} (${JSON.stringify(options)}) and puts every lead in its place`, async () => {
      const got = await readBack(options);
      expect(got.layout, got.basis).toBe(want);
      const leads = Object.keys(got.corr);
      expect(leads.length).toBe(want === "2x1" ? 2 : 12);
      // A lead read from the wrong cell or time window correlates near 0 with the truth. On the 12x1
      // page rows lie 17 mm apart and II, III and aVF wander more than half of that towards the
      // next row, and all twelve QRS complexes line up in the same columns.
      const corr = leads.map((l) => got.corr[l]!).sort((a, b) => a - b);
      expect(corr[0], JSON.stringify(got.corr)).toBeGreaterThan(0.8);
    }, 60_000);
  }
});

describe("rhythm strips named by the cell they repeat", () => {
  it("reads a V1 strip as V1 over 10 s (not the usual II)", async () => {
    const record = await readRecord(RECORD);
    const page = await renderPage(record, { header: "none", layout: "3x4", rhythmLeads: ["V1"], resolutionDpi: 150 }, new Rng(1));
    const r = await digitizeImage(page.image, {});
    expect(r.report.layout).toBe("3x4+1");
    expect(r.report.layoutEvidence?.strips?.[0]?.lead).toBe("V1");
    const v1 = r.record.signals.find((s) => s.name === "V1")!.physical;
    expect(Array.from(v1).filter(Number.isFinite).length).toBe(5000);
    const truth = record.physical[record.signalNames.indexOf("V1")]!;
    expect(bestCorrelation(truth, v1)).toBeGreaterThan(0.9);
    // II is then read from its 2.5 s cell only.
    expect(Array.from(r.record.signals.find((s) => s.name === "II")!.physical).filter(Number.isFinite).length).toBeLessThanOrEqual(1250);
  }, 60_000);
});

describe("layouts and pulses", () => {
  it("6x2-simultaneous puts V1-V6 on the right half of the paper over the first 5 s", () => {
    const l = layoutByName("6x2-simultaneous")!;
    const v1 = l.cells.find((c) => c.lead === "V1")!;
    expect([v1.from, v1.to, cellX(v1), v1.row]).toEqual([0, 0.5, 0.5, 0]);
    const seq = layoutByName("6x2")!.cells.find((c) => c.lead === "V1")!;
    expect([seq.from, seq.to, cellX(seq)]).toEqual([0.5, 1, 0.5]);
    expect(layoutByName("2x1")!.cells.map((c) => c.lead)).toEqual(["I", "II"]);
  });

  it("drops a lone non-standard plateau and pulses of a different height, keeps consistent ones", () => {
    const pulse = (heightPx: number): CalibrationPulse => ({ side: "start", heightPx, footRow: 100, plateauStart: 10, plateauEnd: 50, signalEdge: 52 });
    const lone = consistentPulses([undefined, pulse(31), undefined, undefined], 10, [2.5, 5, 10, 20]);
    expect(lone.pulses.every((p) => p === undefined)).toBe(true);
    expect(lone.warning).toMatch(/one row only/);
    // A lone pulse of a standard height (10 mm) is kept.
    expect(consistentPulses([pulse(100), undefined, undefined], 10, [10]).pulses[0]).toBeDefined();
    const mixed = consistentPulses([pulse(100), pulse(101), pulse(160)], 10, [10]);
    expect(mixed.pulses.map((p) => !!p)).toEqual([true, true, false]);
    expect(mixed.warning).toMatch(/1 calibration pulse/);
  });

  it("without a grid takes the amplitude from the pulse height and checks the scale with its width", async () => {
    const record = await readRecord(RECORD);
    const page = await renderPage(record, { header: "none", layout: "3x4", gridColor: "none", resolutionDpi: 100, gainMmPerMv: 5 }, new Rng(3));
    const r = await digitizeImage(page.image, {});
    expect(r.warnings.some((w) => /no grid: amplitude from the calibration pulse/.test(w) && /within \d+ %/.test(w))).toBe(true);
    // 5 mm/mV at 100 dpi: the pulse is 5 mm = 19.7 px; read as 1 mV whatever the guessed mm scale,
    // so II's range matches the truth within 10 % (at an assumed 10 mm/mV it would be half).
    const truth = shownRecord(record, page.annotation, "t", true).signals.find((s) => s.name === "II")!.physical;
    const est = r.record.signals.find((s) => s.name === "II")!.physical;
    const range = (a: ArrayLike<number>) => {
      const v = Array.from(a).filter(Number.isFinite).sort((x, y) => x - y);
      return v[Math.floor(v.length * 0.99)]! - v[Math.floor(v.length * 0.01)]!;
    };
    expect(Math.abs(range(est) / range(truth) - 1)).toBeLessThan(0.1);
  }, 60_000);
});
