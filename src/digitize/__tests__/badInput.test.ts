import { describe, expect, it } from "vitest";
import { ImageError, OptionError } from "../../errors.js";
import type { RgbaImage } from "../../render/types.js";
import { digitizeImage } from "../digitizeImage.js";

function blank(width: number, height: number, paint?: (x: number, y: number) => number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  if (paint) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = paint(x, y);
        const o = (y * width + x) * 4;
        data[o + 1] = v;
        data[o + 2] = v;
      }
    }
  }
  return { width, height, data };
}

describe("digitizeImage on input with nothing to read", () => {
  it("rejects a 10x10 image, a blank page and a grid without traces with ImageError", async () => {
    await expect(digitizeImage(blank(10, 10))).rejects.toThrow(/too small/);
    await expect(digitizeImage(blank(800, 600))).rejects.toBeInstanceOf(ImageError);
    // Red grid (G and B dark every 8 px), no trace.
    const grid = blank(800, 600, (x, y) => (x % 8 === 0 || y % 8 === 0 ? 60 : 255));
    await expect(digitizeImage(grid)).rejects.toThrow(/no trace/);
  });

  it("rejects malformed images and options by name", async () => {
    await expect(digitizeImage({ width: 100, height: 100, data: new Uint8ClampedArray(10) })).rejects.toBeInstanceOf(ImageError);
    await expect(digitizeImage(blank(100, 100), { samplingFrequencyHz: -1 })).rejects.toBeInstanceOf(OptionError);
    await expect(digitizeImage(blank(100, 100), { layout: "5x5" as never })).rejects.toThrow(/layout/);
  });

  it("reads a trace on a page without grid, with a warning that the scale is assumed", async () => {
    // One 250 px-long sine trace per row, 3 rows: no grid, no calibration pulse.
    const img = blank(300, 240);
    for (const base of [60, 120, 180]) {
      for (let x = 25; x < 275; x++) {
        const y = Math.round(base + 8 * Math.sin(x / 9));
        for (let d = 0; d < 2; d++) {
          const o = ((y + d) * 300 + x) * 4;
          img.data[o] = img.data[o + 1] = img.data[o + 2] = 0;
        }
      }
    }
    const r = await digitizeImage(img);
    expect(r.warnings.join("\n")).toMatch(/no grid/);
    expect(r.warnings.join("\n")).toMatch(/no calibration pulse/);
    expect(r.record.signals.some((s) => [...s.physical].some(Number.isFinite))).toBe(true);
  });
});
