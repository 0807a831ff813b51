import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readRecord } from "../../wfdb/readRecord.js";
import { Rng } from "../../util/rng.js";
import { renderPage } from "../renderPage.js";
import type { RenderedPage } from "../types.js";
import { sines, syntheticRecord, twelveLeads } from "./syntheticRecord.js";

const EXAMPLE = new URL("../../../examples/ludb-ecg.hea", import.meta.url).pathname;

/** Every plotted point must fall in a pixel whose mask holds its cell's bit. Returns the misses. */
function pointsOffTrace(page: RenderedPage): number {
  const { width } = page.image;
  let misses = 0;
  for (const lead of page.annotation.leads) {
    for (const [y, x] of lead.plotted_pixels) {
      const m = page.traceMask[Math.floor(y) * width + Math.floor(x)]!;
      if (!(m & (1 << lead.cell))) misses++;
    }
  }
  return misses;
}

describe("renderPage", () => {
  it("draws every plotted point of a real 12-lead record on a dark trace pixel of its cell (200 dpi)", async () => {
    const record = await readRecord(EXAMPLE);
    const page = await renderPage(record, { header: "full", qrCode: true }, new Rng(1));
    expect(page.annotation.leads).toHaveLength(13);
    let total = 0;
    let light = 0;
    const d = page.image.data;
    for (const lead of page.annotation.leads) {
      expect(lead.plotted_pixels).toHaveLength(lead.end_sample - lead.start_sample);
      for (const [y, x] of lead.plotted_pixels) {
        total++;
        const p = (Math.floor(y) * page.image.width + Math.floor(x)) * 4;
        if (Math.max(d[p]!, d[p + 1]!, d[p + 2]!) > 128) light++;
      }
    }
    expect(total).toBe(12 * 1250 + 5000);
    expect(pointsOffTrace(page)).toBe(0);
    expect(light).toBe(0);
  });

  it("marks in the mask only pixels the trace darkened", async () => {
    const record = syntheticRecord("s", 500, twelveLeads(5000, 500));
    const page = await renderPage(record, { gridColor: "none", leadLabels: false, separators: false, calibrationPulse: "none", footer: false });
    const d = page.image.data;
    let maskPixels = 0;
    let pale = 0;
    page.traceMask.forEach((m, i) => {
      if (!m) return;
      maskPixels++;
      if (d[i * 4]! > 200) pale++;
    });
    expect(maskPixels).toBeGreaterThan(20_000);
    expect(pale).toBe(0);
    // and, with nothing else on the page, every dark pixel is in the mask
    let darkUnmasked = 0;
    for (let i = 0; i < page.traceMask.length; i++) if (d[i * 4]! < 128 && !page.traceMask[i]) darkUnmasked++;
    expect(darkUnmasked).toBe(0);
  });

  it("keeps plotted points on the trace for any dpi, speed, gain and layout (property)", async () => {
    const layouts = ["3x4", "6x2", "12x1", "2x1", "auto"];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          dpi: fc.integer({ min: 50, max: 150 }),
          speed: fc.constantFrom(12.5, 25, 50),
          gain: fc.constantFrom(5, 10, 20),
          layout: fc.constantFrom(...layouts),
          simultaneous: fc.boolean(),
          amp: fc.double({ min: 0.1, max: 3, noNaN: true }),
          paddingMm: fc.constantFrom(0, 7.5),
        }),
        async (p) => {
          const fs = 250;
          const leads = twelveLeads(2500, fs);
          for (const k of Object.keys(leads)) leads[k] = leads[k]!.map((v) => v * p.amp);
          const page = await renderPage(syntheticRecord("p", fs, leads), {
            resolutionDpi: p.dpi,
            paperSpeedMmPerS: p.speed,
            gainMmPerMv: p.gain,
            layout: p.layout,
            paddingMm: p.paddingMm,
            columnTiming: p.simultaneous ? "simultaneous" : "sequential",
          });
          expect(pointsOffTrace(page)).toBe(0);
        },
      ),
      { numRuns: 12, seed: 7 },
    );
  });

  it("maps samples to pixels with the stated speed, gain and px/mm", async () => {
    const fs = 500;
    const v = sines(5000, fs, [[1, 1]]);
    const page = await renderPage(syntheticRecord("m", fs, { II: v }), { layout: "auto", resolutionDpi: 254, paperSpeedMmPerS: 50, gainMmPerMv: 20 });
    const lead = page.annotation.leads[0]!;
    const ppm = 10; // 254 dpi
    const cell = (page.annotation.ecgkit.layout as { cells: { baseline_px: number; x_px: number }[] }).cells[0]!;
    // 50 mm/s: 0.1 mm a sample = 1 px; 20 mm/mV: 200 px per mV
    const [y0, x0] = lead.plotted_pixels[0]!;
    const [y125, x125] = lead.plotted_pixels[125]!; // quarter period: sin = 1
    expect(x125 - x0).toBeCloseTo(125 * (50 / fs) * ppm, 1);
    expect(cell.baseline_px - y125).toBeCloseTo(20 * ppm * 1, 1);
    expect(y0).toBeCloseTo(cell.baseline_px, 1);
    // a row at 50 mm/s holds 5 s, so the 10 s record needs two pages
    expect(page.annotation.ecgkit.page_duration_s).toBe(5);
    const page2 = await renderPage(syntheticRecord("m", fs, { II: v }), { layout: "auto", resolutionDpi: 254, paperSpeedMmPerS: 50, pageIndex: 1 });
    expect(page2.annotation.leads[0]!.start_sample).toBe(2500);
  });

  it("draws chest leads at their own gain and inverts -aVR in Cabrera order", async () => {
    const fs = 500;
    const leads = twelveLeads(5000, fs);
    const rec = syntheticRecord("c", fs, leads);
    const page = await renderPage(rec, { layout: "12x1", gainMmPerMv: 10, chestGainMmPerMv: 5, leadOrder: "cabrera", resolutionDpi: 100 });
    const names = page.annotation.leads.map((l) => l.lead_name);
    expect(names).toEqual(["aVL", "I", "-aVR", "II", "aVF", "III", "V1", "V2", "V3", "V4", "V5", "V6"]);
    const cells = (page.annotation.ecgkit.layout as { cells: { baseline_px: number }[] }).cells;
    const ppm = 100 / 25.4;
    const amp = (k: number, i: number) => (cells[k]!.baseline_px - page.annotation.leads[k]!.plotted_pixels[i]![0]) / ppm;
    for (const i of [100, 777, 3000]) {
      expect(amp(2, i)).toBeCloseTo(-leads.aVR![i]! * 10, 1);
      expect(amp(8, i)).toBeCloseTo(leads.V3![i]! * 5, 1);
    }
  });

  it("shows successive 2.5 s windows in 3x4 columns and the same window in simultaneous 6x2", async () => {
    const rec = syntheticRecord("t", 500, twelveLeads(5000, 500));
    const p34 = await renderPage(rec, { layout: "3x4", resolutionDpi: 60 });
    expect(p34.annotation.leads.map((l) => [l.lead_name, l.start_sample, l.end_sample]).slice(0, 4)).toEqual([
      ["I", 0, 1250], ["aVR", 1250, 2500], ["V1", 2500, 3750], ["V4", 3750, 5000],
    ]);
    expect(p34.annotation.leads.at(-1)).toMatchObject({ lead_name: "II", start_sample: 0, end_sample: 5000 });
    const p62 = await renderPage(rec, { layout: "6x2", columnTiming: "simultaneous", resolutionDpi: 60 });
    const v1 = p62.annotation.leads.find((l) => l.lead_name === "V1")!;
    expect([v1.start_sample, v1.end_sample]).toEqual([0, 2500]);
    const p62s = await renderPage(rec, { layout: "6x2", resolutionDpi: 60 });
    const v1s = p62s.annotation.leads.find((l) => l.lead_name === "V1")!;
    expect([v1s.start_sample, v1s.end_sample]).toEqual([2500, 5000]);
  });

  it("gives the same bytes for the same seed and different random grids for different seeds", async () => {
    const rec = syntheticRecord("r", 500, twelveLeads(5000, 500));
    const a = await renderPage(rec, { gridColor: "random", header: "full", resolutionDpi: 50 }, new Rng("x"));
    const b = await renderPage(rec, { gridColor: "random", header: "full", resolutionDpi: 50 }, new Rng("x"));
    const c = await renderPage(rec, { gridColor: "random", header: "full", resolutionDpi: 50 }, new Rng("y"));
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
    expect(a.annotation.ecgkit.random_choices).toEqual(b.annotation.ecgkit.random_choices);
    expect(a.annotation.ecgkit.random_choices).not.toEqual(c.annotation.ecgkit.random_choices);
  });

  it("reports samples it cannot draw instead of dropping them silently", async () => {
    const v = sines(5000, 500, [[1, 1]]);
    v.fill(NaN, 100, 200);
    v[300] = 80; // 80 mV: far off the page
    const page = await renderPage(syntheticRecord("n", 500, { II: v }), { layout: "auto", resolutionDpi: 50 });
    const lead = page.annotation.leads[0]!;
    expect(lead.unplotted_samples).toHaveLength(101);
    expect(lead.plotted_pixels).toHaveLength(5000 - 101);
    expect((page.annotation.ecgkit.warnings as string[]).some((w) => /101 samples/.test(w))).toBe(true);
  });
});
