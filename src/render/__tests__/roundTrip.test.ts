import { describe, expect, it } from "vitest";
import { renderPage } from "../renderPage.js";
import { sines, syntheticRecord } from "./syntheticRecord.js";

describe("render then read back", () => {
  it("a synthetic signal drawn at 300 dpi and read by a column scan agrees within 0.02 mV", async () => {
    const fs = 500;
    const signal = sines(5000, fs, [[1.3, 0.9], [3.1, 0.4, 0.5], [0.4, 0.3]]);
    const page = await renderPage(syntheticRecord("rt", fs, { II: signal }), {
      layout: "auto",
      resolutionDpi: 300,
      gridColor: "none",
      leadLabels: false,
      calibrationPulse: "none",
      footer: false,
    });
    const { width, height, data } = page.image;
    const ppm = 300 / 25.4;
    const cell = (page.annotation.ecgkit.layout as { cells: { x_px: number; baseline_px: number }[] }).cells[0]!;
    const pxPerS = 25 * ppm;
    let worst = 0;
    let columns = 0;
    for (let col = Math.ceil(cell.x_px) + 3; col < cell.x_px + 9.9 * pxPerS; col++) {
      let w = 0;
      let wy = 0;
      for (let row = 0; row < height; row++) {
        const dark = 255 - data[(row * width + col) * 4]!;
        if (dark === 0) continue;
        w += dark;
        wy += dark * (row + 0.5);
      }
      const mv = (cell.baseline_px - wy / w) / (10 * ppm);
      const t = (col + 0.5 - cell.x_px) / pxPerS;
      const i = Math.floor(t * fs);
      const f = t * fs - i;
      const ref = signal[i]! * (1 - f) + signal[i + 1]! * f;
      worst = Math.max(worst, Math.abs(mv - ref));
      columns++;
    }
    expect(columns).toBeGreaterThan(2900);
    expect(worst).toBeLessThan(0.02);
  });
});
