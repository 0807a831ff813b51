import { describe, expect, it } from "vitest";
import { renderPage } from "../../render/renderPage.js";
import type { RenderedPage } from "../../render/types.js";
import { sharedPath } from "../../testdata.js";
import { Rng } from "../../util/rng.js";
import { readRecord } from "../../wfdb/readRecord.js";
import { applyArtifacts } from "../applyArtifacts.js";

/** Per plotted point inside the image: is the pixel containing it in its cell's mask, and is ink within 1 px? */
function traceCheck(page: RenderedPage): { points: number; masked: number; inked: number } {
  const { width, height, data } = page.image;
  let points = 0, masked = 0, inked = 0;
  for (const lead of page.annotation.leads) {
    for (const [y, x] of lead.plotted_pixels) {
      const col = Math.floor(x), row = Math.floor(y);
      if (col < 1 || row < 1 || col >= width - 1 || row >= height - 1) continue;
      points++;
      if (page.traceMask[row * width + col]! & (1 << lead.cell)) masked++;
      let darkest = 255;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const c = col + dx, r = row + dy;
        if (Math.hypot(c + 0.5 - x, r + 0.5 - y) > 1) continue;
        const o = (r * width + c) * 4;
        darkest = Math.min(darkest, (data[o]! + data[o + 1]! + data[o + 2]!) / 3);
      }
      if (darkest < 110) inked++;
    }
  }
  return { points, masked, inked };
}

describe("applyArtifacts on a rendered 200 dpi page", () => {
  it("rotation + perspective + curl + crop keep every plotted point on the drawn trace and in its mask", async () => {
    const record = await readRecord(sharedPath("wfdb/cinc2021/E07500"));
    const page = await renderPage(record, { resolutionDpi: 200 }, new Rng(1));
    const before = traceCheck(page);
    expect(before.masked).toBe(before.points);
    const options = {
      rotation: { probability: 1, angleDeg: [-5, 5] as [number, number] },
      perspective: { probability: 1 },
      curl: { probability: 1 },
      crop: { probability: 1, sideFraction: [0.005, 0.01] as [number, number] },
    };
    const out = await applyArtifacts(page, options, new Rng(7));
    const after = traceCheck(out);
    expect(Object.keys((out.annotation.ecgkit.artifacts as { applied: object }).applied)).toEqual(["rotation", "perspective", "curl", "crop"]);
    expect(after.points).toBeGreaterThan(0.95 * before.points);
    expect(after.masked).toBe(after.points);
    expect(after.inked).toBe(after.points);
  });
});
