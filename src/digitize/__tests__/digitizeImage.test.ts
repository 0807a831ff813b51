import { describe, expect, it } from "vitest";
import { renderPage } from "../../render/renderPage.js";
import type { RenderPageOptions } from "../../render/renderOptions.js";
import { twelveLeads, syntheticRecord } from "../../render/__tests__/syntheticRecord.js";
import { Rng } from "../../util/rng.js";
import { digitizeImage } from "../digitizeImage.js";
import { rotateImage } from "../rotateImage.js";
import type { DigitizeResult } from "../types.js";

const FS = 500;
const truth = twelveLeads(5000, FS);

/** Fit est = g * ref + c over samples finite in est (lags -10..10 samples); best rms error, g and lag. */
function fit(ref: Float64Array, est: Float64Array | number[]): { rmsMv: number; gain: number; lag: number; shown: number } {
  let best = { rmsMv: Infinity, gain: NaN, lag: 0, shown: 0 };
  for (let lag = -10; lag <= 10; lag++) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let n = 0; n < ref.length; n++) {
      const e = est[n + lag];
      if (e !== undefined && Number.isFinite(e)) (xs.push(ref[n]!), ys.push(e));
    }
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    let err = 0;
    for (let i = 0; i < xs.length; i++) (sxy += (xs[i]! - mx) * (ys[i]! - my)), (sxx += (xs[i]! - mx) ** 2);
    for (let i = 0; i < xs.length; i++) err += (ys[i]! - my - (xs[i]! - mx)) ** 2;
    const rms = Math.sqrt(err / xs.length);
    if (rms < best.rmsMv) best = { rmsMv: rms, gain: sxy / sxx, lag, shown: xs.length };
  }
  return best;
}

async function roundTrip(options: RenderPageOptions, angleDeg = 0): Promise<DigitizeResult> {
  const page = await renderPage(syntheticRecord("t", FS, truth), { resolutionDpi: 100, header: "none", ...options }, new Rng(7));
  const image = angleDeg ? rotateImage(page.image, angleDeg) : page.image;
  return digitizeImage(image, {});
}

describe("digitizeImage on rendered pages with known signals", () => {
  it("reads a 3x4 + II page at 100 dpi: layout, scale, gain and every lead's shape", async () => {
    const r = await roundTrip({ layout: "3x4", gridColor: "red" });
    expect(r.report.layout).toBe("3x4+1");
    // 100 dpi = 3.937 px/mm.
    expect(r.report.pxPerMmX).toBeCloseTo(3.937, 2);
    expect(r.report.pxPerMmY).toBeCloseTo(3.937, 2);
    expect(r.report.calibration.gainMmPerMv).toBe(10);
    for (const s of r.record.signals) {
      const f = fit(truth[s.name]!, s.physical as Float64Array);
      // Amplitude within 5 %, shape within 0.06 mV rms (half a pixel is 0.013 mV at this scale).
      expect(Math.abs(f.gain - 1), `${s.name} gain ${f.gain}`).toBeLessThan(0.05);
      expect(f.rmsMv, `${s.name} rms`).toBeLessThan(0.06);
    }
    // II comes from the 10 s rhythm strip; a 3x4 cell lead shows 2.5 s only.
    const shown = (name: string) => (r.record.signals.find((s) => s.name === name)!.physical as Float64Array).filter(Number.isFinite).length;
    expect(shown("II")).toBe(5000);
    expect(shown("V4")).toBeGreaterThan(1200);
    expect(shown("V4")).toBeLessThanOrEqual(1250);
    expect(r.record.samplingFrequencyHz).toBe(500);
  }, 60_000);

  it("reads the rhythm strip to the page end away from the pulse (no margin held there)", async () => {
    // II ends with a 1.2 mV rise over its last 24 ms (0.6 mm at 25 mm/s), e.g. a QRS cut by the page end.
    const ii = Float64Array.from(truth.II!);
    const start = ii[4987]!;
    for (let n = 4988; n < 5000; n++) ii[n] = start + (1.2 * (n - 4987)) / 12;
    const page = await renderPage(syntheticRecord("t", FS, { ...truth, II: ii }), { resolutionDpi: 200, header: "none", layout: "3x4", gridColor: "red" }, new Rng(7));
    const r = await digitizeImage(page.image, {});
    const est = r.record.signals.find((s) => s.name === "II")!.physical as Float64Array;
    // Held, the last 12 samples would not move; read, they rise by most of the 1.2 mV.
    expect(est[4999]! - est[4986]!).toBeGreaterThan(0.8);
    expect(est[4999]! - est[4986]!).toBeLessThan(1.5);
  }, 60_000);

  it("reads 6x2, 12x1 (5 mm/mV, black-and-white at 150 dpi) and a 3x4 page rotated by 2 degrees", async () => {
    const cases = [
      ["6x2", { gridColor: "blue" }, 0],
      ["12x1", { gridColor: "bw", gainMmPerMv: 5, resolutionDpi: 150 }, 0],
      ["3x4", { gridColor: "pink" }, 2],
    ] as const;
    for (const [layout, extra, angle] of cases) {
      const r = await roundTrip({ layout, rhythmLeads: layout === "3x4" ? ["II"] : [], ...extra }, angle);
      if ("gainMmPerMv" in extra) expect(r.report.calibration).toMatchObject({ gainMmPerMv: 5, source: "pulse" });
      expect(r.report.layout).toBe(layout === "3x4" ? "3x4+1" : layout);
      if (angle) expect(r.report.rotationDeg).toBeCloseTo(angle, 0);
      const errs = r.record.signals.map((s) => fit(truth[s.name]!, s.physical as Float64Array));
      const worst = Math.max(...errs.map((e) => e.rmsMv));
      expect(worst, `${layout} worst rms`).toBeLessThan(0.1);
      for (const e of errs) expect(Math.abs(e.gain - 1)).toBeLessThan(0.08);
    }
  }, 90_000);

  it("honours the output sampling frequency, duration and lead names", async () => {
    const page = await renderPage(syntheticRecord("t", FS, truth), { resolutionDpi: 100, header: "none" }, new Rng(3));
    const r = await digitizeImage(page.image, { samplingFrequencyHz: 250, leadNames: ["II", "V2", "X"], recordName: "abc" });
    expect(r.record.name).toBe("abc");
    expect(r.record.signals.map((s) => s.name)).toEqual(["II", "V2", "X"]);
    expect(r.record.signals[0]!.physical.length).toBe(2500);
    // A lead the page does not show stays invalid, and a lead shown but not asked for is reported.
    expect([...r.record.signals[2]!.physical].every((v) => Number.isNaN(v))).toBe(true);
    expect(r.warnings.some((w) => w.includes("aVR") && w.includes("not among the output leads"))).toBe(true);
    expect(JSON.parse(JSON.stringify(r.report)).layout).toBe("3x4+1");
  }, 60_000);
});
