import { describe, expect, it } from "vitest";
import { Rng } from "../../util/rng.js";
import { withNoise } from "../sensor/applyNoise.js";
import { enlargeBilinear } from "../sensor/enlargeBilinear.js";
import type { Pixels } from "../sensor/pixels.js";

/** Grey pixels with hashed detail over the whole 0-255 range (edges from 0 to 255 included). */
function greyImage(width: number, height: number, seed: number): Pixels {
  const rng = new Rng(seed), data = new Uint8ClampedArray(width * height);
  for (let i = 0; i < data.length; i++) data[i] = i % 5 === 0 ? rng.pick([0, 255]) : rng.int(0, 255);
  return { width, height, channels: 1, data };
}

/**
 * Bilinear enlargement in floating point, libvips' convention (or pixel centres aligned): the value
 * at output (x, y); with `quantised`, each axis' weight rounded to 1/256 first, as the kernel does.
 */
function bilinearRef(px: Pixels, width: number, height: number, centred: boolean, quantised: boolean): (x: number, y: number) => number {
  const at = (o: number, inSize: number, outSize: number): [number, number, number] => {
    const f = Math.min(Math.max(((centred ? o + 0.5 : o) * inSize) / outSize - 0.5, 0), inSize - 1);
    const a = Math.min(Math.floor(f), Math.max(0, inSize - 2));
    return [a, Math.min(a + 1, inSize - 1), quantised ? Math.round((f - a) * 256) / 256 : f - a];
  };
  return (x, y) => {
    const [x0, x1, fx] = at(x, px.width, width), [y0, y1, fy] = at(y, px.height, height);
    const v = (r: number, c: number) => px.data[r * px.width + c]!;
    return (v(y0, x0) * (1 - fx) + v(y0, x1) * fx) * (1 - fy) + (v(y1, x0) * (1 - fx) + v(y1, x1) * fx) * fy;
  };
}

/** The noise's draws rebuilt from its seed: 4096 float32 normals standardised to mean 0, sd 1 (in float32), and the xorshift seed. */
function noiseDraws(rng: Rng): { table: Float32Array; seed: number } {
  const table = new Float32Array(4096);
  for (let i = 0; i < 4096; i++) table[i] = rng.normal();
  let sum = 0, sq = 0;
  for (const v of table) { sum += v; sq += v * v; }
  const mean = sum / 4096, sdT = Math.sqrt(sq / 4096 - mean * mean);
  for (let i = 0; i < 4096; i++) table[i] = (table[i]! - mean) / sdT;
  return { table, seed: rng.nextUint32() | 1 };
}

/** Colour noise, one pixel at a time in plain integers (the documented formula), for `n` pixels of `channels` channels; RGB out. */
function colourNoiseRef(src: Uint8ClampedArray, channels: 3 | 4, n: number, gaussianSd: number, poissonScale: number, rng: Rng): Uint8ClampedArray {
  const { table, seed } = noiseDraws(rng), out = new Uint8ClampedArray(n * 3);
  const fixed = (v: number, unit: number) => Math.round(v * unit);
  const sdOf = (v: number) => fixed(Math.fround(Math.sqrt(gaussianSd * gaussianSd + (poissonScale > 0 ? v / poissonScale : 0))), 64);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const a = fixed(table[s >>> 20]! * 0.8, 1024), b = s & 4095;
    for (let c = 0; c < 3; c++) {
      const v = src[i * channels + c]!, own = fixed(table[(b + 1365 * c) & 4095]! * 0.6, 1024);
      out[i * 3 + c] = Math.min(255, Math.max(0, v + (((a + own) * sdOf(v) + 32768) >> 16)));
    }
  }
  return out;
}

