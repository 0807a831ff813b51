import { describe, expect, it } from "vitest";
import { renderPage } from "../../render/renderPage.js";
import { sines, syntheticRecord } from "../../render/__tests__/syntheticRecord.js";
import { Rng } from "../../util/rng.js";
import { digitizeImage } from "../digitizeImage.js";

const FS = 500;
/** Every lead starts with a spike like a QRS upstroke: +0.8 mV over its first 8 samples (16 ms), then a 50 ms decay. */
const RISE = 8;
const spike = (n: number) => 0.8 * Math.min(1, n / RISE) * Math.exp(-Math.max(0, n - RISE) / 25);
const LEADS = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"];
const truth = Object.fromEntries(LEADS.map((k, i) => [k, sines(5000, FS, [[1.1 + 0.1 * i, 0.3], [7, 0.15]]).map((x, n) => x + spike(n))]));

describe("digitizeImage at a row start beside the calibration pulse", () => {
  it("reads a steep rise in the first samples instead of holding a value read 0.6 mm in", async () => {
    const page = await renderPage(syntheticRecord("rise", FS, truth), { resolutionDpi: 200, layout: "3x4", header: "none", gridColor: "red", calibrationPulse: "start" }, new Rng(3));
    const r = await digitizeImage(page.image, {});
    expect(r.report.calibration.source).toBe("pulse");
    for (const lead of ["I", "II", "III"]) {
      const est = r.record.signals.find((s) => s.name === lead)!.physical as Float64Array;
      const ref = truth[lead]!;
      // Samples 0-11 span the 0.6 mm (4.7 px) the old margin held; the rise itself is 0.8 mV, so a
      // held value misses by up to ~0.8 mV. Tolerance: 0.25 mV (a 1.5 px stroke on a near-vertical rise).
      let worst = 0;
      for (let n = 0; n < 12; n++) worst = Math.max(worst, Math.abs(est[n]! - ref[n]!));
      expect(worst, `${lead} worst error over samples 0-11 (mV)`).toBeLessThan(0.25);
    }
  });
});
