import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Rng } from "../../util/rng.js";
import { applyVeil, glareWeight, type Glare } from "../light/applyVeil.js";

/** Random RGBA pixels with the extremes (0, 255) and random alpha, so carries and alpha handling show. */
function randomImage(width: number, height: number, seed: number): Uint8ClampedArray {
  const rng = new Rng(seed), data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = rng.chance(0.1) ? (rng.chance(0.5) ? 0 : 255) : rng.int(0, 255);
  return data;
}

/** The float definition: desaturate toward luma (weights 77/150/29 in 1/256), then toward the light by w. */
function reference(before: Uint8ClampedArray, p: number, sat: number, light: readonly number[], w: number): number[] {
  const [r, g, b] = [before[p * 4]!, before[p * 4 + 1]!, before[p * 4 + 2]!];
  const y = (77 * r + 150 * g + 29 * b) / 256;
  return [r, g, b].map((c, k) => { const d = y + (c - y) * sat; return d + (light[k]! - d) * w; });
}

describe("applyVeil's integer kernels", () => {
  it("the plain veil and desaturation equal their one-pixel integer definition exactly (any width, grey or tinted light, alpha kept) and are within 2 levels of the float one", () => {
    const tint = fc.option(fc.tuple(fc.integer({ min: 200, max: 255 }), fc.integer({ min: 200, max: 255 })));
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 1, max: 37 }), fc.double({ min: 0, max: 0.8, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), tint, (seed, width, veil, sat, t) => {
      const height = 5, before = randomImage(width, height, seed), data = new Uint8ClampedArray(before);
      // A glare far off the frame: none of it drawn, but the veil goes toward its (tinted) light.
      const glare = t ? { ...glareOver(width, height), centerX: -1e6, centerY: -1e6, rgb: [255, t[0], t[1]] as [number, number, number] } : null;
      const light = glare ? glare.rgb : [250, 250, 250];
      applyVeil({ width, height, data }, { glare, veilFraction: veil, saturationFraction: sat });
      const satQ = Math.round(sat * 256);
      let worst = 0;
      for (let p = 0; p < width * height; p++) {
        const [r, g, b] = [before[p * 4]!, before[p * 4 + 1]!, before[p * 4 + 2]!], y = (77 * r + 150 * g + 29 * b + 128) >> 8;
        const want = reference(before, p, sat, light, veil);
        [r, g, b].forEach((c, k) => {
          const d = y + Math.floor(((c - y) * satQ) / 256);
          expect(data[p * 4 + k]).toBe(Math.round(d + (light[k]! - d) * veil));
          worst = Math.max(worst, Math.abs(data[p * 4 + k]! - want[k]!));
        });
        expect(data[p * 4 + 3]).toBe(before[p * 4 + 3]);
      }
      // Luma rounded, chroma floored, one rounding at the end.
      expect(worst).toBeLessThanOrEqual(2);
    }), { numRuns: 60 });
  });

  it("white stays white under a white light (no carry into the next channel)", () => {
    const data = new Uint8ClampedArray(4 * 7).fill(255);
    applyVeil({ width: 7, height: 1, data }, { glare: { ...glareOver(7, 1), rgb: [255, 255, 255] }, veilFraction: 0.5, saturationFraction: 0.3 });
    expect([...data]).toEqual(new Array(28).fill(255));
  });

  it("under the glare, each pixel is within 2 levels of the float definition on the glare's 8 px lattice (mean under 0.45)", () => {
    for (const seed of [1, 2, 3]) {
      const width = 203, height = 141, rng = new Rng(seed);
      const glare = { ...glareOver(width, height), angleRad: rng.uniform(0, Math.PI), strength: rng.uniform(0.4, 0.9), ripple: rng.uniform(0, 0.2) };
      const veil = rng.uniform(0, 0.1), sat = rng.uniform(0.3, 0.75);
      const before = randomImage(width, height, seed), data = new Uint8ClampedArray(before);
      applyVeil({ width, height, data }, { glare, veilFraction: veil, saturationFraction: sat });
      let worst = 0, sum = 0;
      for (let row = 0; row < height; row++) for (let col = 0; col < width; col++) {
        // The band's box covers the image, so its lattice starts at (0, 0): nodes every 8 px, rows sampled at their centres.
        const w = veil + (1 - veil) * bilinearGlare(glare, col / 8, (row + 0.5) / 8);
        const p = row * width + col, want = reference(before, p, sat, glare.rgb, w);
        for (let k = 0; k < 3; k++) { const e = Math.abs(data[p * 4 + k]! - want[k]!); worst = Math.max(worst, e); sum += e; }
      }
      // Luma rounded, chroma floored (together under 1.3), the weight in 1/65536, one rounding, glare under 1/1024 left out (0.25).
      expect(worst).toBeLessThan(2);
      expect(sum / (width * height * 3)).toBeLessThan(0.45);
    }
  });
});

/** A wide, long glare centred on the image, whose bounding box covers it all. */
function glareOver(width: number, height: number): Glare {
  return {
    centerX: width / 2, centerY: height / 2, angleRad: 0.4, alongPx: [width, width * 0.7], acrossPx: [height / 5, height / 2.5],
    strength: 0.7, ripple: 0.1, rippleWavelengthPx: width / 2, ripplePhase: 1, rgb: [255, 248, 236],
  };
}

function bilinearGlare(g: Glare, i: number, j: number): number {
  const i0 = Math.floor(i), j0 = Math.floor(j), a = i - i0, b = j - j0;
  const at = (ii: number, jj: number) => glareWeight(g, ii * 8, jj * 8);
  return (at(i0, j0) * (1 - a) + at(i0 + 1, j0) * a) * (1 - b) + (at(i0, j0 + 1) * (1 - a) + at(i0 + 1, j0 + 1) * a) * b;
}
