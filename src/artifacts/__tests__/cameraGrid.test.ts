import { describe, expect, it } from "vitest";
import { Rng } from "../../util/rng.js";
import { applyArtifacts } from "../applyArtifacts.js";
import type { AppliedArtifacts } from "../applyArtifacts.js";
import { syntheticPage } from "./syntheticPage.js";

/** A flat grey page (the synthetic page's truth, no drawing): any structure in the output is the sensor's. */
function flatPage(width: number, height: number) {
  const page = syntheticPage(width, height, 1);
  return { ...page, image: { width, height, data: new Uint8ClampedArray(width * height * 4).fill(160) } };
}

/** Correlation of horizontally adjacent pixels' deviations from the mean (red channel). */
function neighbourCorrelation(data: Uint8ClampedArray, width: number, height: number): { r: number; sd: number } {
  let sum = 0, n = 0;
  for (let i = 0; i < width * height; i++) { sum += data[i * 4]!; n++; }
  const mean = sum / n;
  let cov = 0, v = 0;
  for (let y = 0; y < height; y++) for (let x = 0; x + 1 < width; x++) {
    const a = data[(y * width + x) * 4]! - mean, b = data[(y * width + x + 1) * 4]! - mean;
    cov += a * b; v += a * a;
  }
  return { r: cov / v, sd: Math.sqrt(v / (height * (width - 1))) };
}

describe("the camera's grid (low resolution)", () => {
  it("puts the sensor's noise on the camera's pixels: neighbours correlate once enlarged, unlike noise at full size", async () => {
    const page = flatPage(400, 300);
    const noise = { probability: 1, gaussianSd: [6, 6] as [number, number], poissonScale: [0, 0] as [number, number] };
    const onCamera = await applyArtifacts(page, { noise, lowResolution: { probability: 1, scaleFraction: [0.5, 0.5] } }, new Rng(3));
    const fullSize = await applyArtifacts(page, { noise }, new Rng(3));
    const a = neighbourCorrelation(onCamera.image.data, 400, 300), b = neighbourCorrelation(fullSize.image.data, 400, 300);
    expect(Math.abs(b.r)).toBeLessThan(0.05);
    // Enlarging x2 bilinearly: a pixel and its neighbour share most of their source, r = 2/3 in theory (plus the rounding's own noise).
    expect(a.r).toBeGreaterThan(0.5);
    expect(b.sd).toBeGreaterThan(5);
    const applied = (onCamera.annotation.ecgkit.artifacts as AppliedArtifacts).applied;
    expect(applied.lowResolution).toEqual({ scaleFraction: 0.5, onCameraGrid: ["noise"] });
  });

  it("a fax thresholds at full size: its noise and the rest stay after the enlargement", async () => {
    const page = flatPage(300, 200);
    const out = await applyArtifacts(page, { preset: "fax", rotation: { probability: 0 } }, new Rng(5));
    const applied = (out.annotation.ecgkit.artifacts as AppliedArtifacts).applied;
    expect(["bw", "halftone"]).toContain((applied.colorMode as { mode: string }).mode);
    expect((applied.lowResolution as { onCameraGrid: string[] }).onCameraGrid).toEqual([]);
  });
});
