import { beforeAll, describe, expect, it } from "vitest";
import { applyHomography, homographyFromPoints, multiplyHomographies, type Homography, type XY } from "../../../artifacts/geometry/homography.js";
import type { PageWarp } from "../../../artifacts/geometry/pageWarp.js";
import { resamplePage } from "../../../artifacts/geometry/resamplePage.js";
import { renderPage } from "../../../render/renderPage.js";
import { twelveLeads, syntheticRecord } from "../../../render/__tests__/syntheticRecord.js";
import type { RenderedPage, RgbaImage } from "../../../render/types.js";
import { ImageError } from "../../../errors.js";
import { Rng } from "../../../util/rng.js";
import { digitizeImage } from "../../digitizeImage.js";
import { estimateGridMarginal } from "../../grid/estimateGridMarginal.js";
import { imagePlanes } from "../../imagePlanes.js";
import { findPageQuad } from "../findPageQuad.js";
import { flattenLighting, measureLighting } from "../flattenLighting.js";
import { measureGridUniformity } from "../measureGridUniformity.js";
import { rectifyPage } from "../rectifyPage.js";
import { warpHomography } from "../warpHomography.js";

const FS = 500;
const truth = twelveLeads(5000, FS);

/** The page photographed: placed by `corners` (TL, TR, BR, BL; [x, y]) into an outW x outH frame on a dark desk, by the artifact stage's own resampler. */
function photograph(page: RgbaImage, corners: XY[], outW: number, outH: number): { image: RgbaImage; homography: Homography } {
  const { width: w, height: h } = page;
  const homography = homographyFromPoints([[0, 0], [w, 0], [w, h], [0, h]], corners);
  const warp: PageWarp = { pageWidth: w, pageHeight: h, relief: null, curl: null, homography, lensK: 0, frameWidth: outW, frameHeight: outH, offsetX: 0, offsetY: 0, outWidth: outW, outHeight: outH };
  const desk = (_c: number, _r: number, rgb: Float32Array) => {
    rgb[0] = 70;
    rgb[1] = 62;
    rgb[2] = 58;
  };
  return { image: resamplePage(page, new Uint16Array(w * h), warp, desk).image, homography };
}

/** Rms of a - b over samples finite in both, after removing the mean difference (the score forgives offsets). */
function rmsError(a: Float64Array, b: Float64Array | number[]): { rms: number; n: number } {
  const d: number[] = [];
  for (let i = 0; i < a.length; i++) if (Number.isFinite(b[i]!)) d.push(b[i]! - a[i]!);
  const m = d.reduce((s, v) => s + v, 0) / d.length;
  return { rms: Math.sqrt(d.reduce((s, v) => s + (v - m) ** 2, 0) / d.length), n: d.length };
}

