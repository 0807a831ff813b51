import { applyHomography, homographyFromPoints, invertHomography, multiplyHomographies, type Homography, type XY } from "../../artifacts/geometry/homography.js";
import type { RgbaImage } from "../../render/types.js";
import { estimateGridMarginalFromPlane } from "../grid/estimateGridMarginal.js";
import { imagePlanes, type ImagePlanes } from "../imagePlanes.js";
import { estimatePerspective, type EstimatePerspectiveOptions, type PerspectiveEstimate } from "./estimatePerspective.js";
import { backgroundShowsGrid } from "./backgroundShowsGrid.js";
import { findPageQuad, type PageQuad } from "./findPageQuad.js";
import { flattenLighting, measureLighting } from "./flattenLighting.js";
import { measureGridUniformity, type GridUniformity } from "./measureGridUniformity.js";
import { warpHomography } from "./warpHomography.js";

export interface RectifyPageOptions {
  /** A homography whose corners stay within this many px of the best rotation + scale is skipped (the rotation step handles it). Default max(2, 0.002 x diagonal). */
  identityTolerancePx?: number;
  /** Grid directions scattering more than this (rms, degrees) about the fitted plane view leave the perspective uncorrected. Default 0.75. */
  maxResidualDeg?: number;
  /** Paper luminance ratio (brightest / darkest block) above which lighting is flattened. Default 1.15. */
  maxUnevenness?: number;
  /** Local grid period spread (fraction) above which a warning says the page is not flat. Default 0.04. */
  maxPeriodSpread?: number;
}

/** JSON-able account of the page found and how it was rectified (report.page). */
export interface PageReport {
  /** A page region with background around it was found. */
  found: boolean;
  /** Its corners in the input image, [y, x] (TL, TR, BR, BL), when found. */
  quad?: [[number, number], [number, number], [number, number], [number, number]];
  /** Where the perspective came from: grid lines, the page edges, or none applied. */
  perspective: "grid" | "page-edges" | "none";
  /** Input px -> rectified px, row-major 3 x 3 (x' = (h0 x + h1 y + h2) / (h6 x + h7 y + h8)); absent when not rectified. */
  homography?: number[];
  /** Largest corner displacement of the homography beyond a rotation + scale, px. */
  perspectivePx: number;
  /** Rms angle of the local grid directions about the projective fit, degrees (curl, bulge, wrinkles). */
  gridResidualDeg: number;
  /** Relative spread of the local grid period after rectification, x and y. */
  periodSpreadX: number;
  periodSpreadY: number;
  /** Grid directions scattering more than this (rms, degrees) about the fitted plane view leave the perspective uncorrected. Default 0.75. */
  maxResidualDeg?: number;
  /** Paper luminance ratio brightest/darkest block before flattening, and whether it was flattened. */
  lightingUnevenness: number;
  lightingFlattened: boolean;
  /** Size of the image the rest of the digitizer reads. */
  width: number;
  height: number;
}

export interface RectifiedPage {
  image: RgbaImage;
  /** Input px -> `image` px, or null when `image` is the input's geometry (maybe masked or flattened). */
  homography: Homography | null;
  report: PageReport;
  warnings: string[];
  /** imagePlanes(image), when computed here anyway (`image` is the input, or a page whose grid was measured on it). */
  planes?: ImagePlanes;
}

const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

/**
 * Prepares a photographed page for reading: finds the paper and its background, undoes perspective
 * (from the grid's vanishing points, else from the page's edges), whitens the background, flattens
 * uneven light and measures how evenly spaced the grid is afterwards. On a straight scan with even
 * light it returns the input unchanged. Never throws: what cannot be found is left alone and said in a warning.
 */
export function rectifyPage(input: RgbaImage, options: RectifyPageOptions = {}): RectifiedPage {
  const fresh = (): PageReport => ({
    found: false, perspective: "none", perspectivePx: 0, gridResidualDeg: NaN, periodSpreadX: NaN, periodSpreadY: NaN,
    lightingUnevenness: 1, lightingFlattened: false, width: input.width, height: input.height,
  });
  try {
    return rectify(input, options, fresh());
  } catch (err) {
    return { image: input, homography: null, report: fresh(), warnings: [`page rectification failed (${(err as Error).message}); the image is read as it is`] };
  }
}

