import type { RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import type { ResolvedArtifactOptions } from "../artifactOptions.js";
import { drawCount, drawRange, r4 } from "../draw.js";
import { fastGauss } from "./fastMath.js";

/**
 * Creases and folds: a straight line across the page (mostly where a page is folded, at halves
 * or thirds, nearly horizontal or vertical) with a shadow on one side, a highlight on the other
 * and a thin dark break in the fibres along the line.
 */
export function applyCreases(image: RgbaImage, options: ResolvedArtifactOptions["creases"], rng: Rng): Record<string, unknown> {
  const { width, height, data } = image;
  const creases: Record<string, unknown>[] = [];
  for (let n = drawCount(rng, options.count); n > 0; n--) {
    const vertical = rng.chance(0.5);
    const at = rng.pick([1 / 3, 1 / 2, 2 / 3, rng.uniform(0.15, 0.85)]);
    const tilt = rng.normal(0, 1.5) * (Math.PI / 180);
    const theta = (vertical ? 0 : Math.PI / 2) + tilt;
    // Line: points p with nx * x + ny * y = c; d is the signed distance from it.
    const nx = Math.cos(theta), ny = Math.sin(theta);
    const c = vertical ? nx * width * at + ny * height / 2 : nx * width / 2 + ny * height * at;
    const w = drawRange(rng, options.widthPx);
    const s = drawRange(rng, options.strengthFraction);
    const sign = rng.chance(0.5) ? 1 : -1;
    drawCrease(data, width, height, nx, ny, c, sign, 4 * w, w, s);
    creases.push({ orientation: vertical ? "vertical" : "horizontal", atFraction: r4(at), tiltDeg: r4((tilt * 180) / Math.PI), widthPx: r4(w), strengthFraction: r4(s) });
  }
  return { creases };
}

/**
 * One crease, row by row. The row loop is here, not in applyCreases: V8 compiled that page-level
 * function again on most pages (on-stack replacement, then deoptimisation), ~20 ms of compiler time a page.
 */
function drawCrease(data: Uint8ClampedArray, width: number, height: number, nx: number, ny: number, c: number, sign: number, reach: number, w: number, s: number): void {
  for (let row = 0; row < height; row++) {
    // Only the columns within `reach` of the line (d is linear in col).
    let c0 = 0, c1 = width;
    if (Math.abs(nx) > 1e-9) {
      const a = (c - ny * (row + 0.5) - reach) / nx - 0.5, b = (c - ny * (row + 0.5) + reach) / nx - 0.5;
      c0 = Math.max(0, Math.floor(Math.min(a, b))); c1 = Math.min(width, Math.ceil(Math.max(a, b)) + 1);
    }
    creaseRow(data, width, row, c0, c1, nx, ny, c, sign, reach, w, s);
  }
}

/**
 * Columns c0..c1-1 of one row (a small function called per row: V8 optimises it at once, where the
 * same loop inside applyCreases, run once a page, started unoptimised and boxed every intermediate).
 * d grows by nx * sign per column, so the shadow's exp(-(d / w)^2) follows a Gaussian recurrence
 * (two products per column; drift ~1e-13 relative over a band), and beyond |d| = 5 the fibre
 * break's factor rounds to exactly 1 (s <= 0.8): the two exps per pixel were most of the cost
 * (the break's, within 5 px, is fastGauss: Math.exp was still most of it).
 */
function creaseRow(data: Uint8ClampedArray, width: number, row: number, c0: number, c1: number, nx: number, ny: number, c: number, sign: number, reach: number, w: number, s: number): void {
  let o = (row * width + c0) * 4;
  const q = (nx * sign) / w, decay = Math.exp(-2 * q * q);
  let e = -1, ratio = 0;
  for (let col = c0; col < c1; col++, o += 4) {
    const d = (nx * (col + 0.5) + ny * (row + 0.5) - c) * sign;
    if (d > reach || d < -reach) continue;
    if (e < 0) {
      const u = d / w;
      e = Math.exp(-(u ** 2));
      ratio = Math.exp(-(2 * u * q + q * q));
    } else {
      e *= ratio;
      ratio *= decay;
    }
    const g = (d < 0 ? 1 - s * e : 1 + 0.4 * s * e) * (d > 5 || d < -5 ? 1 : 1 - 0.5 * s * fastGauss(d / 0.8));
    data[o] = data[o]! * g;
    data[o + 1] = data[o + 1]! * g;
    data[o + 2] = data[o + 2]! * g;
  }
}
