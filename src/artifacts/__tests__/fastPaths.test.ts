import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { Rng } from "../../util/rng.js";
import { resolveArtifactOptions } from "../resolveArtifactOptions.js";
import { planGeometry } from "../geometry/planGeometry.js";
import { curlAxis, warpInverse } from "../geometry/pageWarp.js";
import { foldRelief, mapLattice, MAP_CELL_PX, resamplePage } from "../geometry/resamplePage.js";
import { applyWrinkles } from "../paper/applyWrinkles.js";
import { applyScanLines } from "../fax/applyScanLines.js";
import { applyMotionBlur, motionKernel } from "../sensor/applyMotionBlur.js";
import { enlargeBilinear } from "../sensor/enlargeBilinear.js";
import { blurAndResolution } from "../sensor/sharpOps.js";
import { withChannels, type Pixels } from "../sensor/pixels.js";
import { syntheticPage } from "./syntheticPage.js";

/** Grey pixels: smooth shading plus hashed detail and hard edges, so filter errors show. */
function greyImage(width: number, height: number, seed: number): Pixels {
  const rng = new Rng(seed), data = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    data[y * width + x] = ((x >> 3) + (y >> 3)) % 5 === 0 ? 0 : 128 + 100 * Math.sin(x / 7 + y / 11) * 0.5 + rng.int(0, 60);
  }
  return { width, height, channels: 1, data };
}

describe("resampling: fast cells and exact cells", () => {
  it("agrees with a per-pixel float bilinear through the exact inverse map (no relief) within 2 levels, and the mask with the weighted taps", () => {
    const page = syntheticPage(600, 400, 3);
    const options = resolveArtifactOptions({ rotation: { probability: 1, angleDeg: [-6, 6] }, perspective: { probability: 1 }, curl: { probability: 1, bandFraction: [0.15, 0.25] }, bulge: { probability: 1 } });
    for (const seed of [1, 2, 3]) {
      const plan = planGeometry(600, 400, options, new Rng(seed))!;
      const out = resamplePage(page.image, page.traceMask, plan.warp, (_c, _r, rgb) => rgb.fill(0));
      const src = page.image.data, curl = plan.warp.curl!, axis = curlAxis(curl, 600, 400);
      // The curl's shading (resamplePage's form: 1 - shadeFraction (1 - cos(t / r)) / (1 - cos(band / r))), from the point before the curl.
      const shade = (col: number, row: number) => {
        const [x, y] = warpInverse({ ...plan.warp, curl: null }, col + 0.5, row + 0.5);
        const seen = axis.flip ? axis.start - (axis.vertical ? y : x) : (axis.vertical ? y : x) - axis.start;
        if (seen <= 0) return 1;
        const q = seen / curl.radiusPx;
        return 1 - (curl.shadeFraction * (1 - Math.sqrt(1 - q * q))) / (1 - Math.cos(curl.bandPx / curl.radiusPx));
      };
      let worst = 0, checked = 0, maskMismatch = 0;
      for (let row = 0; row < plan.warp.outHeight; row++) for (let col = 0; col < plan.warp.outWidth; col++) {
        const [sx, sy] = warpInverse(plan.warp, col + 0.5, row + 0.5);
        const fx = sx - 0.5, fy = sy - 0.5;
        // Interior only (edges blend with the background), and away from where the curl starts (its kink).
        if (!(fx >= 1 && fy >= 1 && fx < 598 && fy < 398)) continue;
        const x0 = Math.floor(fx), y0 = Math.floor(fy), a = fx - x0, b = fy - y0;
        const f = shade(col, row);
        for (let c = 0; c < 3; c++) {
          const at = (x: number, y: number) => src[(y * 600 + x) * 4 + c]!;
          const ref = (at(x0, y0) * (1 - a) + at(x0 + 1, y0) * a) * (1 - b) + (at(x0, y0 + 1) * (1 - a) + at(x0 + 1, y0 + 1) * a) * b;
          worst = Math.max(worst, Math.abs(out.image.data[(row * plan.warp.outWidth + col) * 4 + c]! - ref * f));
        }
        // Taps whose bilinear weight is not 0 (|tap - point| < 1 px on both axes); within 0.01 px of that
        // may go either way (the lattice map differs from the exact one by < 0.01 px).
        let must = 0, may = 0;
        for (let ty = y0 - 1; ty <= y0 + 2; ty++) for (let tx = x0 - 1; tx <= x0 + 2; tx++) {
          const bits = page.traceMask[ty * 600 + tx]!, dx = Math.abs(tx - fx), dy = Math.abs(ty - fy);
          if (dx < 0.99 && dy < 0.99) must |= bits;
          if (dx < 1.01 && dy < 1.01) may |= bits;
        }
        const got = out.mask[row * plan.warp.outWidth + col]!;
        if ((got & must) !== must || (got & ~may) !== 0) maskMismatch++;
        checked++;
      }
      expect(checked).toBeGreaterThan(150_000);
      // Weights in 1/256 (up to 1.5 levels between black and white taps) and the lattice map (< 0.01 px).
      expect(worst).toBeLessThanOrEqual(2.5);
      expect(maskMismatch).toBe(0);
    }
  });

  it("the relief folded into the map lattice is within 0.4 px of the exact relief (mean below 0.01 px) on a letter page at the strongest relief", () => {
    const options = resolveArtifactOptions({ wrinkles: { probability: 1, reliefPx: [4, 4], folds: [30, 30] }, rotation: { probability: 1 }, perspective: { probability: 1 } });
    for (const seed of [1, 2, 3]) {
      const image = { width: 2200, height: 1700, data: new Uint8ClampedArray(2200 * 1700 * 4) };
      const relief = applyWrinkles(image, options.wrinkles, new Rng(seed)).relief!;
      const warp = planGeometry(2200, 1700, options, new Rng(seed), relief)!.warp;
      const lattice = mapLattice(warp);
      const folded = foldRelief(relief, lattice.x, lattice.y);
      let worst = 0, sum = 0, n = 0;
      for (let row = 0; row < 1700; row += 5) for (let col = 0; col < 2200; col += 2) {
        const u = (col + 0.5) / MAP_CELL_PX, v = (row + 0.5) / MAP_CELL_PX, i = Math.floor(u), j = Math.floor(v), a = u - i, b = v - j;
        const at = (f: Float64Array) => { const k = j * lattice.width + i; return (f[k]! * (1 - a) + f[k + 1]! * a) * (1 - b) + (f[k + lattice.width]! * (1 - a) + f[k + lattice.width + 1]! * a) * b; };
        const [ex, ey] = warpInverse(warp, col + 0.5, row + 0.5);
        if (!(ex > 0 && ey > 0 && ex < 2200 && ey < 1700)) continue;
        const err = Math.hypot(at(folded.x) - ex, at(folded.y) - ey);
        worst = Math.max(worst, err); sum += err; n++;
      }
      expect(worst).toBeGreaterThan(0.01);
      expect(worst).toBeLessThan(0.4);
      expect(sum / n).toBeLessThan(0.01);
    }
  });
});

