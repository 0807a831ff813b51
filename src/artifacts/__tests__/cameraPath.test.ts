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
import { gaussian } from "../sensor/sharpOps.js";
import sharp from "sharp";
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
    // No desk: its texture is drawn on the grid it is asked for, so it differs in detail between the two.
    const base = { ...geometry, background: { probability: 0 }, colorMode: { probability: 1, modes: ["grey" as const] }, blur: { probability: 1, sigmaPx: [0.8, 0.8] as [number, number] } };
    for (const seed of [6, 7]) {
      const small = await applyArtifacts(page, { ...base, lowResolution: { probability: 1, scaleFraction: [0.6, 0.6] } }, new Rng(seed));
      const full = await applyArtifacts(page, base, new Rng(seed));
      expect(small.image.width).toBe(full.image.width);
      expect(Buffer.from(small.traceMask.buffer).equals(Buffer.from(full.traceMask.buffer))).toBe(true);
      const check = traceCheck(small);
      expect(check.points).toBeGreaterThan(300);
      expect(check.masked).toBe(check.points);
      expect(check.inked / check.points).toBeGreaterThan(0.95);
      // Both images show the same scene, aligned: the full-size one shifted half a px either way
      // matches about equally well (an enlargement half a px off: 4.4 one way, 5.7 the other).
      const { width: w, height: h } = small.image, A = small.image.data, B = full.image.data;
      const meanDiff = (sx: number, sy: number) => {
        let sum = 0, n = 0;
        for (let y = 2; y < h - 2; y++) for (let x = 2; x < w - 2; x++) {
          const i = (y * w + x) * 4;
          sum += Math.abs(A[i]! - (B[i]! + B[i + 4 * (sx + sy * w)]!) / 2);
          n++;
        }
        return sum / n;
      };
      expect(meanDiff(0, 0)).toBeLessThan(5);
      expect(Math.abs(meanDiff(1, 0) - meanDiff(-1, 0))).toBeLessThan(0.3);
      expect(Math.abs(meanDiff(0, 1) - meanDiff(0, -1))).toBeLessThan(0.3);
      const applied = (small.annotation.ecgkit.artifacts as AppliedArtifacts).applied;
      expect(applied.lowResolution).toMatchObject({ scaleFraction: 0.6, onCameraGrid: ["geometry"] });
      expect(applied.lowResolution!.pagePrefilterSigmaPx).toBeGreaterThan(0.8);
    }
  });

  it("blurs as a true Gaussian within 10 levels at hard edges (libvips' default mask: up to 60 off), avoiding its slow sigmas", async () => {
    expect(gaussian(0.6).sigma).toBe(0.625);
    expect(gaussian(0.57).sigma).toBe(0.57);
    expect(gaussian(1.1).sigma).toBe(1.1);
    const w = 120, h = 80, data = Buffer.alloc(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = (x >> 3) % 2 === 0 || y % 7 === 0 ? 20 : 235;
    const worstError = async (options: number | { sigma: number; minAmplitude: number }, sigma: number) => {
      const got = await sharp(data, { raw: { width: w, height: h, channels: 1 } }).blur(options).toColourspace("b-w").raw().toBuffer();
      const ref = gaussianReference(data, w, h, sigma);
      let worst = 0;
      for (let y = 8; y < h - 8; y++) for (let x = 8; x < w - 8; x++) worst = Math.max(worst, Math.abs(got[y * w + x]! - ref[y * w + x]!));
      return worst;
    };
    for (const sigma of [0.5, 0.6, 0.7, 0.8, 1, 1.2, 1.5]) expect(await worstError(gaussian(sigma), sigma)).toBeLessThanOrEqual(10);
    expect(await worstError(1, 1)).toBeGreaterThan(20);
  });
});

/** A separable float Gaussian (13 taps, edges extended) of grey pixels. */
function gaussianReference(data: Uint8Array, w: number, h: number, sigma: number): Float64Array {
  const k: number[] = [];
  for (let i = -6; i <= 6; i++) k.push(Math.exp(-(i * i) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0), tmp = new Float64Array(w * h), out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let a = 0;
    for (let i = -6; i <= 6; i++) a += k[i + 6]! * data[y * w + Math.min(w - 1, Math.max(0, x + i))]!;
    tmp[y * w + x] = a / sum;
  }
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let a = 0;
    for (let i = -6; i <= 6; i++) a += k[i + 6]! * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x]!;
    out[y * w + x] = a / sum;
  }
  return out;
}