describe("sensor kernels, second round of speed work: same pixels as the plain forms", () => {
  it("grey enlarged straight to RGBA (two pixels per step, the new row made and blended in one loop) is the grey enlargement in R, G and B, opaque, and the float bilinear value rounded (same 1/256 weights; within 1.5 levels of exact weights)", () => {
    // Odd and even widths (the unrolled loops' tails), one-row and one-column inputs, both conventions.
    for (const [sw, sh, width, height] of [[57, 41, 101, 77], [40, 30, 64, 48], [1, 9, 3, 20], [9, 1, 20, 3], [13, 11, 13, 11]] as const) {
      for (const centred of [false, true]) {
        const px = greyImage(sw, sh, sw * 100 + sh);
        const grey = enlargeBilinear(px, width, height, undefined, false, centred);
        const rgba = enlargeBilinear(px, width, height, undefined, true, centred);
        expect(rgba.channels).toBe(4);
        const ref = bilinearRef(px, width, height, centred, false), refQ = bilinearRef(px, width, height, centred, true);
        let worst = 0, worstQ = 0;
        for (let i = 0; i < width * height; i++) {
          const g = grey.data[i]!;
          expect([rgba.data[i * 4], rgba.data[i * 4 + 1], rgba.data[i * 4 + 2], rgba.data[i * 4 + 3]]).toEqual([g, g, g, 255]);
          worst = Math.max(worst, Math.abs(g - ref(i % width, Math.floor(i / width))));
          worstQ = Math.max(worstQ, Math.abs(g - refQ(i % width, Math.floor(i / width))));
        }
        // With the same 1/256 weights only the final rounding differs; each axis' weight rounding
        // adds at most 255 / 512 level against exact weights.
        expect(worstQ).toBeLessThanOrEqual(0.5 + 1e-9);
        expect(worst).toBeLessThanOrEqual(1.5);
      }
    }
  });

  it("an RGB enlargement (the fused row loop over interleaved samples) is each channel enlarged on its own, byte for byte", () => {
    for (const [sw, sh, width, height] of [[31, 23, 70, 51], [1, 5, 4, 9], [6, 1, 11, 2]] as const) {
      const planes = [0, 1, 2].map((k) => greyImage(sw, sh, 40 + k)), rgb = new Uint8ClampedArray(sw * sh * 3);
      for (let i = 0; i < sw * sh; i++) for (let k = 0; k < 3; k++) rgb[i * 3 + k] = planes[k]!.data[i]!;
      const out = enlargeBilinear({ width: sw, height: sh, channels: 3, data: rgb }, width, height);
      for (let k = 0; k < 3; k++) {
        const alone = enlargeBilinear(planes[k]!, width, height);
        expect(Buffer.from(out.data.filter((_, i) => i % 3 === k)).equals(Buffer.from(alone.data))).toBe(true);
      }
    }
  });

  it("grey noise without shot noise, four pixels per 32-bit word, is byte for byte the float sum rounded (table rebuilt from the seed), at any byte alignment", () => {
    const sdAsked = 3.7, n = 1001;
    for (const offset of [0, 1, 2, 3]) {
      const backing = new Uint8ClampedArray(n + offset), px: Pixels = { width: n, height: 1, channels: 1, data: backing.subarray(offset) };
      const start = greyImage(n, 1, 3).data;
      px.data.set(start);
      withNoise(px, 1, sdAsked, 0, new Rng(21));
      // The reference: level + deviate times the float32 sd, rounded to nearest and clamped on store.
      const { table, seed } = noiseDraws(new Rng(21)), sd = Math.fround(sdAsked), ref = new Uint8ClampedArray(n);
      let s = seed;
      for (let i = 0; i < n; i++) {
        s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
        ref[i] = start[i]! + table[s & 4095]! * sd;
      }
      expect(Buffer.from(px.data).equals(Buffer.from(ref))).toBe(true);
      expect(backing.subarray(0, offset).every((v) => v === 0)).toBe(true);
    }
  });

  it("colour noise (RGB in place at any alignment, RGBA to RGB and to RGBA; clamped by look-up) is byte for byte the plain integer formula, near black and white and with a large sd", () => {
    const n = 1003;
    for (const [gaussianSd, poissonScale] of [[3, 30], [2, 0], [80, 0.5]] as const) {
      // Near-white paper, near-black ink and mid levels: the noise clamps at both ends.
      const rng = new Rng(gaussianSd), rgba = new Uint8ClampedArray(n * 4);
      for (let i = 0; i < rgba.length; i++) rgba[i] = i % 4 === 3 ? 255 : rng.pick([0, 2, 128, 250, 253, 255]);
      const rgb = rgba.filter((_, i) => i % 4 !== 3);
      const ref = colourNoiseRef(rgba, 4, n, gaussianSd, poissonScale, new Rng(5));
      expect(Buffer.from(colourNoiseRef(rgb, 3, n, gaussianSd, poissonScale, new Rng(5))).equals(Buffer.from(ref))).toBe(true);
      for (const offset of [0, 1, 2, 3]) {
        const backing = new Uint8ClampedArray(n * 3 + offset), data = backing.subarray(offset);
        data.set(rgb);
        withNoise({ width: n, height: 1, channels: 3, data }, 3, gaussianSd, poissonScale, new Rng(5));
        expect(Buffer.from(data).equals(Buffer.from(ref))).toBe(true);
      }
      const toRgb = withNoise({ width: n, height: 1, channels: 4, data: rgba }, 3, gaussianSd, poissonScale, new Rng(5));
      expect(Buffer.from(toRgb.data).equals(Buffer.from(ref))).toBe(true);
      const toRgba = withNoise({ width: n, height: 1, channels: 4, data: new Uint8ClampedArray(rgba) }, 4, gaussianSd, poissonScale, new Rng(5));
      expect(Buffer.from(toRgba.data.filter((_, i) => i % 4 !== 3)).equals(Buffer.from(ref))).toBe(true);
      expect(toRgba.data.filter((_, i) => i % 4 === 3).every((v) => v === 255)).toBe(true);
    }
  });
});
