import { describe, expect, it } from "vitest";
import { Rng } from "../../util/rng.js";
import { applyArtifacts, type AppliedArtifacts } from "../applyArtifacts.js";
import { resolveArtifactOptions } from "../resolveArtifactOptions.js";
import { planGeometry } from "../geometry/planGeometry.js";
import { warpForward } from "../geometry/pageWarp.js";
import { cameraWarp } from "../geometry/cameraWarp.js";
import { resamplePage } from "../geometry/resamplePage.js";
import { deskBackground } from "../geometry/background.js";
import { applyWrinkles } from "../paper/applyWrinkles.js";
import { enlargeBilinear } from "../sensor/enlargeBilinear.js";
import { syntheticPage } from "./syntheticPage.js";
import { traceCheck } from "./traceCheck.js";

const geometry = {
  rotation: { probability: 1, angleDeg: [-8, 8] as [number, number] },
  perspective: { probability: 1 },
  curl: { probability: 1, bandFraction: [0.15, 0.25] as [number, number] },
  bulge: { probability: 1 },
  background: { probability: 1 },
};

describe("a camera's smaller grid", () => {
  it("resamplePage's image part and mask part each equal what one pass makes (curl, relief, shading, light, desk)", () => {
    const page = syntheticPage(600, 400, 3);
    const image = { ...page.image, data: new Uint8ClampedArray(page.image.data) };
    const options = resolveArtifactOptions({ ...geometry, wrinkles: { probability: 1 } });
    for (const seed of [1, 2, 3]) {
      const wr = applyWrinkles(image, options.wrinkles, new Rng(seed).fork("wrinkles"));
      const plan = planGeometry(600, 400, options, new Rng(seed), wr.relief)!;
      const desk = deskBackground(new Rng(seed), plan.warp.outWidth, plan.warp.outHeight, 600, 400);
      const gain = { width: 4, height: 4, cellPx: 300, data: Float32Array.of(0.8, 0.9, 1, 1.1, 0.9, 1, 1.1, 1.2, 1, 1.1, 1.2, 1.3, 1.1, 1.2, 1.3, 1.4) };
      const run = (parts: "both" | "image" | "mask") => resamplePage(image, page.traceMask, plan.warp, desk.fn, [gain, gain, gain], wr.shading, desk.rows, desk.cells, parts);
      const both = run("both"), imageOnly = run("image"), maskOnly = run("mask");
      expect(Buffer.from(imageOnly.image.data).equals(Buffer.from(both.image.data))).toBe(true);
      expect(imageOnly.mask.length).toBe(0);
      expect(Buffer.from(maskOnly.mask.buffer).equals(Buffer.from(both.mask.buffer))).toBe(true);
      expect(both.mask.some((m) => m !== 0)).toBe(true);
    }
  });

  it("the camera's warp shows frame point (x, y) at grid point (x scaleX, y scaleY)", () => {
    const options = resolveArtifactOptions(geometry);
    for (const seed of [4, 5]) {
      const warp = planGeometry(1100, 850, options, new Rng(seed))!.warp;
      const camera = cameraWarp(warp, 0.63);
      expect(camera.warp.outWidth).toBe(Math.round(warp.outWidth * 0.63));
      expect(Math.abs(camera.scaleX - 0.63)).toBeLessThan(1 / warp.outWidth);
      for (const [x, y] of [[100, 80], [550, 425], [1000, 700], [30, 820]] as const) {
        const [fx, fy] = warpForward(warp, x, y), [gx, gy] = warpForward(camera.warp, x, y);
        // The lens's term is scaled by the grid's two ratios' difference (< 0.1%): far below a px.
        expect(Math.abs(gx - fx * camera.scaleX)).toBeLessThan(0.01);
        expect(Math.abs(gy - fy * camera.scaleY)).toBeLessThan(0.01);
      }
      expect(camera.framePxPerPagePx).toBeGreaterThan(0.5);
      expect(camera.framePxPerPagePx).toBeLessThan(1.5);
    }
  });

  it("centred enlargement puts a grid pixel's centre back where the frame's map put it", () => {
    const w = 40, width = 97, row = new Uint8ClampedArray(w);
    row[17] = 255;
    const out = enlargeBilinear({ width: w, height: 1, channels: 1, data: row }, width, 1, undefined, false, true);
    let sum = 0, weighted = 0;
    for (let x = 0; x < width; x++) { sum += out.data[x]!; weighted += out.data[x]! * (x + 0.5); }
    // Grid pixel 17's centre (17.5 grid px) is frame point 17.5 * width / w.
    expect(Math.abs(weighted / sum - (17.5 * width) / w)).toBeLessThan(0.05);
  });

  it("with geometry, low resolution samples the page onto the grid: the mask is the full-size one, the points stay on the trace, and the record says so", async () => {
    const page = syntheticPage(800, 600, 2);
    const base = { ...geometry, colorMode: { probability: 1, modes: ["grey" as const] }, blur: { probability: 1, sigmaPx: [0.8, 0.8] as [number, number] } };
    for (const seed of [6, 7]) {
      const small = await applyArtifacts(page, { ...base, lowResolution: { probability: 1, scaleFraction: [0.6, 0.6] } }, new Rng(seed));
      const full = await applyArtifacts(page, base, new Rng(seed));
      expect(small.image.width).toBe(full.image.width);
      expect(Buffer.from(small.traceMask.buffer).equals(Buffer.from(full.traceMask.buffer))).toBe(true);
      const check = traceCheck(small);
      expect(check.points).toBeGreaterThan(300);
      expect(check.masked).toBe(check.points);
      expect(check.inked / check.points).toBeGreaterThan(0.95);
      // Both images show the same scene: close on average (the grid's pixels and the page's blur
      // before the map differ in detail only; 2.2-2.5 levels here, 3.6-3.9 with the enlargement half a px off).
      let diff = 0;
      for (let i = 0; i < small.image.data.length; i += 4) diff += Math.abs(small.image.data[i]! - full.image.data[i]!);
      expect(diff / (small.image.data.length / 4)).toBeLessThan(3);
      const applied = (small.annotation.ecgkit.artifacts as AppliedArtifacts).applied;
      expect(applied.lowResolution).toMatchObject({ scaleFraction: 0.6, onCameraGrid: ["geometry"] });
      expect(applied.lowResolution!.pagePrefilterSigmaPx).toBeGreaterThan(0.8);
    }
  });
});
