import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OptionError } from "../../errors.js";
import { Rng } from "../../util/rng.js";
import { buildLayout, parseLayoutSpec } from "../layout.js";
import { STANDARD_LEADS } from "../leads.js";
import { loadConfigFile } from "../loadConfigFile.js";
import { paperSizeMm } from "../paper.js";
import { renderPage } from "../renderPage.js";
import { estimateHeartRateBpm } from "../heartRate.js";
import { syntheticRecord, twelveLeads } from "./syntheticRecord.js";

const LOWER = STANDARD_LEADS.map((l) => l.toLowerCase());

describe("buildLayout", () => {
  it("3x4 puts I/II/III, aVR/aVL/aVF, V1-V3, V4-V6 in columns of successive 2.5 s windows, matching names without case", () => {
    const { spec } = buildLayout(LOWER, { rhythmLeads: ["II", "V1", "V5"] });
    expect(spec.name).toBe("3x4+3");
    expect(spec.rows.map((r) => r.map((c) => c.lead))).toEqual([
      ["I", "aVR", "V1", "V4"], ["II", "aVL", "V2", "V5"], ["III", "aVF", "V3", "V6"], ["II"], ["V1"], ["V5"],
    ]);
    expect(spec.rows[0]!.map((c) => c.startS)).toEqual([0, 2.5, 5, 7.5]);
    expect(spec.rows[3]![0]).toMatchObject({ startS: 0, durationS: 10 });
  });

  it("defaults to one row per signal for records without the 12 leads, and warns about leads it cannot show", () => {
    const { spec, warnings } = buildLayout(["MLII", "V5"], { rhythmLeads: ["II"] });
    expect(spec.rows.map((r) => r.map((c) => c.lead))).toEqual([["MLII"], ["V5"]]);
    expect(warnings.join()).toMatch(/rhythm lead II/);
  });

  it("rejects malformed layouts with the option named", () => {
    expect(() => buildLayout(LOWER, { layout: "4x5" })).toThrow(OptionError);
    expect(() => buildLayout(LOWER, { layout: "wide" })).toThrow(/layout/);
    expect(() => parseLayoutSpec({ rows: [[{ lead: "I", start: -1, duration: 2 }]] }, "my.yaml")).toThrow(/my.yaml: rows\[0\]\[0\].start/);
    expect(() => parseLayoutSpec({ rows: "x" })).toThrow(/rows/);
  });

  it("draws a custom layout where its cells say (start in the record, x along the row)", async () => {
    const spec = parseLayoutSpec({ rows: [[{ lead: "V2", start: 4, duration: 3, x: 1 }], [{ lead: "-aVR", start: 0, duration: 10 }]] });
    const page = await renderPage(syntheticRecord("c", 500, twelveLeads(5000, 500)), { layout: spec, resolutionDpi: 100 });
    const [v2, avr] = page.annotation.leads;
    expect([v2!.lead_name, v2!.start_sample, v2!.end_sample]).toEqual(["V2", 2000, 3500]);
    expect(avr!.lead_name).toBe("-aVR");
    const ppm = 100 / 25.4;
    expect(v2!.plotted_pixels[0]![1] - avr!.plotted_pixels[0]![1]).toBeCloseTo(1 * 25 * ppm, 1);
  });
});

describe("non-ECG signals", () => {
  it("leaves signals that are not voltages out of named layouts, with a warning", async () => {
    const rec = syntheticRecord("bp", 250, { II: new Float64Array(2500), ABP: new Float64Array(2500).fill(90) });
    rec.units = ["mV", "mmHg"];
    const page = await renderPage(rec, { resolutionDpi: 50 });
    expect(page.annotation.leads.map((l) => l.lead_name)).toEqual(["II"]);
    expect((page.annotation.ecgkit.warnings as string[]).join()).toMatch(/ABP are not voltages/);
  });
});

