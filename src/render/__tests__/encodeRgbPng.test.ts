import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { encodeRgbPng } from "../encodeRgbPng.js";
import { encodePagePng } from "../writePageOutputs.js";
import type { RgbaImage } from "../types.js";

async function decode(png: Uint8Array): Promise<{ channels: number; data: Buffer }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { channels: info.channels, data };
}

function image(width: number, height: number, bytes: number[], alpha: (i: number) => number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) data[4 * i + c] = bytes[(3 * i + c) % bytes.length]!;
    data[4 * i + 3] = alpha(i);
  }
  return { width, height, data };
}

describe("encodeRgbPng", () => {
  it("is lossless for opaque images of any width (Up-filter differences wrap mod 256)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 97 }), async (w, h, bytes) => {
        const img = image(w, h, bytes, () => 255);
        const out = await decode(encodeRgbPng(img)!);
        expect(out.channels).toBe(3);
        const rgb = Array.from(img.data).filter((_, i) => i % 4 !== 3);
        expect(Array.from(out.data)).toEqual(rgb);
      }),
      { numRuns: 60 },
    );
  });

  it("both page encoders write an opaque page as the same RGB pixels", async () => {
    const img = image(7, 5, [0, 255, 17, 240, 3], () => 255);
    const [a, b] = await Promise.all([encodePagePng(img, 1, "ecgkit"), encodePagePng(img, 1, "sharp")].map(async (p) => decode(await p)));
    expect(a.channels).toBe(3);
    expect(b.channels).toBe(3);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    await expect(encodePagePng(img, 1, "png" as "sharp")).rejects.toThrow(/pngEncoder/);
  });

  it("declines images with a transparent pixel; the page encoder then keeps the alpha", async () => {
    const img = image(5, 3, [10, 200, 30, 255, 0], (i) => (i === 13 ? 128 : 255));
    expect(encodeRgbPng(img)).toBeUndefined();
    const out = await decode(await encodePagePng(img, 1));
    expect(out.channels).toBe(4);
    expect(Array.from(out.data)).toEqual(Array.from(img.data));
  });
});
