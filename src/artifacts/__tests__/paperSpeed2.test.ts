import { describe, expect, it } from "vitest";
import { Rng } from "../../util/rng.js";
import { drawCount, drawRange } from "../draw.js";
import { valueNoiseField } from "../field.js";
import { planLight } from "../light/applyLight.js";
import { applyFading } from "../paper/applyFading.js";
import { fastGauss, fastPow26, fastTanh } from "../paper/fastMath.js";
import { applyStains, STAIN_TINTS } from "../paper/applyStains.js";
import { applyWrinkles } from "../paper/applyWrinkles.js";
import { resolveArtifactOptions } from "../resolveArtifactOptions.js";

/** RGBA: white runs (bare paper) between runs of random colours, alpha 255. */
function paperLike(width: number, height: number, seed: number): Uint8ClampedArray {
  const rng = new Rng(seed), data = new Uint8ClampedArray(width * height * 4).fill(255);
  let white = true;
  for (let i = 0; i < width * height; i++) {
    if (rng.chance(0.2)) white = !white;
    if (!white) data.set([rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)], i * 4);
  }
  return data;
}

describe("second speed pass over the paper steps, against plain definitions", () => {
  it("fastTanh, fastGauss and fastPow26 are within 2e-8, 5e-8 and 1e-5 of Math.tanh, Math.exp(-x^2) and x ** 2.6", () => {
    let tanh = 0, gauss = 0;
    for (let i = -240000; i <= 240000; i++) {
      const x = i / 20000 + 1e-6 * Math.sin(i);
      tanh = Math.max(tanh, Math.abs(fastTanh(x) - Math.tanh(x)));
      gauss = Math.max(gauss, Math.abs(fastGauss(x) - Math.exp(-x * x)));
    }
    let pow = 0;
    for (let i = 0; i <= 300000; i++) pow = Math.max(pow, Math.abs(fastPow26(i / 100000) - (i / 100000) ** 2.6));
    expect(tanh).toBeLessThan(2e-8);
    expect(gauss).toBeLessThan(5e-8);
    expect(pow).toBeLessThan(1e-5);
    expect(fastTanh(0)).toBe(0);
    expect(fastGauss(0)).toBe(1);
  });

  it("fading two words at a time (odd widths, white runs) keeps white exact and is within 1 level of 255 - (255 - v) * f", () => {
    for (const w of [1, 2, 3, 301]) {
      const h = 40, data = paperLike(w, h, w), before = new Uint8ClampedArray(data);
      const options = resolveArtifactOptions({ fading: { probability: 1, strengthFraction: [0.4, 0.4], streaks: [0, 0] } }).fading;
      const applied = applyFading({ width: w, height: h, data }, options, new Rng(w)) as { directionDeg: number };
      const a = (applied.directionDeg * Math.PI) / 180, dx = Math.cos(a), dy = Math.sin(a);
      const proj = [0, w * dx, h * dy, w * dx + h * dy], lo = Math.min(...proj), span = Math.max(...proj) - lo;
      let worst = 0, faded = 0;
      for (let p = 0; p < w * h; p++) {
        const white = before[p * 4] === 255 && before[p * 4 + 1] === 255 && before[p * 4 + 2] === 255;
        const f = 1 - 0.6 * (((p % w) * dx + Math.floor(p / w) * dy - lo) / span);
        for (let c = 0; c < 3; c++) {
          if (white) expect(data[p * 4 + c]).toBe(255);
          else worst = Math.max(worst, Math.abs(data[p * 4 + c]! - (255 - (255 - before[p * 4 + c]!) * f)));
          if (data[p * 4 + c] !== before[p * 4 + c]) faded++;
        }
        expect(data[p * 4 + 3]).toBe(255);
      }
      expect(worst).toBeLessThanOrEqual(1);
      if (w > 3) expect(faded).toBeGreaterThan(w * h * 0.5);
    }
  });

  it("the wrinkles' shading (fold pieces and running sums, fastTanh) is within 1e-6 of the per-node sum over the folds", () => {
    const options = resolveArtifactOptions({ wrinkles: { probability: 1 } }).wrinkles;
    for (let seed = 0; seed < 6; seed++) {
      const width = 410 + seed * 37, height = 300 - seed * 11;
      const { shading } = applyWrinkles({ width, height, data: new Uint8ClampedArray(width * height * 4) }, options, new Rng(seed));
      // applyWrinkles' draws, in its order, then its definition node by node.
      const rng = new Rng(seed);
      const folds = drawCount(rng, options.folds), strength = drawRange(rng, options.strengthFraction), light = rng.uniform(0, 2 * Math.PI);
      const lx = Math.cos(light), ly = Math.sin(light);
      const lines = Array.from({ length: folds }, () => {
        const t = rng.uniform(0, Math.PI);
        return { nx: Math.cos(t), ny: Math.sin(t), x: rng.uniform(0, width), y: rng.uniform(0, height), slope: rng.uniform(0.2, 1) * (rng.chance(0.5) ? 1 : -1), reach: rng.uniform(0.05, 0.35) * Math.max(width, height) };
      });
      const bumps = valueNoiseField(rng.fork("bumps"), Math.max(width, height) / 6, 2, width, height, 8);
      const gw = bumps.width, gh = bumps.height, d = bumps.data, norm = Math.sqrt(Math.max(1, folds)) * 0.5;
      expect([shading.width, shading.height]).toEqual([gw, gh]);
      let worst = 0, spread = 0;
      for (let j = 0; j < gh; j++) for (let i = 0; i < gw; i++) {
        let s = 0;
        for (const f of lines) {
          const ex = i * 8 - f.x, ey = j * 8 - f.y, along = Math.abs(-ex * f.ny + ey * f.nx);
          if (along <= f.reach) s += (ex * f.nx + ey * f.ny > 0 ? 1 : -1) * f.slope * (1 - along / f.reach) * (f.nx * lx + f.ny * ly);
        }
        const at = (ii: number, jj: number) => d[Math.min(gh - 1, Math.max(0, jj)) * gw + Math.min(gw - 1, Math.max(0, ii))]!;
        s += ((at(i + 1, j) - at(i - 1, j)) * lx + (at(i, j + 1) - at(i, j - 1)) * ly) * 4;
        const gain = 1 - strength * 0.5 + strength * Math.tanh(s / norm) * 0.5;
        worst = Math.max(worst, Math.abs(shading.data[j * gw + i]! - gain));
        spread = Math.max(spread, Math.abs(gain - 1));
      }
      expect(worst).toBeLessThan(1e-6);
      expect(spread).toBeGreaterThan(strength * 0.2);
    }
  });

  it("stains (chord per row, degree walked along the row, one word per pixel, fastGauss) are within 0.6 level of their float definition", () => {
    const w = 360, h = 300, pxPerMm = 4;
    for (let seed = 0; seed < 5; seed++) {
      const options = resolveArtifactOptions({ stains: { probability: 1, count: [1, 1], radiusMm: [10, 30] } }).stains;
      const before = paperLike(w, h, seed), data = new Uint8ClampedArray(before);
      applyStains({ width: w, height: h, data }, options, new Rng(seed), pxPerMm);
      const rng = new Rng(seed);
      const tint = STAIN_TINTS[rng.pick(Object.keys(STAIN_TINTS))]!;
      const radius = drawRange(rng, options.radiusMm) * pxPerMm, opacity = drawRange(rng, options.opacity);
      const cx = rng.uniform(0, w), cy = rng.uniform(0, h);
      const wobble = [1, 2, 3, 5].map((k) => ({ k, amp: rng.uniform(0, 0.06 / Math.sqrt(k)), phase: rng.uniform(0, 2 * Math.PI) }));
      const rimWidth = rng.uniform(0.02, 0.06), fill = rng.uniform(0.2, 0.6);
      let worst = 0, stained = 0;
      for (let row = 0; row < h; row++) for (let col = 0; col < w; col++) {
        const ex = col + 0.5 - cx, ey = row + 0.5 - cy;
        // The radius at this pixel's angle, with the table's one-degree steps (angle rounded to a degree).
        const theta = (Math.round(((Math.atan2(ey, ex) + Math.PI) / (2 * Math.PI)) * 360) / 360) * 2 * Math.PI - Math.PI;
        const rr = radius * wobble.reduce((acc, o) => acc + o.amp * Math.sin(o.k * theta + o.phase), 1);
        const dist = Math.hypot(ex, ey) / rr, e = (dist - 1) / rimWidth;
        const a = Math.hypot(ex, ey) > radius * 1.35 ? 0 : opacity * Math.min(1, (dist < 1 ? fill * (0.5 + 0.5 * dist * dist) : 0) + Math.exp(-e * e));
        for (let c = 0; c < 3; c++) {
          const o = (row * w + col) * 4 + c, want = before[o]! * (1 - a * (1 - tint[c]! / 255));
          worst = Math.max(worst, Math.abs(data[o]! - want));
          if (data[o] !== before[o]) stained++;
        }
      }
      // Rounding (0.5) and the exp(-9) rim cut. (With fastAtan2's 2e-5 rad per pixel, the code before
      // the row walk picked the neighbouring degree at a few rim pixels: 1.32 here.)
      expect(worst).toBeLessThan(0.6);
      expect(stained).toBeGreaterThan(Math.PI * radius * radius * 0.5);
    }
  });

  it("the vignette's gains (fastPow26 of the distance) are within 1e-5 of 1 - v * (r^2 / R^2) ** 1.3", () => {
    const options = resolveArtifactOptions({ vignetting: { probability: 1, strengthFraction: [0.9, 0.9] } }).vignetting;
    const width = 530, height = 410, { gains } = planLight(width, height, { vignetting: { options, rng: new Rng(1) } });
    const field = gains![0];
    let worst = 0;
    for (let j = 0; j < field.height; j++) for (let i = 0; i < field.width; i++) {
      const x = i * field.cellPx, y = j * field.cellPx, cx = width / 2, cy = height / 2;
      const want = 1 - 0.9 * ((((x - cx) ** 2 + (y - cy) ** 2) / (cx * cx + cy * cy)) ** 1.3);
      worst = Math.max(worst, Math.abs(field.data[j * field.width + i]! - want));
    }
    expect(worst).toBeLessThan(1e-5);
    expect(field.data[0]).toBeLessThan(0.2);
  });
});