describe("paper and options", () => {
  it("knows letter and A4 in both orientations and custom sizes", () => {
    expect(paperSizeMm("a4", "landscape")).toEqual({ widthMm: 297, heightMm: 210 });
    expect(paperSizeMm("letter", "portrait")).toEqual({ widthMm: 215.9, heightMm: 279.4 });
    expect(paperSizeMm("250x120", "landscape")).toEqual({ widthMm: 250, heightMm: 120 });
    expect(() => paperSizeMm("napkin", "landscape")).toThrow(/paper/);
  });

  it("sizes the image from paper and dpi, and rejects a dpi outside 50-600", async () => {
    const rec = syntheticRecord("d", 500, twelveLeads(5000, 500));
    const page = await renderPage(rec, { paper: "a4", resolutionDpi: 100, paddingMm: 5 });
    expect([page.image.width, page.image.height]).toEqual([Math.round((307 * 100) / 25.4), Math.round((220 * 100) / 25.4)]);
    expect(page.annotation.pad_inches).toBeCloseTo(5 / 25.4, 9);
    await expect(renderPage(rec, { resolutionDpi: 700 })).rejects.toThrow(/resolutionDpi.*50 to 600/);
  });

  it("prints a calibration pulse as tall as the row's gain", async () => {
    const page = await renderPage(syntheticRecord("g", 500, { V1: new Float64Array(5000) }), { resolutionDpi: 254, gainMmPerMv: 20, chestGainMmPerMv: 5, gridColor: "none" }, new Rng(1));
    const pulse = page.annotation.ecgkit.objects!.find((o) => o.kind === "calibration_pulse")!;
    const heightPx = pulse.box[2][0] - pulse.box[0][0];
    // V1 is a chest lead: 5 mm/mV -> 1 mV = 50 px at 10 px/mm, plus the line width (0.25 mm = 2.5 px) and AA
    expect(heightPx).toBeGreaterThan(50);
    expect(heightPx).toBeLessThanOrEqual(56);
  });
});

describe("loadConfigFile", () => {
  it("reads batch keys, page settings (with a layout file) and passes artifacts through as-is", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecgkit-cfg-"));
    try {
      await writeFile(join(dir, "layout.yaml"), "rows:\n  - [{lead: II, start: 0, duration: 10}]\n");
      await writeFile(join(dir, "cfg.yaml"), `seed: 3\nmaxPages: 2\nrender:\n  resolutionDpi: 150\n  layout: ${join(dir, "layout.yaml")}\nartifacts:\n  preset: scan\n  noise: {probability: 1}\n`);
      const c = await loadConfigFile(join(dir, "cfg.yaml"));
      expect(c.seed).toBe(3);
      expect(c.maxPages).toBe(2);
      expect(c.render?.resolutionDpi).toBe(150);
      expect(c.render?.layout).toEqual({ name: "custom", rows: [[{ lead: "II", startS: 0, durationS: 10, xS: 0 }]] });
      expect(c.artifacts).toEqual({ preset: "scan", noise: { probability: 1 } });
      await writeFile(join(dir, "bad.yaml"), "sed: 3\n");
      await expect(loadConfigFile(join(dir, "bad.yaml"))).rejects.toThrow(/unknown keys sed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("estimateHeartRateBpm", () => {
  it("finds the rate of a 72 bpm spike train and none in a flat line", () => {
    const fs = 500;
    const v = new Float64Array(10 * fs);
    const period = Math.round((60 / 72) * fs);
    for (let i = 0; i < v.length; i += period) for (let k = -10; k <= 10; k++) if (i + k >= 0 && i + k < v.length) v[i + k] = 1.5 * (1 - Math.abs(k) / 10);
    expect(estimateHeartRateBpm(v, fs)).toBeCloseTo(60 / (period / fs), 6);
    expect(estimateHeartRateBpm(new Float64Array(5000), fs)).toBeUndefined();
  });
});
