import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Rng } from "../../util/rng.js";
import { applyArtifacts } from "../applyArtifacts.js";
import { resamplePage } from "../geometry/resamplePage.js";
import type { PageWarp } from "../geometry/pageWarp.js";
import { coarseField } from "../field.js";
import { applyFading } from "../paper/applyFading.js";
import { resolveArtifactOptions } from "../resolveArtifactOptions.js";
import { applyNoise, withNoise } from "../sensor/applyNoise.js";
import { withChannels, type Pixels } from "../sensor/pixels.js";
import { syntheticPage } from "./syntheticPage.js";

/** A page-sized RGBA image of smooth colour plus hashed detail, so interpolation errors show. */
function testImage(width: number, height: number, seed: number): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height * 4);
  const rng = new Rng(seed);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = rng.int(0, 255); data[i * 4 + 1] = rng.int(0, 255); data[i * 4 + 2] = rng.int(0, 255); data[i * 4 + 3] = 255;
  }
  return data;
}

const shift = (w: number, h: number, dx: number, dy: number): PageWarp => ({
  pageWidth: w, pageHeight: h, curl: null, relief: null, homography: [1, 0, dx, 0, 1, dy, 0, 0, 1], lensK: 0,
  frameWidth: w, frameHeight: h, offsetX: 0, offsetY: 0, outWidth: w, outHeight: h,
});

describe("integer kernels against their floating-point definitions", () => {
  it("resampling (fixed-point bilinear weights and gains) is within 2 levels of float bilinear times the gain, unbiased", () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0.6, max: 1.3, noNaN: true }), (ax, ay, gain) => {
      const w = 40, h = 30, data = testImage(w, h, 7);
      const gainField = coarseField(w, h, 16, () => gain);
      const out = resamplePage({ width: w, height: h, data }, new Uint16Array(w * h), shift(w, h, -ax, -ay), (_c, _r, rgb) => rgb.fill(0), [gainField, gainField, gainField]);
      let worst = 0, sum = 0, n = 0;
      // Output pixel (col, row) shows page point (col + 0.5 + ax, row + 0.5 + ay): taps (col, row) .. (col + 1, row + 1).
      for (let row = 2; row < h - 3; row++) for (let col = 2; col < w - 3; col++) for (let c = 0; c < 3; c++) {
        const at = (x: number, y: number) => data[(y * w + x) * 4 + c]!;
        const bilinear = (at(col, row) * (1 - ax) + at(col + 1, row) * ax) * (1 - ay) + (at(col, row + 1) * (1 - ax) + at(col + 1, row + 1) * ax) * ay;
        const err = out.image.data[(row * w + col) * 4 + c]! - Math.min(255, bilinear * gain);
        worst = Math.max(worst, Math.abs(err)); sum += err; n++;
      }
      // Weights rounded to 1/256 move a tap's share by up to 1/512 each (<= 1.5 levels between
      // black and white neighbours), plus 0.5 for the output rounding. On average no bias beyond
      // rounding exact halves up (+0.25 when a weight is exactly 1/2); truncating would give 0.5.
      expect(worst).toBeLessThanOrEqual(2);
      expect(Math.abs(sum / n)).toBeLessThan(0.3);
    }), { numRuns: 40 });
  });

  it("fading in fixed point is within 1 level of 255 - (255 - v) * f", () => {
    const w = 300, h = 80, data = testImage(w, h, 3), before = new Uint8ClampedArray(data);
    const options = resolveArtifactOptions({ fading: { probability: 1, strengthFraction: [0.3, 0.3], streaks: [0, 0] } }).fading;
    const applied = applyFading({ width: w, height: h, data }, options, new Rng(5)) as { directionDeg: number };
    const a = (applied.directionDeg * Math.PI) / 180, dx = Math.cos(a), dy = Math.sin(a);
    const proj = [0, w * dx, h * dy, w * dx + h * dy], lo = Math.min(...proj), span = Math.max(...proj) - lo;
    let worst = 0;
    for (let row = 0; row < h; row++) for (let col = 0; col < w; col++) for (let c = 0; c < 3; c++) {
      const f = 1 - 0.7 * ((col * dx + row * dy - lo) / span);
      const o = (row * w + col) * 4 + c;
      worst = Math.max(worst, Math.abs(data[o]! - (255 - (255 - before[o]!) * f)));
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(data[3]).toBe(255);
  });

  it("channel conversions: RGBA -> RGB -> RGBA is exact, grey keeps a grey pixel's level, luma weights as Rec. 601", () => {
    const w = 20, h = 10, data = testImage(w, h, 1);
    const rgba: Pixels = { width: w, height: h, channels: 4, data };
    expect(Buffer.from(withChannels(withChannels(rgba, 3), 4).data).equals(Buffer.from(data))).toBe(true);
    const grey = withChannels(rgba, 1);
    for (let i = 0; i < w * h; i++) expect(Math.abs(grey.data[i]! - (0.299 * data[i * 4]! + 0.587 * data[i * 4 + 1]! + 0.114 * data[i * 4 + 2]!))).toBeLessThanOrEqual(0.5 + 1e-9);
    const back = withChannels(withChannels(grey, 4), 1);
    expect(Buffer.from(back.data).equals(Buffer.from(grey.data))).toBe(true);
  });

  it("noise written into another channel count has the same statistics as in place, and repeats with the seed", () => {
    const flat = (c: 1 | 3 | 4): Pixels => ({ width: 200, height: 150, channels: c, data: new Uint8ClampedArray(200 * 150 * c).fill(128) });
    const sd = (px: Pixels, channel: number) => {
      let sq = 0, n = 0;
      for (let o = channel; o < px.data.length; o += px.channels) { sq += (px.data[o]! - 128) ** 2; n++; }
      return Math.sqrt(sq / n);
    };
    const rgb = withNoise(flat(4), 3, 4, 0, new Rng(1));
    const rgba = withNoise(flat(1), 4, 4, 0, new Rng(1));
    expect(rgb.channels).toBe(3);
    for (const c of [0, 1, 2]) expect(sd(rgb, c)).toBeCloseTo(4, 0);
    expect(sd(rgba, 0)).toBeCloseTo(4, 0);
    expect(rgba.data[3]).toBe(255);
    expect(rgba.data[0]).toBe(rgba.data[1]);
    // Same draws and values whatever the layout: RGB in place (four pixels per step) and RGBA in.
    const inPlace = flat(3);
    expect(withNoise(inPlace, 3, 4, 0, new Rng(1))).toBe(inPlace);
    expect(Buffer.from(inPlace.data).equals(Buffer.from(rgb.data))).toBe(true);
    const again = flat(4);
    applyNoise(again, 4, 0, new Rng(1));
    expect(Buffer.from(withChannels(again, 3).data).equals(Buffer.from(rgb.data))).toBe(true);
  });

  it("a grey scan comes out grey (R = G = B) through blur, low resolution, noise and JPEG", async () => {
    const page = syntheticPage(400, 300, 2);
    const out = await applyArtifacts(page, {
      colorMode: { probability: 1, modes: ["grey"] }, blur: { probability: 1 }, lowResolution: { probability: 1 },
      noise: { probability: 1 }, jpeg: { probability: 1 }, rotation: { probability: 1 },
    }, new Rng(2));
    const d = out.image.data;
    let coloured = 0;
    for (let o = 0; o < d.length; o += 4) if (d[o] !== d[o + 1] || d[o] !== d[o + 2] || d[o + 3] !== 255) coloured++;
    expect(coloured).toBe(0);
    expect(d.length).toBe(400 * 300 * 4);
  });
});