function rectify(input: RgbaImage, options: RectifyPageOptions, report: PageReport): RectifiedPage {
  const warnings: string[] = [];
  const { width: w, height: h } = input;
  const diag = Math.hypot(w, h);
  const tol = options.identityTolerancePx ?? Math.max(2, 0.002 * diag);
  const quad: PageQuad | null = findPageQuad(input);
  let page = quad?.hasBackground ? quad : null;
  // The planes are handed on when the page needs no change, which a page on a desk always does.
  const planes = page ? undefined : imagePlanes(input);
  // Grid lines without the trace: darkness that is coloured or lighter than ink (any - ink); on
  // black-and-white pages that leaves nothing, and the plain darkness is used. Images over 2 Mpx
  // are read at half size (2x2 means): directions need no more, and it quarters the cost.
  const f = w * h > 2_000_000 ? 2 : 1;
  const sw = Math.floor(w / f), sh = Math.floor(h / f);
  const { gridPlane, anyPlane } = gridPlanes(input, planes, f, sw, sh);
  if (page) {
    // Uneven light on a page that fills the frame can split it like a desk: whitening the "desk" would erase half the page.
    const check = backgroundShowsGrid(anyPlane, sw, sh, (x, y) => page!.isBackground(x * f, y * f));
    if (check.showsGrid) {
      warnings.push(`page: the part taken for background shows the page's grid (${check.gridTiles} of ${check.backgroundTiles} tiles): uneven light, not a desk; the whole image is read as page`);
      page = null;
    }
  }
  if (page) {
    report.found = true;
    report.quad = page.corners.map(([x, y]) => [r4(y), r4(x)]) as PageReport["quad"];
  }
  // Tiles wholly inside the page only: the page's edge against the desk biases their directions.
  const inside = page ? shrunkQuadTest(page.corners, 0.02) : undefined;
  const use = inside && ((x: number, y: number) => inside(x * f, y * f));
  const maxResidual = options.maxResidualDeg ?? 0.75;
  const estimate = (opts: EstimatePerspectiveOptions): PerspectiveEstimate => {
    let p = estimatePerspective(gridPlane, sw, sh, opts);
    if (!p.homography) p = estimatePerspective(anyPlane, sw, sh, opts);
    // Back to full-size px: H = S^-1 Hs S, S = scale by 1 / f.
    if (p.homography && f > 1) p = { ...p, homography: multiplyHomographies([f, 0, 0, 0, f, 0, 0, 0, 1], multiplyHomographies(p.homography, [1 / f, 0, 0, 0, 1 / f, 0, 0, 0, 1])) };
    return p;
  };
  let persp: PerspectiveEstimate | undefined;
  if (!page) {
    // A scan, or a photo filling the frame: first the four corner tiles and two central ones (a
    // fifth of the work). Lines that agree there with one plane view far within the tolerance
    // (scans: 0.01 px against 5 px) leave nothing to correct, and the other tiles are not read.
    const pre = estimate({ tilesX: 6, tilesY: 5, tiles: (i, j) => ((i === 0 || i === 5) && (j === 0 || j === 4)) || ((i === 2 || i === 3) && j === 2) });
    const all: XY[] = [[0, 0], [w, 0], [w, h], [0, h]];
    if (pre.homography && pre.residualDeg <= maxResidual / 2 && beyondSimilarity(pre.homography, all) <= tol / 4) persp = pre;
  }
  persp ??= estimate({ use });
  report.gridResidualDeg = r4(persp.residualDeg);
  let H: Homography | null = persp.homography;
  if (H && persp.residualDeg > maxResidual) {
    // The lines bend (curl, folds): a plane view would straighten some rows and tilt others.
    warnings.push(`perspective: grid lines bend ${persp.residualDeg.toFixed(2)} deg rms about the best plane view (over ${maxResidual}); not corrected`);
    H = null;
  } else if (H) report.perspective = "grid";
  else if (page && cornersInside(page.corners, w, h, 0.01 * diag)) {
    // No grid to read directions from: the page's own edges, if all four are in view.
    const [tl, tr, br, bl] = page.corners as [XY, XY, XY, XY];
    const pw = (Math.hypot(tr[0] - tl[0], tr[1] - tl[1]) + Math.hypot(br[0] - bl[0], br[1] - bl[1])) / 2;
    const ph = (Math.hypot(bl[0] - tl[0], bl[1] - tl[1]) + Math.hypot(br[0] - tr[0], br[1] - tr[1])) / 2;
    H = homographyFromPoints(page.corners, [[0, 0], [pw, 0], [pw, ph], [0, ph]]);
    report.perspective = "page-edges";
  } else if (!persp.homography) {
    warnings.push(`perspective: too few grid tiles (${persp.tilesH} horizontal, ${persp.tilesV} vertical) and no four page edges in view; not checked or corrected`);
  }

  let image = input;
  let homography: Homography | null = null;
  let uniformity: GridUniformity | undefined;
  if (H) {
    const region: XY[] = page ? page.corners : [[0, 0], [w, 0], [w, h], [0, h]];
    report.perspectivePx = r4(beyondSimilarity(H, region));
    if (report.perspectivePx <= tol) {
      report.perspective = "none";
    } else {
      // Output: the bounding box of the page (or image) mapped, clipped to the mapped image.
      const box = boundingBox(region.map(([x, y]) => applyHomography(H!, x, y)));
      const imgBox = boundingBox(([[0, 0], [w, 0], [w, h], [0, h]] as XY[]).map(([x, y]) => applyHomography(H!, x, y)));
      const x0 = Math.max(box[0], imgBox[0]), y0 = Math.max(box[1], imgBox[1]);
      const x1 = Math.min(box[2], imgBox[2]), y1 = Math.min(box[3], imgBox[3]);
      const ow = Math.ceil(x1 - x0), oh = Math.ceil(y1 - y0);
      if (!(ow >= 64 && oh >= 64 && ow * oh <= 2 * w * h && ow <= 3 * w && oh <= 3 * h)) {
        warnings.push(`perspective: the rectified page would be ${ow} x ${oh} px from ${w} x ${h}; implausible, not corrected`);
        report.perspective = "none";
      } else {
        homography = multiplyHomographies([1, 0, -x0, 0, 1, -y0, 0, 0, 1], H);
        // A preview at the size the directions were read at (half for large images) is enough to
        // check the result and to read the aspect.
        const preview = warpHomography(input, multiplyHomographies([1 / f, 0, 0, 0, 1 / f, 0, 0, 0, 1], homography), Math.round(ow / f), Math.round(oh / f), page?.isBackground);
        const previewAny = imagePlanes(preview).any;
        // Vanishing points fix the grid's directions and evenness but not its aspect: the square
        // cells do. y is stretched to the x period, read at full size in the page's central half
        // (at half size the estimate is off by up to 1.5 %).
        const cw = Math.round(ow / 2), ch = Math.round(oh / 2);
        const centre = warpHomography(input, multiplyHomographies([1, 0, -ow / 4, 0, 1, -oh / 4, 0, 0, 1], homography), cw, ch, page?.isBackground);
        const g = estimateGridMarginalFromPlane(imagePlanes(centre).any, cw, ch, { rotation: false });
        const aspect = g.pxPerMmX / g.pxPerMmY;
        const stretch = g.confidence >= 0.5 && Math.abs(aspect - 1) > 0.002 && Math.abs(aspect - 1) < 0.15 ? aspect : 1;
        homography = multiplyHomographies([1, 0, 0, 0, stretch, 0, 0, 0, 1], homography);
        // Kept only if the grid came out more even than it went in (a bent page can fool the fit).
        const before = measureGridUniformity(anyPlane, sw, sh);
        const after = measureGridUniformity(previewAny, preview.width, preview.height);
        if (worstSpread(after) < 0.8 * worstSpread(before) || !Number.isFinite(worstSpread(before))) {
          uniformity = after;
          image = warpHomography(input, homography, ow, Math.round(oh * stretch), page?.isBackground);
          report.homography = homography.map((v) => Number(v.toPrecision(8)));
          report.width = image.width;
          report.height = image.height;
        } else {
          const pct = (u: GridUniformity) => `${(worstSpread(u) * 100).toFixed(1)} %`;
          warnings.push(`perspective: correcting it left the grid no more even (period spread ${pct(before)} -> ${pct(after)}); not applied`);
          homography = null;
          report.perspective = "none";
        }
      }
    }
  }
  if (!homography && page) {
    // Straight enough, but a desk around it: whiten the desk so it reads as neither grid nor ink.
    image = warpHomography(input, [1, 0, 0, 0, 1, 0, 0, 0, 1], w, h, page.isBackground);
  }

  const light = measureLighting(image);
  report.lightingUnevenness = r4(light.unevenness);
  if (light.unevenness > (options.maxUnevenness ?? 1.15)) {
    image = flattenLighting(image, light);
    report.lightingFlattened = true;
  }

  let finalPlanes: ImagePlanes | undefined;
  if (homography || page) {
    // Flattening keeps the grid's period: the rectified preview's measure stands.
    if (!uniformity) finalPlanes = imagePlanes(image);
    const u = uniformity ?? measureGridUniformity(finalPlanes!.any, image.width, image.height);
    report.periodSpreadX = r4(u.spreadX);
    report.periodSpreadY = r4(u.spreadY);
    const maxSpread = options.maxPeriodSpread ?? 0.04;
    const bent = [u.spreadX, u.spreadY].filter((s) => s > maxSpread);
    if (bent.length || persp.residualDeg > 0.5) {
      const bend = Number.isFinite(persp.residualDeg) ? ` and its lines bend ${persp.residualDeg.toFixed(2)} deg about a plane view` : "";
      warnings.push(
        `page not flat: the grid period varies by ${(Math.max(u.spreadX || 0, u.spreadY || 0) * 100).toFixed(1)} % across the page${bend} (curl, bulge or creases); amplitudes and timing may be off locally`,
      );
    }
  }
  return { image, homography, report, warnings, planes: image === input ? planes : finalPlanes };
}

