import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { sharedPath } from "../../testdata.js";
import { readImage } from "../../util/image.js";
import { analyzeFile } from "../analyzeFile.js";
import { analyzeImage } from "../analyzeImage.js";
import { nameColor } from "../gridColor.js";
import { jpegQuality } from "../jpegQuality.js";

describe("jpegQuality", () => {
  it("recovers the quality a JPEG was written with (IJG tables), within 2", async () => {
    const raw = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#c04040" } }).png().toBuffer();
    for (const q of [20, 50, 75, 95]) {
      const jpg = await sharp(raw).jpeg({ quality: q }).toBuffer();
      expect(Math.abs(jpegQuality(new Uint8Array(jpg))! - q)).toBeLessThanOrEqual(2);
    }
    expect(jpegQuality(new Uint8Array(raw))).toBeUndefined();
  });
});

describe("nameColor", () => {
  it("names grid colours", () => {
    expect(nameColor(230, 40, 40)).toBe("red");
    expect(nameColor(250, 190, 200)).toBe("pink");
    expect(nameColor(240, 150, 60)).toBe("orange");
    expect(nameColor(60, 90, 220)).toBe("blue");
    expect(nameColor(80, 170, 90)).toBe("green");
    expect(nameColor(150, 150, 150)).toBe("grey");
    expect(nameColor(20, 20, 20)).toBe("black");
  });
});

describe("analyzeImage", () => {
  it("reports a 73 dpi render as too coarse, with the sampling rate it carries", async () => {
    const a = await analyzeFile(sharedPath("images", "reference-renders", "varied", "HR06001-0.png"), { digitize: false });
    // The page was rendered at 73 dpi (annotation resolution 73, x_grid 14.37 px per 5 mm).
    expect(a.effectiveDpiX).toBeCloseTo(73, 0);
    expect(a.maxSamplingFrequencyHz).toBeCloseTo((14.37 / 5) * 25, 0);
    expect(a.warnings.join(" ")).toMatch(/too coarse/);
    expect(a.format).toBe("png");
  });

  it("reads a 200 dpi red-grid page: scale, colour, layout and calibration from the digitizer", async () => {
    const a = await analyzeFile(sharedPath("images", "reference-renders", "clean", "E07500-0.png"));
    expect(a.effectiveDpiX).toBeCloseTo(200, 0);
    expect(a.maxSamplingFrequencyHz).toBeCloseTo(200 / 1.016, 0);
    expect(["red", "pink"]).toContain(a.gridColor.name);
    expect(Math.abs(a.rotationDeg)).toBeLessThan(0.1);
    expect(typeof a.layout).toBe("string");
    expect(a.calibration).toBeDefined();
    expect(a.warnings.join(" ")).not.toMatch(/too coarse|missing grid/);
  });

  it("warns about heavy JPEG compression", async () => {
    const png = sharedPath("images", "reference-renders", "clean", "JS20001-0.png");
    const jpg = new Uint8Array(await sharp(png).resize(1100).jpeg({ quality: 25 }).toBuffer());
    const a = await analyzeImage(await readImage(jpg), { fileBytes: jpg, digitize: false });
    expect(a.jpegQuality).toBeLessThan(30);
    expect(a.warnings.join(" ")).toMatch(/heavy JPEG/);
  });

  it("warns about a missing grid on a blank page", async () => {
    const blank = { width: 600, height: 400, data: new Uint8ClampedArray(600 * 400 * 4).fill(255) };
    const a = await analyzeImage(blank, { digitize: false });
    expect(a.warnings.join(" ")).toMatch(/missing grid/);
    expect(a.gridColor.name).toBe("none");
  });
});
