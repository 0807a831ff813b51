import { beforeAll, describe, expect, it } from "vitest";
import { renderPage } from "../../../render/renderPage.js";
import { syntheticRecord, twelveLeads } from "../../../render/__tests__/syntheticRecord.js";
import type { RgbaImage } from "../../../render/types.js";
import { Rng } from "../../../util/rng.js";
import { imagePlanes } from "../../imagePlanes.js";
import { backgroundShowsGrid } from "../backgroundShowsGrid.js";
import { findPageQuad } from "../findPageQuad.js";
import { rectifyPage } from "../rectifyPage.js";

/** The page filling the frame, its left part in shadow: light falls from 1 to `shade` over a short ramp. */
function shadowed(page: RgbaImage, shade: number): RgbaImage {
  const { width: w, height: h } = page;
  const data = new Uint8ClampedArray(page.data);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // A diagonal shadow edge, soft over 6 % of the width.
      const t = Math.min(1, Math.max(0, (x - 0.45 * w - 0.3 * (y - h / 2)) / (0.06 * w)));
      const g = shade + (1 - shade) * t;
      const o = (y * w + x) * 4;
      for (let k = 0; k < 3; k++) data[o + k] = data[o + k]! * g;
    }
  }
  return { width: w, height: h, data };
}

describe("page finding under uneven light", () => {
  let page: RgbaImage;
  beforeAll(async () => {
    page = (await renderPage(syntheticRecord("t", 500, twelveLeads(5000, 500)), { resolutionDpi: 100, header: "none", layout: "3x4", gridColor: "red" }, new Rng(3))).image;
  }, 60_000);

  it("does not take the shadowed part of a page that fills the frame for a desk", () => {
    const image = shadowed(page, 0.55);
    // The trap: by brightness alone, the lit part is a page on a darker desk.
    const quad = findPageQuad(image);
    expect(quad?.hasBackground).toBe(true);
    const planes = imagePlanes(image);
    const check = backgroundShowsGrid(planes.any, image.width, image.height, quad!.isBackground);
    expect(check.backgroundTiles).toBeGreaterThanOrEqual(2);
    expect(check.showsGrid).toBe(true);
    const r = rectifyPage(image);
    expect(r.report.found).toBe(false);
    expect(r.warnings.some((w) => w.includes("uneven light, not a desk"))).toBe(true);
    // Nothing of the page was whitened: the shadowed half keeps its grid and trace.
    let dark = 0;
    for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width * 0.3; x++) if (r.image.data[(y * image.width + x) * 4 + 1]! < 200) dark++;
    expect(dark).toBeGreaterThan(0.05 * image.height * image.width * 0.3);
  });

  it("still sees a desk as a desk, wood grain and all", () => {
    const { width: w, height: h } = page;
    // The page off-centre in a frame 1.9 times its size, so whole tiles lie on the desk.
    const W = Math.round(1.9 * w), H = Math.round(1.9 * h), ox = Math.round(0.5 * w), oy = Math.round(0.45 * h);
    const data = new Uint8ClampedArray(W * H * 4);
    const rng = new Rng("desk");
    const phase = Array.from({ length: H }, () => rng.uniform(-0.3, 0.3));
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        // Grain: streaks along x whose spacing wanders, over a brown desk.
        const g = 0.85 + 0.15 * Math.sin((y + 9 * Math.sin(x / 170)) / 4.3 + phase[y]!);
        data.set([120 * g, 88 * g, 60 * g, 255], (y * W + x) * 4);
      }
    }
    for (let y = 0; y < h; y++) data.set(page.data.subarray(y * w * 4, (y + 1) * w * 4), ((y + oy) * W + ox) * 4);
    const image = { width: W, height: H, data };
    const quad = findPageQuad(image)!;
    expect(quad.hasBackground).toBe(true);
    const check = backgroundShowsGrid(imagePlanes(image).any, W, H, quad.isBackground);
    expect(check.backgroundTiles).toBeGreaterThanOrEqual(3);
    expect(check.showsGrid).toBe(false);
    expect(rectifyPage(image).report.found).toBe(true);
  });
});
