import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Rng } from "../../util/rng.js";
import { resolveArtifactOptions } from "../resolveArtifactOptions.js";
import { planGeometry } from "../geometry/planGeometry.js";
import { warpForward, warpInverse } from "../geometry/pageWarp.js";
import { mapLattice, MAP_CELL_PX, resamplePage } from "../geometry/resamplePage.js";
import { mapAnnotation } from "../geometry/mapAnnotation.js";
import { syntheticPage } from "./syntheticPage.js";
import { traceCheck } from "./traceCheck.js";
import { applyArtifacts, type AppliedArtifacts } from "../applyArtifacts.js";

const allGeometry = resolveArtifactOptions({
  rotation: { probability: 1, angleDeg: [-6, 6] },
  perspective: { probability: 1, cornerFraction: [0.03, 0.06] },
  curl: { probability: 1, bandFraction: [0.15, 0.25] },
  bulge: { probability: 1, coefficient: [-0.05, 0.05] },
  crop: { probability: 1, sideFraction: [0.01, 0.03] },
});
const white = (_c: number, _r: number, rgb: Float32Array) => rgb.fill(255);

describe("geometry", () => {
  it("rotates by +90 degrees counter-clockwise on screen", () => {
    const opts = resolveArtifactOptions({ rotation: { probability: 1, angleDeg: 90 } });
    const plan = planGeometry(200, 200, opts, new Rng(1))!;
    // A point right of centre moves above it (y down), as stated in render/types.ts.
    const [x, y] = warpForward(plan.warp, 150, 100);
    expect(x).toBeCloseTo(100, 6);
    expect(y).toBeCloseTo(50, 6);
  });

  it("inverse undoes forward for every combination of steps", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.double({ min: 0.1, max: 0.9, noNaN: true }), (seed, u, v) => {
        const plan = planGeometry(1100, 850, allGeometry, new Rng(seed))!;
        const [x, y] = warpForward(plan.warp, u * 1100, v * 850);
        const [bx, by] = warpInverse(plan.warp, x, y);
        expect(Math.hypot(bx - u * 1100, by - v * 850)).toBeLessThan(1e-6);
      }),
      { numRuns: 200 },
    );
  });

  const withBackground = resolveArtifactOptions({
    rotation: { probability: 1, angleDeg: [-30, 30] },
    perspective: { probability: 1, cornerFraction: [0, 0.08] },
    curl: { probability: 1 },
    bulge: { probability: 1, coefficient: [-0.1, 0.1] },
    background: { probability: 1, pageScale: [0.6, 1.1] },
    pad: { probability: 1 },
  });
  it.each([
    ["rotation + perspective + curl + bulge + crop", allGeometry, [1, 2, 3]],
    ["strong rotation + perspective + curl + bulge + background scale + pad", withBackground, [4, 5, 6]],
  ] as const)("%s: mapped points lie on the drawn trace and in its mask", (_name, options, seeds) => {
    for (const seed of seeds) {
      const page = syntheticPage();
      const plan = planGeometry(page.image.width, page.image.height, options, new Rng(seed))!;
      expect(Object.keys(plan.applied).length).toBeGreaterThanOrEqual(5);
      const out = resamplePage(page.image, page.traceMask, plan.warp, white);
      const { annotation, pointsOutside } = mapAnnotation(page.annotation, plan.warp);
      const { width, data } = out.image;
      let checked = 0, offTrace = 0, unmasked = 0;
      for (const lead of annotation.leads) {
        for (const [y, x] of lead.plotted_pixels) {
          const col = Math.floor(x), row = Math.floor(y);
          if (col < 1 || row < 1 || col >= width - 1 || row >= out.image.height - 1) continue;
          checked++;
          if (!(out.mask[row * width + col]! & (1 << lead.cell))) unmasked++;
          let darkest = 255;
          for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
            const c = col + dx, r = row + dy;
            if (Math.hypot(c + 0.5 - x, r + 0.5 - y) > 1) continue;
            darkest = Math.min(darkest, data[(r * width + c) * 4 + 1]!);
          }
          if (darkest > 90) offTrace++;
        }
      }
      expect(checked).toBeGreaterThan(1000);
      expect(pointsOutside).toBe(annotation.leads.reduce((n, l) => n + l.plotted_pixels.length, 0) - checked - countBorder(annotation, out.image.width, out.image.height));
      expect(offTrace).toBe(0);
      expect(unmasked).toBe(0);
    }
  });

  it("wrinkle relief bends the printed lines, and the points and mask follow", async () => {
    const page = syntheticPage();
    const flat = await applyArtifacts(page, { wrinkles: { probability: 1, reliefPx: [0, 0], strengthFraction: [0, 0] } }, new Rng(3));
    const bent = await applyArtifacts(page, { wrinkles: { probability: 1, reliefPx: [3, 4], strengthFraction: [0, 0] }, rotation: { probability: 1 } }, new Rng(3));
    const applied = (bent.annotation.ecgkit.artifacts as AppliedArtifacts).applied;
    expect(applied.wrinkles!.reliefPx).toBeGreaterThanOrEqual(3);
    // The relief moved points by up to reliefPx relative to rotation alone.
    const rotatedOnly = await applyArtifacts(page, { rotation: { probability: 1 } }, new Rng(3));
    let moved = 0;
    bent.annotation.leads.forEach((lead, i) => lead.plotted_pixels.forEach(([y, x], k) => {
      const [y0, x0] = rotatedOnly.annotation.leads[i]!.plotted_pixels[k]!;
      moved = Math.max(moved, Math.hypot(y - y0, x - x0));
    }));
    expect(moved).toBeGreaterThan(1);
    expect(moved).toBeLessThanOrEqual(4.01);
    expect(flat.annotation.leads).toEqual(page.annotation.leads);
    const check = traceCheck(bent);
    expect(check.points).toBeGreaterThan(1000);
    expect(check.masked).toBe(check.points);
    expect(check.inked).toBe(check.points);
  });

  it("wrinkle shading applied in the resampling pass matches a separate multiply within 1 level", async () => {
    const page = syntheticPage();
    const wrinkles = { probability: 1, reliefPx: [0, 0] as [number, number], strengthFraction: [0.3, 0.3] as [number, number] };
    const separate = await applyArtifacts(page, { wrinkles }, new Rng(5));
    const fused = await applyArtifacts(page, { wrinkles, rotation: { probability: 1, angleDeg: [0, 0] } }, new Rng(5));
    let maxDiff = 0, changed = 0;
    for (let i = 0; i < separate.image.data.length; i++) {
      const d = Math.abs(separate.image.data[i]! - fused.image.data[i]!);
      maxDiff = Math.max(maxDiff, d);
      if (separate.image.data[i] !== page.image.data[i]) changed++;
    }
    expect(changed).toBeGreaterThan(page.image.data.length / 10);
    expect(maxDiff).toBeLessThanOrEqual(1);
    expect(fused.traceMask).toEqual(separate.traceMask);
  });

  it("crop and pad alone shift pixels, mask and points by whole pixels", () => {
    const page = syntheticPage(400, 300, 2);
    const opts = resolveArtifactOptions({ crop: { probability: 1, sideFraction: [0.02, 0.05] }, pad: { probability: 1, sideFraction: [0.01, 0.1] } });
    const plan = planGeometry(400, 300, opts, new Rng(4))!;
    const dx = plan.warp.offsetX, dy = plan.warp.offsetY;
    const out = resamplePage(page.image, page.traceMask, plan.warp, white);
    const { annotation } = mapAnnotation(page.annotation, plan.warp);
    expect(annotation.leads[0]!.plotted_pixels[10]).toEqual([page.annotation.leads[0]!.plotted_pixels[10]![0] + dy, page.annotation.leads[0]!.plotted_pixels[10]![1] + dx]);
    for (const [row, col] of [[50, 60], [150, 200], [200, 300]] as const) {
      const o = ((row + dy) * out.image.width + col + dx);
      expect(out.image.data[o * 4 + 1]).toBe(page.image.data[(row * 400 + col) * 4 + 1]);
      expect(out.mask[o]).toBe(page.traceMask[row * 400 + col]);
    }
    expect(out.image.data[1]).toBe(255);
  });

  it("the lattice-interpolated inverse map stays within 0.01 px of the exact one (letter page, strong settings)", () => {
    for (const seed of [1, 2, 3, 4]) {
      const plan = planGeometry(2200, 1700, withBackground, new Rng(seed))!;
      // The lattice holds the smooth part only (curl and relief are applied exactly per pixel).
      const smooth = { ...plan.warp, curl: null, relief: null };
      const lat = mapLattice(smooth);
      let maxErr = 0;
      for (let row = 0; row < smooth.outHeight; row += 7) for (let col = 0; col < smooth.outWidth; col += 5) {
        const u = (col + 0.5) / MAP_CELL_PX, v = (row + 0.5) / MAP_CELL_PX, i = Math.floor(u), j = Math.floor(v), a = u - i, b = v - j;
        const at = (f: Float64Array) => { const k = j * lat.width + i; return (f[k]! * (1 - a) + f[k + 1]! * a) * (1 - b) + (f[k + lat.width]! * (1 - a) + f[k + lat.width + 1]! * a) * b; };
        const [ex, ey] = warpInverse(smooth, col + 0.5, row + 0.5);
        maxErr = Math.max(maxErr, Math.hypot(at(lat.x) - ex, at(lat.y) - ey));
      }
      expect(maxErr).toBeGreaterThan(0);
      expect(maxErr).toBeLessThan(0.01);
    }
  });

  it("the mask keeps every cell's bits and nothing else", () => {
    const page = syntheticPage(600, 400, 3);
    const plan = planGeometry(600, 400, allGeometry, new Rng(9))!;
    const out = resamplePage(page.image, page.traceMask, plan.warp, white);
    const bits = new Set(out.mask);
    expect([...bits].sort()).toEqual([0, 1, 2, 4]);
  });
});

/** Points inside the image but within 1 px of its border (skipped above, not outside). */
function countBorder(annotation: { leads: { plotted_pixels: [number, number][] }[] }, width: number, height: number): number {
  let n = 0;
  for (const lead of annotation.leads) for (const [y, x] of lead.plotted_pixels) {
    const col = Math.floor(x), row = Math.floor(y);
    const inside = x >= 0 && y >= 0 && x < width && y < height;
    if (inside && (col < 1 || row < 1 || col >= width - 1 || row >= height - 1)) n++;
  }
  return n;
}
