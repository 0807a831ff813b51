import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Rng } from "../../util/rng.js";
import { drawRange } from "../draw.js";
import { coarseField, multiplyByFields, sampleField, valueNoise, valueNoiseField } from "../field.js";
import { applyVeil } from "../light/applyVeil.js";
import { applyCreases } from "../paper/applyCreases.js";
import { resolveArtifactOptions } from "../resolveArtifactOptions.js";

/** RGBA with runs of one colour (as paper and background are) between random pixels. */
function runsImage(width: number, height: number, seed: number): Uint8ClampedArray {
  const rng = new Rng(seed), data = new Uint8ClampedArray(width * height * 4);
  let rgb = [255, 255, 255];
  for (let i = 0; i < width * height; i++) {
    if (rng.chance(0.3)) rgb = [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
    data.set([rgb[0]!, rgb[1]!, rgb[2]!, 255], i * 4);
  }
  return data;
}

describe("speed rewrites of the paper and light steps against their plain definitions", () => {
  it("valueNoiseField holds exactly the values of coarseField over valueNoise", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 200 }), fc.constantFrom(4, 8, 16), fc.double({ min: 5, max: 900, noNaN: true }), fc.integer({ min: 1, max: 3 }), fc.integer(), (w, h, cell, featurePx, octaves, seed) => {
      const fast = valueNoiseField(new Rng(seed), featurePx, octaves, w, h, cell);
      const plain = coarseField(w, h, cell, valueNoise(new Rng(seed), featurePx, octaves));
      expect(fast).toEqual(plain);
    }), { numRuns: 60 });
  });

  it("creases (Gaussian recurrence along the row) match per-pixel exp within 1 level, nearly all exactly", () => {
    const w = 420, h = 300;
    for (let seed = 0; seed < 12; seed++) {
      const options = resolveArtifactOptions({ creases: { probability: 1, count: [1, 1], widthPx: [1, 12], strengthFraction: [0.1, 0.8] } }).creases;
      const before = runsImage(w, h, seed), data = new Uint8ClampedArray(before);
      applyCreases({ width: w, height: h, data }, options, new Rng(seed));
      // The draws of applyCreases, in its order (a count of [1, 1] draws nothing), then its definition per pixel with Math.exp.
      const rng = new Rng(seed);
      const vertical = rng.chance(0.5), at = rng.pick([1 / 3, 1 / 2, 2 / 3, rng.uniform(0.15, 0.85)]);
      const theta = (vertical ? 0 : Math.PI / 2) + rng.normal(0, 1.5) * (Math.PI / 180);
      const nx = Math.cos(theta), ny = Math.sin(theta);
      const c = vertical ? nx * w * at + ny * h / 2 : nx * w / 2 + ny * h * at;
      const width = drawRange(rng, options.widthPx), s = drawRange(rng, options.strengthFraction), sign = rng.chance(0.5) ? 1 : -1;
      let worst = 0, differ = 0, touched = 0;
      for (let row = 0; row < h; row++) for (let col = 0; col < w; col++) {
        const d = (nx * (col + 0.5) + ny * (row + 0.5) - c) * sign;
        const e = Math.exp(-((d / width) ** 2));
        const g = Math.abs(d) > 4 * width ? 1 : (d < 0 ? 1 - s * e : 1 + 0.4 * s * e) * (1 - 0.5 * s * Math.exp(-((d / 0.8) ** 2)));
        if (g !== 1) touched++;
        for (let k = 0; k < 3; k++) {
          const o = (row * w + col) * 4 + k, diff = Math.abs(data[o]! - Math.min(255, Math.max(0, Math.round(before[o]! * g))));
          worst = Math.max(worst, diff);
          if (diff > 0) differ++;
        }
      }
      expect(touched).toBeGreaterThan(h);
      expect(worst).toBeLessThanOrEqual(1);
      // Round-half-even (typed arrays) against Math.round on exact halves, and ~1e-13 drift: a handful at most.
      expect(differ).toBeLessThan(touched * 0.01);
    }
  });

  it("multiplyByFields (per-column weights, per-row functions) is within 1 level of bilinear gain times the pixel", () => {
    fc.assert(fc.property(fc.integer(), fc.boolean(), (seed, grey) => {
      const w = 157, h = 93, rng = new Rng(seed), before = runsImage(w, h, seed), data = new Uint8ClampedArray(before);
      const fields = [0, 1, 2].map(() => coarseField(w, h, 16, () => rng.uniform(0.5, 1.4)));
      const gains = grey ? [fields[0]!, fields[0]!, fields[0]!] as const : [fields[0]!, fields[1]!, fields[2]!] as const;
      multiplyByFields(data, w, h, [...gains]);
      let worst = 0;
      for (let row = 0; row < h; row++) for (let col = 0; col < w; col++) for (let k = 0; k < 3; k++) {
        const o = (row * w + col) * 4 + k, gain = sampleField(gains[k]!, col + 0.5, row + 0.5);
        worst = Math.max(worst, Math.abs(data[o]! - Math.min(255, before[o]! * gain)));
      }
      // Rows interpolated in float32, then rounding to a level: 0.5 plus a hair.
      expect(worst).toBeLessThan(0.51);
      expect(data[3]).toBe(255);
    }), { numRuns: 25 });
  });

  it("the plain veil (integer luma and chroma, one rounding at the end) is within 2 levels of its float definition", () => {
    const w = 300, h = 40, before = runsImage(w, h, 9), data = new Uint8ClampedArray(before);
    const veil = 0.12, sat = 0.35;
    applyVeil({ width: w, height: h, data }, { glare: null, veilFraction: veil, saturationFraction: sat });
    let worst = 0;
    for (let p = 0; p < w * h; p++) {
      const [r, g, b] = [before[p * 4]!, before[p * 4 + 1]!, before[p * 4 + 2]!];
      const y = 0.299 * r + 0.587 * g + 0.114 * b;
      for (let k = 0; k < 3; k++) {
        const v = y + ([r, g, b][k]! - y) * sat;
        worst = Math.max(worst, Math.abs(data[p * 4 + k]! - (v + (250 - v) * veil)));
      }
    }
    // Luma weights in 1/256, chroma kept in 1/256 and floored, one rounding at the end.
    expect(worst).toBeLessThanOrEqual(2);
  });
});
