import { describe, expect, it } from "vitest";
import { sharedPath } from "../../testdata.js";
import { readImage } from "../../util/image.js";
import { digitizeImage } from "../digitizeImage.js";
import type { ImagePlanes } from "../imagePlanes.js";
import { inkMask } from "../inkMask.js";
import { renderPage } from "../../render/renderPage.js";
import { scoreLead } from "../../metrics/scoreSignals.js";
import { einthovenResidual } from "../../metrics/einthovenResidual.js";
import { Rng } from "../../util/rng.js";
import { readRecord } from "../../wfdb/readRecord.js";

/**
 * A photocopy-like page: light grey paper (ink 30), black major lines every 5 mm (3 px, ink 240),
 * dots every 1 mm (ink 200), and a 3 px trace of ink 250 whose baseline lies between major lines.
 */
function blackGridPage() {
  const pxPerMm = 8, w = 1200, h = 400, base = 220;
  const ink = new Uint8Array(w * h).fill(30);
  const onLine = new Uint8Array(w * h);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const major = (c % (5 * pxPerMm)) < 3 || (r % (5 * pxPerMm)) < 3;
      if (major) (ink[r * w + c] = 240), (onLine[r * w + c] = 1);
      else if (c % pxPerMm === 4 && r % pxPerMm === 4) ink[r * w + c] = 200;
    }
  }
  const trace = new Uint8Array(w * h);
  for (let c = 50; c < 1150; c++) {
    const y = base - 60 * Math.sin(c / 37) * Math.exp(-(((c % 200) - 100) ** 2) / 800) - 12 * Math.sin(c / 90);
    const y0 = Math.min(y, base - 60 * Math.sin((c + 1) / 37) * Math.exp(-((((c + 1) % 200) - 100) ** 2) / 800) - 12 * Math.sin((c + 1) / 90));
    const y1 = Math.max(y, y0);
    for (let r = Math.floor(y0) - 1; r <= Math.ceil(y1) + 1; r++) (ink[r * w + c] = 250), (trace[r * w + c] = 1);
  }
  const planes: ImagePlanes = { width: w, height: h, ink, any: ink };
  return { planes, trace, onLine, pxPerMm, w, h };
}

describe("ink mask on a grid as dark as the trace", () => {
  it("keeps the trace off the grid lines, and drops the lines and the dots", () => {
    const { planes, trace, onLine, pxPerMm, w, h } = blackGridPage();
    const ink = inkMask(planes, { pxPerMm });
    expect(ink.darkGrid).toBe(true);
    // Trace pixels at least 3 px from any grid line: nearly all kept.
    let traceFar = 0, traceKept = 0, gridFar = 0, gridKept = 0, dots = 0, dotsKept = 0;
    const nearLine = (r: number, c: number) => {
      for (let dr = -3; dr <= 3; dr++) for (let dc = -3; dc <= 3; dc++) if (onLine[(r + dr) * w + c + dc]) return true;
      return false;
    };
    const nearTrace = (r: number, c: number) => {
      for (let dr = -3; dr <= 3; dr++) for (let dc = -3; dc <= 3; dc++) if (trace[(r + dr) * w + c + dc]) return true;
      return false;
    };
    for (let r = 4; r < h - 4; r++) {
      for (let c = 4; c < w - 4; c++) {
        const i = r * w + c;
        if (trace[i] && !nearLine(r, c)) (traceFar++, (traceKept += ink.mask[i]!));
        if (onLine[i] && !nearTrace(r, c)) (gridFar++, (gridKept += ink.mask[i]!));
        if (!nearTrace(r, c) && !onLine[i] && planes.ink[i] === 200) (dots++, (dotsKept += ink.mask[i]!));
      }
    }
    expect(traceKept / traceFar).toBeGreaterThan(0.97);
    expect(gridKept / gridFar).toBeLessThan(0.002);
    expect(dots).toBeGreaterThan(1000);
    expect(dotsKept).toBe(0);
  });

  it("leaves pages with a pale grid to the level threshold", () => {
    const { planes } = blackGridPage();
    const pale = { ...planes, ink: planes.ink.map((v) => (v === 240 ? 90 : v)) };
    expect(inkMask(pale, { pxPerMm: 8 }).darkGrid).toBe(false);
  });

  it("reads the limb leads of a phone photo of a black-grid printout (ecg00005)", async () => {
    const { record, report } = await digitizeImage(await readImage(sharedPath("images", "real", "ecg00005.jpg")));
    expect(report.warnings.some((w) => w.includes("as dark as the trace"))).toBe(true);
    const valid = record.signals.filter((s) => Array.from(s.physical).some(Number.isFinite)).map((s) => s.name);
    // Before: no lead at all (the level threshold kept 0.03 % of the pixels).
    expect(valid.length).toBeGreaterThanOrEqual(4);
    expect(valid).toEqual(expect.arrayContaining(["I", "II", "III"]));
    // The limb leads belong together: II = I + III holds where all three are read.
    const set = { samplingFrequencyHz: 500, names: record.signals.map((s) => s.name), signals: record.signals.map((s) => Float64Array.from(s.physical)) };
    expect(einthovenResidual(set)).toBeLessThan(0.8); // 0.57; 1.19 before the tracer followed hidden lines
  });

  it("follows a flat trace along a black major line (an ecgkit page whose baselines lie on them)", async () => {
    const record = await readRecord(sharedPath("wfdb", "cinc2021", "E07500"));
    const page = await renderPage(record, { resolutionDpi: 150, gridColor: "#141414" }, new Rng(3));
    const { record: out, report } = await digitizeImage(page.image, { samplingFrequencyHz: record.samplingFrequencyHz });
    expect(report.warnings.some((w) => w.includes("as dark as the trace"))).toBe(true);
    const ii = out.signals.find((s) => s.name === "II")!;
    // The lead II rhythm strip, 10 s: -10.1 dB when the hidden baseline made the path jump rows.
    expect(scoreLead(record.physical[record.signalNames.indexOf("II")]!, Float64Array.from(ii.physical), record.samplingFrequencyHz).snrDb).toBeGreaterThan(8);
    expect(out.signals.filter((s) => Array.from(s.physical).some(Number.isFinite)).length).toBeGreaterThanOrEqual(9);
  });
});
