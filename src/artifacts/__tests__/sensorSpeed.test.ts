import { describe, expect, it } from "vitest";
import { Rng } from "../../util/rng.js";
import { applyMotionBlur } from "../sensor/applyMotionBlur.js";
import { noiseRuns, withNoise } from "../sensor/applyNoise.js";
import { enlargeBilinear } from "../sensor/enlargeBilinear.js";
import { withChannels, type Pixels } from "../sensor/pixels.js";
import { blurAndResolution } from "../sensor/sharpOps.js";
import { giveBack, takeBytes } from "../sensor/bufferPool.js";
import { applyArtifacts } from "../applyArtifacts.js";
import { ARTIFACT_NAMES, type ArtifactOptions } from "../artifactOptions.js";
import { syntheticPage } from "./syntheticPage.js";

/** Pixels with hashed detail over the whole 0-255 range, so rounding and clamping differences show. */
function noisyImage(width: number, height: number, channels: 1 | 3 | 4, seed: number): Pixels {
  const rng = new Rng(seed), data = new Uint8ClampedArray(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = channels === 4 && i % 4 === 3 ? 255 : (i % 7 === 0 ? rng.int(0, 255) : 120 + 60 * Math.sin(i / 37));
  return { width, height, channels, data };
}

const copy = (px: Pixels): Pixels => ({ ...px, data: new Uint8ClampedArray(px.data) });
const same = (a: Pixels, b: Pixels) => Buffer.from(a.data).equals(Buffer.from(b.data));

describe("sensor chain: fused and faster passes give the same pixels", () => {
  it("noise added row by row (noiseRuns) is byte for byte withNoise over the whole image: grey with and without shot noise, RGB", () => {
    for (const [channels, poissonScale] of [[1, 0], [1, 30], [3, 0], [3, 30]] as const) {
      const px = noisyImage(123, 45, channels, 1);
      const whole = withNoise(copy(px), channels, 4, poissonScale, new Rng(7));
      const rows = copy(px), add = noiseRuns(channels, 4, poissonScale, new Rng(7)), rowLen = px.width * channels;
      for (let y = 0; y < px.height; y++) add(rows.data.subarray(y * rowLen, (y + 1) * rowLen));
      expect(same(rows, whole)).toBe(true);
    }
  });

  it("colour noise in integers is within 1 level of the same sum in floating point (rarely off), RGB in place with an odd tail, and RGB to RGBA", () => {
    const rgb = noisyImage(101, 7, 3, 8), n = 101 * 7;
    const tables = new Rng(11), table = new Float32Array(4096);
    for (let i = 0; i < 4096; i++) table[i] = tables.normal();
    let mean = 0, sq = 0;
    for (const v of table) { mean += v / 4096; sq += (v * v) / 4096; }
    const sdT = Math.sqrt(sq - mean * mean), seed = tables.nextUint32() | 1;
    const z = (k: number) => Math.fround((table[k]! - mean) / sdT);
    const sdOf = (v: number) => Math.fround(Math.sqrt(9 + v / 20));
    const ref = new Float64Array(n * 3);
    for (let i = 0, s = seed; i < n; i++) {
      s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
      const a = z(s >>> 20) * 0.8, b = s & 4095;
      for (let c = 0; c < 3; c++) { const v = rgb.data[i * 3 + c]!; ref[i * 3 + c] = Math.min(255, Math.max(0, v + (a + z((b + 1365 * c) & 4095) * 0.6) * sdOf(v))); }
    }
    const inPlace = withNoise(copy(rgb), 3, 3, 20, new Rng(11)), toRgba = withNoise(copy(rgb), 4, 3, 20, new Rng(11));
    let off = 0;
    for (let k = 0; k < ref.length; k++) {
      const d = Math.abs(inPlace.data[k]! - ref[k]!);
      expect(d).toBeLessThanOrEqual(1);
      if (d > 0.5 + 1e-9) off++;
      expect(toRgba.data[Math.floor(k / 3) * 4 + (k % 3)]).toBe(inPlace.data[k]);
    }
    expect(off).toBeLessThan(ref.length * 0.02);
  });

  it("grey noise without shot noise has the sd asked and no bias, and repeats with the seed", () => {
    const flat = (): Pixels => ({ width: 300, height: 200, channels: 1, data: new Uint8ClampedArray(300 * 200).fill(128) });
    const a = withNoise(flat(), 1, 5, 0, new Rng(3)), b = withNoise(flat(), 1, 5, 0, new Rng(3));
    expect(same(a, b)).toBe(true);
    let sum = 0, sq = 0;
    for (const v of a.data) { sum += v; sq += v * v; }
    const mean = sum / a.data.length, sd = Math.sqrt(sq / a.data.length - mean * mean);
    expect(Math.abs(mean - 128)).toBeLessThan(0.1);
    // The table is standardised to sd 1; rounding to whole levels adds 1/12 level^2 of variance.
    expect(sd).toBeGreaterThan(4.95);
    expect(sd).toBeLessThan(5.1);
  });

  it("noise passed to the blur and low resolution steps (added as the enlargement makes each row) equals noise added afterwards", async () => {
    for (const [channels, motion, scale] of [[1, { lengthPx: 3, angleDeg: 25 }, 0.6], [4, null, 0.7], [4, null, null]] as const) {
      const px = noisyImage(160, 120, channels, 2);
      const inline = await blurAndResolution(copy(px), 0.8, motion, scale, noiseRuns(channels === 1 ? 1 : 3, 3, 20, new Rng(9)));
      const after = withNoise(await blurAndResolution(copy(px), 0.8, motion, scale), channels === 1 ? 1 : 3, 3, 20, new Rng(9));
      expect(inline.channels).toBe(channels === 1 ? 1 : 3);
      expect(same(inline, after)).toBe(true);
    }
  });

  it("luma, four pixels per step, equals a float Rec. 601 reference rounded (within 1 level at exact halves), tail included", () => {
    const rgba = noisyImage(37, 11, 4, 4);
    const grey = withChannels(rgba, 1);
    let off = 0;
    for (let i = 0; i < grey.data.length; i++) {
      const o = i * 4, ref = Math.round(0.299 * rgba.data[o]! + 0.587 * rgba.data[o + 1]! + 0.114 * rgba.data[o + 2]!);
      const d = Math.abs(grey.data[i]! - ref);
      expect(d).toBeLessThanOrEqual(1);
      if (d > 0) off++;
    }
    expect(off).toBeLessThan(grey.data.length * 0.01);
  });

  it("RGBA to RGB, four pixels per step, keeps every channel byte and drops only alpha, tail included", () => {
    for (const n of [37 * 11, 4, 3, 1]) {
      const rgba = noisyImage(n, 1, 4, 6), rgb = withChannels(rgba, 3);
      const ref = rgba.data.filter((_, i) => i % 4 !== 3);
      expect(Buffer.from(rgb.data).equals(Buffer.from(ref))).toBe(true);
    }
  });

  it("enlarging a one-column or one-row image interpolates along the other axis only (float reference, libvips' convention, within 1 level)", () => {
    const column: Pixels = { width: 1, height: 9, channels: 1, data: Uint8ClampedArray.from([0, 255, 40, 200, 90, 90, 10, 250, 128]) };
    const lerp = (o: number, inSize: number, outSize: number, at: (i: number) => number) => {
      const f = Math.min(Math.max((o * inSize) / outSize - 0.5, 0), inSize - 1), a = Math.min(Math.floor(f), inSize - 2);
      return at(a) + (at(a + 1) - at(a)) * (f - a);
    };
    const tall = enlargeBilinear(column, 3, 20);
    for (let y = 0; y < 20; y++) for (let x = 0; x < 3; x++) {
      expect(Math.abs(tall.data[y * 3 + x]! - lerp(y, 9, 20, (i) => column.data[i]!))).toBeLessThanOrEqual(1);
    }
    const row: Pixels = { ...column, width: 9, height: 1 };
    const wide = enlargeBilinear(row, 20, 2);
    for (let x = 0; x < 20; x++) expect(Math.abs(wide.data[20 + x]! - lerp(x, 9, 20, (i) => row.data[i]!))).toBeLessThanOrEqual(1);
  });

  it("a colour shake along a row or a column (a 1-row or 1-column kernel) is convolved in libvips like the JS kernel, within 1 level", async () => {
    const px = noisyImage(90, 70, 4, 5);
    for (const angleDeg of [0, 90, 180]) {
      const out = await blurAndResolution(px, null, { lengthPx: 3, angleDeg }, null);
      const ref = applyMotionBlur(withChannels(px, 3), 3, angleDeg);
      let worst = 0;
      for (let i = 0; i < ref.data.length; i++) worst = Math.max(worst, Math.abs(out.data[i]! - ref.data[i]!));
      expect(worst).toBeLessThanOrEqual(1);
    }
  });
});

describe("buffer pool", () => {
  it("hands a given-back buffer out once, for its length or up to a quarter less (as a view, the whole buffer coming back with it), and refuses foreign views", () => {
    const a = new Uint8ClampedArray(100_000);
    giveBack(a);
    expect(takeBytes(100_001)).not.toBe(a);
    expect(takeBytes(100_000)).toBe(a);
    expect(takeBytes(100_000)).not.toBe(a);
    const view = new Uint8ClampedArray(200_000).subarray(0, 100_000);
    giveBack(view);
    expect(takeBytes(100_000).buffer).not.toBe(view.buffer);
    const b = new Uint8ClampedArray(120_000);
    giveBack(b);
    expect(takeBytes(90_000).buffer).not.toBe(b.buffer);
    const c = takeBytes(100_000);
    expect(c.buffer).toBe(b.buffer);
    expect(c.length).toBe(100_000);
    giveBack(c);
    const d = takeBytes(120_000);
    expect(d).not.toBe(c);
    expect(d.buffer).toBe(b.buffer);
    expect(d.length).toBe(120_000);
  });
  it("pages made at the same time, or one after another, keep their own pixels (everything on, grey and colour)", async () => {
    const page = syntheticPage(420, 300, 2);
    const all = Object.fromEntries(ARTIFACT_NAMES.map((n) => [n, { probability: 1 }])) as ArtifactOptions;
    const colour = { ...all, colorMode: { probability: 0 } };
    const configs = [all, colour, { preset: "photo" } as ArtifactOptions];
    const alone = [];
    for (const [i, options] of configs.entries()) {
      const out = await applyArtifacts(page, options, new Rng(i));
      alone.push({ out, bytes: Buffer.from(out.image.data) });
    }
    const together = await Promise.all(configs.map((options, i) => applyArtifacts(page, options, new Rng(i))));
    // Later pages reuse the pool's buffers: the earlier outputs must be untouched, and equal to the concurrent ones.
    for (const [i, { out, bytes }] of alone.entries()) {
      expect(Buffer.from(out.image.data).equals(bytes)).toBe(true);
      expect(Buffer.from(together[i]!.image.data).equals(bytes)).toBe(true);
    }
  });
});
