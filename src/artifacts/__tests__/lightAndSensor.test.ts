import { describe, expect, it } from "vitest";
import { Rng } from "../../util/rng.js";
import { applyNoise } from "../sensor/applyNoise.js";
import { applyColorMode } from "../sensor/applyColorMode.js";
import { temperatureGains } from "../light/applyLight.js";
import { applyArtifacts } from "../applyArtifacts.js";
import { syntheticPage } from "./syntheticPage.js";

const flat = (v: number, w = 300, h = 200) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4).fill(v) });

describe("sensor and light", () => {
  it("Gaussian noise has the requested standard deviation and no bias", () => {
    const img = flat(128);
    applyNoise(img, 5, 0, new Rng(1));
    for (let c = 0; c < 3; c++) {
      let sum = 0, sq = 0, n = 0;
      for (let o = c; o < img.data.length; o += 4) { sum += img.data[o]!; sq += img.data[o]! ** 2; n++; }
      const mean = sum / n, sd = Math.sqrt(sq / n - mean * mean);
      expect(mean).toBeCloseTo(128, 0);
      expect(sd).toBeGreaterThan(4.8);
      expect(sd).toBeLessThan(5.3);
    }
  });

  it("shot noise grows with the level", () => {
    const sdOf = (v: number) => {
      const img = flat(v);
      applyNoise(img, 0, 10, new Rng(2));
      let sq = 0;
      for (let o = 1; o < img.data.length; o += 4) sq += (img.data[o]! - v) ** 2;
      return Math.sqrt(sq / (img.data.length / 4));
    };
    // sd = sqrt(v / 10): 2.0 at 40, 4.0 at 160.
    expect(sdOf(40)).toBeCloseTo(2, 0);
    expect(sdOf(160)).toBeCloseTo(4, 0);
  });

  it("colour temperature: 6500 K is neutral, warm light cuts blue, cold light cuts red", () => {
    expect(temperatureGains(6500).map((g) => Math.round(g * 1000) / 1000)).toEqual([1, 1, 1]);
    const warm = temperatureGains(3500), cold = temperatureGains(9000);
    expect(warm[0]).toBe(1);
    expect(warm[2]).toBeLessThan(warm[1]);
    expect(cold[2]).toBe(1);
    expect(cold[0]).toBeLessThan(cold[1]);
  });

  it("black and white leaves only 0 and 255", () => {
    const img = syntheticPage(200, 150).image;
    applyColorMode(img, "bw", 170);
    expect(new Set(img.data.filter((_, i) => i % 4 !== 3))).toEqual(new Set([0, 255]));
  });

  it("vignetting darkens the corners, not the centre", async () => {
    const page = syntheticPage(400, 300);
    page.image.data.fill(255);
    const out = await applyArtifacts(page, { vignetting: { probability: 1, strengthFraction: [0.3, 0.3] } }, new Rng(1));
    const at = (row: number, col: number) => out.image.data[(row * 400 + col) * 4 + 1]!;
    expect(at(150, 200)).toBeGreaterThan(250);
    expect(at(1, 1)).toBeLessThan(190);
  });
});