/**
 * Grid darkness max(0, any - ink) and plain darkness, as f x f block means (rounded) of the
 * planes; without `planes` (a photo, whose planes are not read again) they are made band by band.
 */
function gridPlanes(image: RgbaImage, planes: ImagePlanes | undefined, f: number, sw: number, sh: number): { gridPlane: Uint8Array; anyPlane: Uint8Array } {
  const w = image.width;
  const gridPlane = new Uint8Array(sw * sh);
  if (f === 1 && planes) {
    const { any, ink } = planes;
    for (let i = 0; i < sw * sh; i++) {
      const g = any[i]! - ink[i]!;
      gridPlane[i] = g > 0 ? g : 0;
    }
    return { gridPlane, anyPlane: any };
  }
  const anyPlane = new Uint8Array(sw * sh);
  const n = f * f;
  const band = 64;
  for (let r0 = 0; r0 < sh; r0 += band) {
    const rows = Math.min(band, sh - r0);
    const p = planes ?? imagePlanes({ width: w, height: rows * f, data: image.data.subarray(r0 * f * w * 4, (r0 + rows) * f * w * 4) });
    const { any, ink } = p;
    const base = planes ? r0 * f * w : 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < sw; c++) {
        let g = 0, a = 0;
        for (let dy = 0; dy < f; dy++) {
          for (let i = base + (r * f + dy) * w + c * f, end = i + f; i < end; i++) {
            const v = any[i]!, d = v - ink[i]!;
            a += v;
            if (d > 0) g += d;
          }
        }
        gridPlane[(r0 + r) * sw + c] = Math.round(g / n);
        anyPlane[(r0 + r) * sw + c] = Math.round(a / n);
      }
    }
  }
  return { gridPlane, anyPlane };
}

