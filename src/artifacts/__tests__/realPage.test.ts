import { describe, expect, it } from "vitest";
import { renderPage } from "../../render/renderPage.js";
import { sharedPath } from "../../testdata.js";
import { Rng } from "../../util/rng.js";
import { readRecord } from "../../wfdb/readRecord.js";
import { applyArtifacts } from "../applyArtifacts.js";
import { traceCheck } from "./traceCheck.js";

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
