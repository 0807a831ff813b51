import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { sharedPath } from "../../testdata.js";
import { readImage } from "../../util/image.js";
import { estimateGridMarginal } from "../grid/estimateGridMarginal.js";
import { estimateRotation } from "../grid/estimateRotation.js";
import { imagePlanes } from "../imagePlanes.js";
import { rotateImage } from "../rotateImage.js";

/** px per mm from the ECG-Image-Kit annotation (x_grid, y_grid are px per 5 mm). */
async function truthPxPerMm(dir: string, stem: string): Promise<[number, number]> {
  const ann = JSON.parse(gunzipSync(await readFile(sharedPath("images", "reference-renders", dir, `${stem}.json.gz`))).toString());
  return [ann.x_grid / 5, ann.y_grid / 5];
}

describe("estimateGridMarginal on shared images with known grids", () => {
  // 200 dpi red, 99 dpi brown, 73 dpi magenta, 293 dpi black-and-white.
  for (const [dir, stem] of [["clean", "E07500-0"], ["varied", "HR06000-0"], ["varied", "HR06001-0"], ["varied", "JS20000-0"]] as const) {
    it(`${dir}/${stem}: px/mm within 0.2 %`, async () => {
      const [tx, ty] = await truthPxPerMm(dir, stem);
      const g = estimateGridMarginal(await readImage(sharedPath("images", "reference-renders", dir, `${stem}.png`)), { rotation: false });
      expect(g.method).toBe("marginal");
      expect(Math.abs(g.pxPerMmX / tx - 1)).toBeLessThan(0.002);
      expect(Math.abs(g.pxPerMmY / ty - 1)).toBeLessThan(0.002);
      expect(g.confidence).toBeGreaterThan(0.5);
    }, 30_000);
  }

  it("LUDB renders have non-square pixels: x and y periods differ", async () => {
    const g = estimateGridMarginal(await readImage(sharedPath("images", "ludb", "ludb001.png")), { rotation: false });
    // 2000x960 px for a 258 x 129 mm page area: about 7.75 and 7.44 px/mm.
    expect(g.pxPerMmX).toBeGreaterThan(g.pxPerMmY * 1.02);
    expect(g.pxPerMmX).toBeCloseTo(7.75, 1);
    expect(g.pxPerMmY).toBeCloseTo(7.44, 1);
  }, 30_000);

  it("finds a small rotation under scanner streaks (whole pixel rows darkened)", async () => {
    const img = await readImage(sharedPath("images", "reference-renders", "varied", "HR06000-0.png"));
    const p = imagePlanes(rotateImage(img, 0.6));
    for (let r = 0; r < img.height; r += 37) p.any.fill(60, r * img.width, (r + 1) * img.width);
    expect(estimateRotation(p.any, img.width, img.height).angleDeg).toBeCloseTo(0.6, 1);
  }, 30_000);

  it("finds a rotation applied to a real page (sign: positive = counter-clockwise)", async () => {
    const img = await readImage(sharedPath("images", "reference-renders", "varied", "HR06000-0.png"));
    for (const angle of [1.5, -3]) {
      const p = imagePlanes(rotateImage(img, angle));
      const r = estimateRotation(p.any, img.width, img.height);
      expect(r.angleDeg).toBeCloseTo(angle, 1);
    }
  }, 30_000);
});