/** Largest distance between H(p) and the best similarity (rotation, scale, shift) of the points p. */
function beyondSimilarity(H: Homography, pts: XY[]): number {
  const dst = pts.map(([x, y]) => applyHomography(H, x, y));
  // Least squares u = a x - b y + tx, v = b x + a y + ty.
  const n = pts.length;
  let mx = 0, my = 0, mu = 0, mv = 0;
  for (let i = 0; i < n; i++) (mx += pts[i]![0]), (my += pts[i]![1]), (mu += dst[i]![0]), (mv += dst[i]![1]);
  (mx /= n), (my /= n), (mu /= n), (mv /= n);
  let sxx = 0, sa = 0, sb = 0;
  for (let i = 0; i < n; i++) {
    const x = pts[i]![0] - mx, y = pts[i]![1] - my, u = dst[i]![0] - mu, v = dst[i]![1] - mv;
    sxx += x * x + y * y;
    sa += x * u + y * v;
    sb += x * v - y * u;
  }
  const a = sa / sxx, b = sb / sxx;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const x = pts[i]![0] - mx, y = pts[i]![1] - my;
    const u = a * x - b * y + mu, v = b * x + a * y + mv;
    worst = Math.max(worst, Math.hypot(u - dst[i]![0], v - dst[i]![1]));
  }
  return worst;
}

/** The larger of the x and y period spreads that were measured; NaN when neither was. */
function worstSpread(u: GridUniformity): number {
  const v = [u.spreadX, u.spreadY].filter(Number.isFinite);
  return v.length ? Math.max(...v) : NaN;
}

function boundingBox(pts: XY[]): [number, number, number, number] {
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function cornersInside(corners: XY[], w: number, h: number, margin: number): boolean {
  return corners.every(([x, y]) => x >= margin && y >= margin && x <= w - margin && y <= h - margin);
}

/** Point-in-quad test for the quad shrunk toward its centroid by `fraction`. */
function shrunkQuadTest(corners: XY[], fraction: number): (x: number, y: number) => boolean {
  const cx = corners.reduce((s, p) => s + p[0], 0) / 4, cy = corners.reduce((s, p) => s + p[1], 0) / 4;
  const q = corners.map(([x, y]) => [cx + (x - cx) * (1 - fraction), cy + (y - cy) * (1 - fraction)] as XY);
  return (x, y) => {
    let sign = 0;
    for (let k = 0; k < 4; k++) {
      const [ax, ay] = q[k]!, [bx, by] = q[(k + 1) % 4]!;
      const s = Math.sign((bx - ax) * (y - ay) - (by - ay) * (x - ax));
      if (s === 0) continue;
      if (sign === 0) sign = s;
      else if (s !== sign) return false;
    }
    return true;
  };
}

/** Input px -> working px of a later step given as a function, composed with this page's homography, inverted: working px -> input px. */
export function toInputPoint(homography: Homography | null): (x: number, y: number) => XY {
  if (!homography) return (x, y) => [x, y];
  const inv = invertHomography(homography);
  return (x, y) => applyHomography(inv, x, y);
}
