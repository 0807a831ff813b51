import { describe, expect, it } from "vitest";
import { renderPage } from "../../render/renderPage.js";
import { syntheticRecord } from "../../render/__tests__/syntheticRecord.js";
import { Rng } from "../../util/rng.js";
import { digitizeImage } from "../digitizeImage.js";
import { findSeparatorTicks } from "../findSeparatorTicks.js";
import { traceRow } from "../traceRow.js";

const FS = 500;
const N = 5000;
const LEADS = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"];
/** A 1.5 mV R wave (8 ms sigma) whose peak lies 6 ms after each 2.5 s column border, then every 0.8 s. */
const qrsOnBorders = Float64Array.from({ length: N }, (_, n) => {
  const t = n / FS;
  let v = 0;
  for (const b of [0.3, 1.1, 1.9, 2.506, 3.3, 4.1, 5.006, 5.8, 6.6, 7.506, 8.3, 9.1]) v += 1.5 * Math.exp(-(((t - b) / 0.008) ** 2) / 2);
  return v;
});

describe("separator ticks", () => {
  it("reads a QRS printed on a column border (tick) at its true height", async () => {
    const rec = syntheticRecord("ticks", FS, Object.fromEntries(LEADS.map((k) => [k, qrsOnBorders])));
    const page = await renderPage(rec, { resolutionDpi: 200, layout: "3x4", header: "none", gridColor: "red", calibrationPulse: "start", separators: true }, new Rng(5));
    const r = await digitizeImage(page.image, {});
    const errs: number[] = [];
    for (const [i, lead] of LEADS.entries()) {
      const q = Math.floor(i / 3);
      if (q === 0) continue;
      const x = r.record.signals.find((s) => s.name === lead)!.physical as Float64Array;
      // Peak read within the first 30 ms of the cell, against the true 1.5 mV.
      let peak = -Infinity;
      for (let n = q * 1250; n < q * 1250 + 15; n++) peak = Math.max(peak, x[n]!);
      errs.push(Math.abs(peak - 1.5));
    }
    // Measured: 0.36-0.44 mV; reading from 0.6 mm inside every border (before ticks were located)
    // missed the peak by 1.31-1.38 mV.
    expect(Math.max(...errs)).toBeLessThan(0.6);
  }, 60_000);

  it("finds a tick across the trace, keeps a complex's tip above it and does not trace the label below it", () => {
    const MM = 8;
    const W = 400;
    const H = 300;
    const BASE = 150;
    const mask = new Uint8Array(W * H);
    const set = (r: number, c: number) => (mask[r * W + c] = 1);
    // Baseline stroke, 5 px ticks at columns 100-104 and 200-204 (3.5 mm each way), an R wave tip
    // on the second reaching 6 mm up.
    for (let c = 20; c < 380; c++) for (let r = BASE - 1; r <= BASE; r++) set(r, c);
    for (const c0 of [100, 200]) for (let c = c0; c <= c0 + 4; c++) for (let r = BASE - 28; r <= BASE + 28; r++) set(r, c);
    for (let r = BASE - 48; r < BASE - 28; r++) for (let c = 203; c <= 204; c++) set(r, c);
    // A label "V" right below the tick's foot, touching it (3 mm tall), 2-9 mm right of the border.
    for (let k = 0; k < 24; k++) {
      for (const d of [0, 1]) {
        set(BASE + 28 + k, 204 + Math.floor(k / 3) + d);
        set(BASE + 28 + k, 219 - Math.floor(k / 3) + d);
        set(BASE + 28 + k, 226 + d);
      }
    }
    const ink = new Uint8Array(W * H);
    mask.forEach((v, i) => (ink[i] = v ? 200 : 0));
    const ticks = findSeparatorTicks(mask, W, H, [{ borders: [{ x: 102.5, level: BASE }, { x: 202.5, level: BASE }] }], { pxPerMmX: MM, pxPerMmY: MM });
    expect(ticks).toHaveLength(2);
    expect(ticks[0]!.labelSide).toBeUndefined();
    const t = ticks[1]!;
    expect([t.left, t.right, t.top, t.bottom]).toEqual([200, 204, BASE - 28, BASE + 28]);
    expect(t.labelSide).toBe("below");
    const tr = traceRow(mask, ink, W, { baseline: BASE, top: 0, bottom: H, left: 20, right: 380, pxPerMmY: MM, spacingPx: 18 * MM, breaks: [102.5, 202.5], ticks });
    // Tick columns without a tip have no point; the tip columns keep only the tip above the bar.
    expect(Number.isFinite(tr.runTop[200 - 20]!)).toBe(false);
    expect(tr.runTop[203 - 20]).toBe(BASE - 48);
    expect(tr.runBottom[203 - 20]).toBe(BASE - 29);
    // Nowhere does the path go below the baseline stroke onto the label.
    for (let i = 0; i < tr.runBottom.length; i++) if (Number.isFinite(tr.runBottom[i]!)) expect(tr.runBottom[i]!).toBeLessThanOrEqual(BASE);
  });
});