describe("sensor kernels", () => {
  it("motion blur is within 1 level of the float convolution with its kernel, and within 3 of a direct average along the line", () => {
    const px = greyImage(160, 120, 4);
    for (const [lengthPx, angleDeg] of [[2, 0], [3.3, 30], [5, 90], [4.2, 137], [1.4, 200]] as const) {
      const out = applyMotionBlur(px, lengthPx, angleDeg);
      const k = motionKernel(lengthPx, angleDeg), hw = (k.width - 1) / 2, hh = (k.height - 1) / 2;
      const t = (angleDeg * Math.PI) / 180, ux = Math.cos(t), uy = -Math.sin(t);
      const at = (x: number, y: number) => px.data[Math.min(119, Math.max(0, y)) * 160 + Math.min(159, Math.max(0, x))]!;
      const bilinear = (x: number, y: number) => {
        const x0 = Math.floor(x), y0 = Math.floor(y), a = x - x0, b = y - y0;
        return (at(x0, y0) * (1 - a) + at(x0 + 1, y0) * a) * (1 - b) + (at(x0, y0 + 1) * (1 - a) + at(x0 + 1, y0 + 1) * a) * b;
      };
      let worstKernel = 0, worstLine = 0;
      for (let y = 0; y < 120; y++) for (let x = 0; x < 160; x++) {
        let sum = 0;
        for (let j = 0; j < k.height; j++) for (let i = 0; i < k.width; i++) sum += k.kernel[j * k.width + i]! * at(x + i - hw, y + j - hh);
        worstKernel = Math.max(worstKernel, Math.abs(out.data[y * 160 + x]! - sum / k.scale));
        if (x < 8 || y < 8 || x >= 152 || y >= 112) continue;
        let line = 0;
        for (let s = 0; s < 64; s++) { const d = (s / 63 - 0.5) * lengthPx; line += bilinear(x + d * ux, y + d * uy); }
        worstLine = Math.max(worstLine, Math.abs(out.data[y * 160 + x]! - line / 64));
      }
      expect(worstKernel).toBeLessThanOrEqual(0.5 + 1e-9);
      expect(worstLine).toBeLessThanOrEqual(3);
    }
    // Colour: each channel alone, as grey.
    const rgb = withChannels(withChannels(px, 4), 3);
    expect(Buffer.from(withChannels(applyMotionBlur(rgb, 3.3, 30), 1).data).equals(Buffer.from(applyMotionBlur(px, 3.3, 30).data))).toBe(true);
  });

  it("bilinear enlargement matches libvips' (sharp resize, kernel linear) within 1 level, grey and colour", async () => {
    for (const channels of [1, 3] as const) {
      const small = withChannels(greyImage(143, 110, 5), channels);
      const ours = enlargeBilinear(small, 220, 170);
      const s = sharp(Buffer.from(small.data), { raw: { width: 143, height: 110, channels } }).resize(220, 170, { kernel: "linear", fit: "fill" });
      const ref = await (channels === 1 ? s.toColourspace("b-w") : s).raw().toBuffer();
      expect(ref.length).toBe(ours.data.length);
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ref[i]! - ours.data[i]!));
      expect(worst).toBeLessThanOrEqual(1);
    }
  });

  it("low resolution with the shake on the shrunk grid loses about as much detail as shaking first (within ~1 level on average), and the blur is as before", async () => {
    const px = withChannels({ width: 1100, height: 850, channels: 4, data: syntheticPage(1100, 850, 3).image.data }, 1);
    const scale = 0.6, w = 660, h = 510;
    const viaSharp = async (p: Pixels) => {
      const shrunk = await sharp(Buffer.from(p.data), { raw: { width: 1100, height: 850, channels: 1 } }).resize(w, h, { kernel: "linear", fit: "fill" }).toColourspace("b-w").raw().toBuffer();
      return enlargeBilinear({ width: w, height: h, channels: 1, data: new Uint8ClampedArray(shrunk) }, 1100, 850);
    };
    const compare = (a: Pixels, b: Pixels) => {
      let worst = 0, sum = 0;
      for (let i = 0; i < a.data.length; i++) { const d = Math.abs(a.data[i]! - b.data[i]!); worst = Math.max(worst, d); sum += d; }
      // Total variation (sum of |horizontal and vertical steps|): how much detail is left.
      const variation = (d: Uint8ClampedArray) => { let v = 0; for (let i = 1101; i < d.length; i++) v += Math.abs(d[i]! - d[i - 1]!) + Math.abs(d[i]! - d[i - 1100]!); return v; };
      return { worst, mean: sum / a.data.length, ratio: variation(a.data) / variation(b.data) };
    };
    const blurOnly = compare(await blurAndResolution(px, 1, null, scale), await viaSharp(await blurAndResolution(px, 1, null, null)));
    expect(blurOnly.worst).toBeLessThanOrEqual(1);
    const motion = { lengthPx: 4, angleDeg: 20 };
    const shake = compare(await blurAndResolution(px, 1, motion, scale), await viaSharp(await blurAndResolution(px, 1, motion, null)));
    expect(shake.ratio).toBeGreaterThan(0.88);
    expect(shake.ratio).toBeLessThan(1.02);
    expect(shake.worst).toBeLessThanOrEqual(16);
    expect(shake.mean).toBeLessThan(1.2);
  });

  it("scan lines on grey pixels equal scan lines on the same page as RGBA", () => {
    const grey = greyImage(200, 150, 6);
    const rgba = withChannels(grey, 4);
    const options = resolveArtifactOptions({ scanLines: { probability: 1, dropped: [3, 3], doubled: [3, 3], streaks: [2, 2] } }).scanLines;
    const a = applyScanLines(grey, options, new Rng(8)), b = applyScanLines(rgba, options, new Rng(8));
    expect(a).toEqual(b);
    expect(Buffer.from(withChannels(rgba, 1).data).equals(Buffer.from(grey.data))).toBe(true);
  });
});

describe("resampling into a pooled buffer", () => {
  it("writes every pixel, into a reused buffer of another length too (a view of a larger, odd-sized one)", async () => {
    const { giveBack } = await import("../sensor/bufferPool.js");
    const page = syntheticPage(500, 400, 2);
    const options = resolveArtifactOptions({ rotation: { probability: 1 }, perspective: { probability: 1 }, curl: { probability: 1 }, background: { probability: 1 } });
    const plan = planGeometry(500, 400, options, new Rng(4))!;
    const bg = (_x: number, _y: number, rgb: Float32Array) => rgb.fill(90);
    const fresh = resamplePage(page.image, page.traceMask, plan.warp, bg);
    // A stale buffer a little larger than the output, of odd length, full of a value no pixel takes.
    const stale = new Uint8ClampedArray(fresh.image.data.length + 4001).fill(7);
    giveBack(stale);
    const reused = resamplePage(page.image, page.traceMask, plan.warp, bg);
    expect(reused.image.data.buffer).toBe(stale.buffer);
    expect(Buffer.from(reused.image.data).equals(Buffer.from(fresh.image.data))).toBe(true);
  });
});