describe("photographed pages", () => {
  let page: RenderedPage;
  let corners: XY[];
  let photo: { image: RgbaImage; homography: Homography };
  beforeAll(async () => {
    page = await renderPage(syntheticRecord("t", FS, truth), { resolutionDpi: 100, header: "none", layout: "3x4", gridColor: "red" }, new Rng(3));
    const { width: w, height: h } = page.image;
    // Perspective from a camera above the lower right: the far (top-left) edges are shorter.
    corners = [[70, 60], [w - 10, 25], [w + 20, h + 35], [35, h - 5]];
    photo = photograph(page.image, corners, w + 80, h + 90);
  }, 60_000);

  it("finds the page quad on a desk within 4 px", () => {
    const q = findPageQuad(photo.image);
    expect(q).not.toBeNull();
    expect(q!.hasBackground).toBe(true);
    q!.corners.forEach((p, i) => expect(Math.hypot(p[0] - corners[i]![0], p[1] - corners[i]![1]), `corner ${i}`).toBeLessThan(4));
  });

  it("rectifies the perspective from the grid: square, uniform grid and the page's true shape", () => {
    const r = rectifyPage(photo.image);
    expect(r.report.perspective).toBe("grid");
    expect(r.homography).not.toBeNull();
    // The page as rectified: page px -> photo -> rectified must be a similarity (right angles, true aspect).
    const { width: w, height: h } = page.image;
    const total = multiplyHomographies(r.homography!, photo.homography);
    const [tl, tr, br, bl] = ([[0, 0], [w, 0], [w, h], [0, h]] as XY[]).map(([x, y]) => applyHomography(total, x, y));
    const top = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]);
    const bottom = Math.hypot(br[0] - bl[0], br[1] - bl[1]);
    const left = Math.hypot(bl[0] - tl[0], bl[1] - tl[1]);
    const right = Math.hypot(br[0] - tr[0], br[1] - tr[1]);
    expect(Math.abs(top / bottom - 1)).toBeLessThan(0.01);
    expect(Math.abs(left / right - 1)).toBeLessThan(0.01);
    expect(Math.abs(top / left / (w / h) - 1)).toBeLessThan(0.01);
    // Grid px/mm the same in x and y within 1 %, and even across the page.
    const g = estimateGridMarginal(r.image);
    expect(Math.abs(g.pxPerMmX / g.pxPerMmY - 1)).toBeLessThan(0.01);
    const u = measureGridUniformity(imagePlanes(r.image).any, r.image.width, r.image.height);
    expect(u.spreadX).toBeLessThan(0.01);
    expect(u.spreadY).toBeLessThan(0.01);
    // Unrectified, the same page's grid is 10 % finer at the far edge than at the near one.
    const before = measureGridUniformity(imagePlanes(photo.image).any, photo.image.width, photo.image.height);
    expect(Math.max(before.spreadX, before.spreadY)).toBeGreaterThan(0.03);
  });

  it("reads the leads of the photo, reports the homography and draws the overlay on the photo", async () => {
    const r = await digitizeImage(photo.image, { overlay: true });
    expect(r.report.page?.perspective).toBe("grid");
    expect(r.report.page?.homography).toHaveLength(9);
    expect(r.report.page?.quad).toHaveLength(4);
    expect(r.report.layout).toBe("3x4+1");
    expect(Math.abs(r.report.pxPerMmX / r.report.pxPerMmY - 1)).toBeLessThan(0.01);
    for (const s of r.record.signals) {
      const e = rmsError(truth[s.name]!, s.physical as Float64Array);
      expect(e.n, s.name).toBeGreaterThan(1000);
      // Two resamplings (photo, rectification) at 100 dpi: 0.07 mV rms is 0.7 px at 10 mm/mV (the flat page reads 0.01-0.04).
      expect(e.rms, `${s.name} rms`).toBeLessThan(0.07);
    }
    expect(r.overlay!.width).toBe(photo.image.width);
    expect(r.overlay!.height).toBe(photo.image.height);
    // The traces are drawn where the photo shows them: a blue overlay pixel lies on dark ink nearby.
    const { width: w, data } = r.overlay!;
    let onTrace = 0, drawn = 0;
    for (let i = 0; i < data.length; i += 4 * 7) {
      if (data[i] === 0 && data[i + 1] === 90 && data[i + 2] === 255) {
        drawn++;
        const p = i / 4, x = p % w, y = (p / w) | 0;
        let dark = false;
        for (let dy = -2; dy <= 2 && !dark; dy++) for (let dx = -2; dx <= 2; dx++) {
          const o = ((y + dy) * w + x + dx) * 4;
          // Ink is dark in every channel; the red grid is not.
          if (Math.max(photo.image.data[o]!, photo.image.data[o + 1]!, photo.image.data[o + 2]!) < 140) dark = true;
        }
        if (dark) onTrace++;
      }
    }
    expect(drawn).toBeGreaterThan(100);
    expect(onTrace / drawn).toBeGreaterThan(0.9);
  }, 60_000);

  it("leaves a straight scan untouched (same object, no homography)", () => {
    const r = rectifyPage(page.image);
    expect(r.image).toBe(page.image);
    expect(r.homography).toBeNull();
    expect(r.report.found).toBe(false);
    expect(r.report.perspective).toBe("none");
  });

  it("still corrects a photo that fills the frame (no desk: the straight-scan early test must not pass it)", () => {
    const { width: w, height: h } = page.image;
    // Corners beyond the frame: no background shows, and the far (top) edge is 4 % shorter.
    const full = photograph(page.image, [[-20, -15], [w + 20, -15], [w + 65, h + 15], [-65, h + 15]], w, h);
    const r = rectifyPage(full.image);
    expect(r.report.found).toBe(false);
    expect(r.report.perspective).toBe("grid");
    expect(r.report.perspectivePx).toBeGreaterThan(10);
  });
});

