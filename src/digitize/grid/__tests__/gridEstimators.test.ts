import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { RgbaImage } from "../../../render/types.js";
import { sharedPath } from "../../../testdata.js";
import { readImage } from "../../../util/image.js";
import { compareGridEstimators, GRID_METHODS } from "../compareGridEstimators.js";
import { fitComb } from "../estimateGridMatchedFilter.js";
import { highPassPlane } from "../highPassPlane.js";

/**
 * A synthetic ECG grid: 1 px anti-aliased lines every pxPerMm (minor, pink) and every 5 mm (major,
 * red), rotated counter-clockwise on screen by angleDeg about the centre.
 */
function syntheticGrid(width: number, height: number, pxPerMmX: number, pxPerMmY: number, angleDeg: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  const t = (angleDeg * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const cov = (g: number, p: number) => {
    const k = Math.round(g / p);
    return { a: Math.max(0, 1 - Math.abs(g - k * p)), major: k % 5 === 0 };
  };
  for (let r = 0; r < height; r++) {
    for (let col = 0; col < width; col++) {
      const x = col + 0.5 - width / 2;
      const y = r + 0.5 - height / 2;
      const lx = cov(x * c - y * s + 3.3, pxPerMmX);
      const ly = cov(x * s + y * c + 1.7, pxPerMmY);
      let rgb = [255, 255, 255];
      for (const l of [lx, ly]) {
        const ink = l.major ? [220, 40, 40] : [245, 190, 190];
        rgb = rgb.map((v, i) => Math.min(v, v * (1 - l.a) + ink[i]! * l.a));
      }
      data.set([rgb[0]!, rgb[1]!, rgb[2]!, 255], (r * width + col) * 4);
    }
  }
  return { width, height, data };
}

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe("grid estimators on synthetic grids", () => {
  it("find a square 6.3 px/mm grid within 0.3 %", () => {
    const results = compareGridEstimators(syntheticGrid(900, 700, 6.3, 6.3, 0));
    expect(results.map((r) => r.estimate.method)).toEqual([...GRID_METHODS]);
    for (const { estimate: e } of results) {
      expect(rel(e.pxPerMmX, 6.3), e.method).toBeLessThan(0.003);
      expect(rel(e.pxPerMmY, 6.3), e.method).toBeLessThan(0.003);
      expect(Math.abs(e.angleDeg), e.method).toBeLessThan(0.1);
    }
  });

  it("find non-square pixels (7.1 x 5.3 px/mm) and a 2 degree counter-clockwise rotation", () => {
    for (const { estimate: e } of compareGridEstimators(syntheticGrid(1000, 800, 7.1, 5.3, 2))) {
      expect(rel(e.pxPerMmX, 7.1), e.method).toBeLessThan(0.01);
      expect(rel(e.pxPerMmY, 5.3), e.method).toBeLessThan(0.01);
      expect(Math.abs(e.angleDeg - 2), e.method).toBeLessThan(0.2);
    }
  });

  it("report no grid (NaN, confidence 0 or a warning) on a blank page", () => {
    const blank: RgbaImage = { width: 400, height: 300, data: new Uint8ClampedArray(400 * 300 * 4).fill(255) };
    for (const { estimate: e } of compareGridEstimators(blank)) {
      expect(Number.isNaN(e.pxPerMmX) || e.confidence === 0, e.method).toBe(true);
      expect(e.warnings.length, e.method).toBeGreaterThan(0);
    }
  });
});

describe("shading", () => {
  it("highPassPlane keeps a thin line and removes a smooth gradient", () => {
    const w = 64;
    const plane = new Uint8Array(w * w).map((_, i) => Math.round((i % w) * 1.5) + ((i % w) === 30 ? 80 : 0));
    const hp = highPassPlane(plane, w, w, 6);
    expect(hp[20 * w + 30]).toBeGreaterThan(60);
    expect(hp[20 * w + 10]).toBeLessThan(3);
  });

  it("the matched filter reads a grid under strong uneven lighting, rotated 1.5 degrees", () => {
    const img = syntheticGrid(900, 700, 5.9, 5.9, 1.5);
    for (let i = 0; i < 900 * 700; i++) {
      const light = 0.55 + 0.45 * ((i % 900) / 900);
      for (let k = 0; k < 3; k++) img.data[4 * i + k] = img.data[4 * i + k]! * light;
    }
    const [{ estimate: e }] = compareGridEstimators(img, ["matched-filter"]);
    expect(rel(e!.pxPerMmX, 5.9)).toBeLessThan(0.01);
    expect(rel(e!.pxPerMmY, 5.9)).toBeLessThan(0.01);
    expect(Math.abs(e!.angleDeg - 1.5)).toBeLessThan(0.2);
  });
});

describe("fitComb", () => {
  it("prefers the 1 mm comb over the 5 mm one when minor lines are faint", () => {
    const p = 9.37;
    const prof = new Float64Array(1500).map((_, x) => {
      const k = Math.round(x / p);
      const d = Math.abs(x - k * p);
      return d < 0.8 ? (k % 5 === 0 ? 200 : 25) : 0;
    });
    expect(rel(fitComb(prof).pxPerMm, p)).toBeLessThan(0.002);
  });
});

describe("grid estimators on shared images with known px/mm", () => {
  it("reference render (ECG-Image-Kit, 200 dpi): within 0.2 % of x_grid / 5", async () => {
    const dir = sharedPath("images", "reference-renders", "varied");
    const ann = JSON.parse(gunzipSync(readFileSync(`${dir}/E07501-0.json.gz`)).toString()) as { x_grid: number; y_grid: number };
    const image = await readImage(`${dir}/E07501-0.png`);
    for (const { estimate: e } of compareGridEstimators(image)) {
      expect(rel(e.pxPerMmX, ann.x_grid / 5), e.method).toBeLessThan(0.002);
      expect(rel(e.pxPerMmY, ann.y_grid / 5), e.method).toBeLessThan(0.002);
    }
  });

  it("phone photo with dotted minor lines (real/ecg00035): matched filter and spectral agree within 10 %, not 5x apart", async () => {
    const image = await readImage(sharedPath("images", "real", "ecg00035.jpg"));
    const [sp, mf] = compareGridEstimators(image, ["spectral", "matched-filter"]).map((r) => r.estimate);
    expect(rel(mf!.pxPerMmX, sp!.pxPerMmX)).toBeLessThan(0.1);
    expect(rel(mf!.pxPerMmY, sp!.pxPerMmY)).toBeLessThan(0.1);
  });

  it("LUDB render (2000 x 960 px for 258 x 129 mm, pixels not square): within 0.3 %", async () => {
    const image = await readImage(sharedPath("images", "ludb", "ludb001.png"));
    for (const { estimate: e } of compareGridEstimators(image)) {
      expect(rel(e.pxPerMmX, 2000 / 258), e.method).toBeLessThan(0.003);
      expect(rel(e.pxPerMmY, 960 / 129), e.method).toBeLessThan(0.003);
    }
  });
});