describe("page detection and fallbacks", () => {
  /** A blank white sheet seen in perspective on a wooden desk. */
  function sheetOnDesk(corners: XY[], w: number, h: number): RgbaImage {
    const sheet: RgbaImage = { width: 400, height: 300, data: new Uint8ClampedArray(400 * 300 * 4).fill(245) };
    const H = homographyFromPoints([[0, 0], [400, 0], [400, 300], [0, 300]], corners);
    const img = warpHomography(sheet, H, w, h, () => false);
    // Outside the sheet warpHomography leaves white: paint the desk there.
    const inv = homographyFromPoints(corners, [[0, 0], [400, 0], [400, 300], [0, 300]]);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
      const [x, y] = applyHomography(inv, c + 0.5, r + 0.5);
      if (x >= 0 && y >= 0 && x < 400 && y < 300) continue;
      const o = (r * w + c) * 4;
      img.data[o] = 150;
      img.data[o + 1] = 105;
      img.data[o + 2] = 65;
    }
    return img;
  }

  it("finds a blank sheet's quad within 3 px and rectifies it from its edges (no grid)", () => {
    const corners: XY[] = [[80, 50], [540, 70], [520, 400], [60, 380]];
    const img = sheetOnDesk(corners, 600, 450);
    const q = findPageQuad(img)!;
    q.corners.forEach((p, i) => expect(Math.hypot(p[0] - corners[i]![0], p[1] - corners[i]![1]), `corner ${i}`).toBeLessThan(3));
    const r = rectifyPage(img);
    expect(r.report.perspective).toBe("page-edges");
    // The desk is whitened: no dark pixel is left in the output.
    let dark = 0;
    for (let i = 0; i < r.image.data.length; i += 4) if (r.image.data[i]! < 200) dark++;
    expect(dark).toBeLessThan(0.002 * r.image.width * r.image.height);
  });

  it("whitens the desk around a square-on sheet without resampling, and hands on the planes of the result", () => {
    const img = sheetOnDesk([[60, 40], [540, 40], [540, 400], [60, 400]], 600, 450);
    const r = rectifyPage(img);
    expect(r.report.found).toBe(true);
    expect(r.homography).toBeNull();
    expect(r.image.data[(10 * 600 + 10) * 4]).toBe(255);
    expect(r.image.data[(200 * 600 + 300) * 4]).toBe(img.data[(200 * 600 + 300) * 4]);
    const want = imagePlanes(r.image);
    expect(r.planes).toBeDefined();
    expect(Buffer.compare(Buffer.from(r.planes!.any), Buffer.from(want.any))).toBe(0);
    expect(Buffer.compare(Buffer.from(r.planes!.ink), Buffer.from(want.ink))).toBe(0);
  });

  it("gives no page and no crash on images without one", async () => {
    const grey: RgbaImage = { width: 300, height: 200, data: new Uint8ClampedArray(300 * 200 * 4).fill(128) };
    expect(findPageQuad(grey)).toBeNull();
    const r = rectifyPage(grey);
    expect(r.image).toBe(grey);
    expect(r.report.found).toBe(false);
    const rng = new Rng(5);
    const noise: RgbaImage = { width: 300, height: 200, data: new Uint8ClampedArray(300 * 200 * 4).map((_, i) => (i % 4 === 3 ? 255 : rng.int(0, 255))) };
    const rn = rectifyPage(noise);
    expect(rn.report.perspective).toBe("none");
    expect(rn.warnings.join(" ")).toMatch(/perspective: too few grid tiles/);
    // The digitizer goes on without rectification: a result with that warning, or a clear ImageError.
    const out = await digitizeImage(noise).then((r) => r.warnings, (err: unknown) => err);
    if (Array.isArray(out)) expect(out.join(" ")).toMatch(/perspective/);
    else expect(out).toBeInstanceOf(ImageError);
  });

  it("warps by the identity as a masked copy: source pixels, white background, opaque", () => {
    const rng = new Rng(9);
    const img: RgbaImage = { width: 37, height: 23, data: new Uint8ClampedArray(37 * 23 * 4).map(() => rng.int(0, 255)) };
    const bg = (x: number, y: number) => x < 10 && y > 12;
    const out = warpHomography(img, [1, 0, 0, 0, 1, 0, 0, 0, 1], 37, 23, bg);
    for (let r = 0; r < 23; r++) for (let c = 0; c < 37; c++) {
      const o = (r * 37 + c) * 4;
      const want = bg(c + 0.5, r + 0.5) ? [255, 255, 255, 255] : [img.data[o]!, img.data[o + 1]!, img.data[o + 2]!, 255];
      expect([...out.data.subarray(o, o + 4)]).toEqual(want);
    }
  });

  it("flattens uneven light: paper levels even to within 3 % after, and untouched when even", () => {
    const w = 400, h = 300;
    const data = new Uint8ClampedArray(w * h * 4);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
      const o = (r * w + c) * 4;
      const light = 0.6 + 0.4 * (c / w);
      const line = c % 10 === 0 || r % 10 === 0 ? 0.75 : 1;
      data[o] = 250 * light * line;
      data[o + 1] = 235 * light * line;
      data[o + 2] = 225 * light * line;
      data[o + 3] = 255;
    }
    const img: RgbaImage = { width: w, height: h, data };
    expect(measureLighting(img).unevenness).toBeGreaterThan(1.4);
    const flat = flattenLighting(img);
    const after = measureLighting(flat);
    expect(after.unevenness).toBeLessThan(1.03);
    // Grid lines keep their contrast against the paper (about 0.75).
    const o1 = (150 * w + 200) * 4, o2 = (155 * w + 205) * 4;
    expect(flat.data[o1]! / flat.data[o2]!).toBeCloseTo(0.75, 1);
  });
});
