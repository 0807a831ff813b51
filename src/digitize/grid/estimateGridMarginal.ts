import type { RgbaImage } from "../../render/types.js";
import { imagePlanes } from "../imagePlanes.js";
import { estimateRotation } from "./estimateRotation.js";
import { profilePeriod } from "./profilePeriod.js";
import type { GridEstimate } from "./types.js";
import { darknessClipLevel } from "./gridDarkness.js";

export interface EstimateGridMarginalOptions {
  /** Also estimate the rotation (projection sharpness over candidate angles). Default true. */
  rotation?: boolean;
  /** Smallest grid period accepted, px per mm. Default 2 (about 50 dpi). */
  minPxPerMm?: number;
}

/**
 * Grid period from the marginal distributions of a grid-darkness plane: its sums over rows and
 * over columns are autocorrelated, the best comb period refined with a parabola at its farthest
 * multiples, and 1 mm vs 5 mm decided by the major/minor ratio of 5 (see profilePeriod).
 * `plane` is darkness 0-255 row-major (e.g. imagePlanes().any).
 */
export function estimateGridMarginalFromPlane(
  plane: Uint8Array,
  width: number,
  height: number,
  options: EstimateGridMarginalOptions = {},
): GridEstimate {
  const warnings: string[] = [];
  const minPx = options.minPxPerMm ?? 2;
  // Clip the darkest pixels (ink, text) so that the periodic grid dominates the projections.
  const clip = darknessClipLevel(plane);
  const colSum = new Float64Array(width);
  const rowSum = new Float64Array(height);
  for (let r = 0; r < height; r++) {
    let s = 0;
    const o = r * width;
    for (let c = 0; c < width; c++) {
      const v = Math.min(plane[o + c]!, clip);
      s += v;
      colSum[c] = colSum[c]! + v;
    }
    rowSum[r] = s;
  }
  const px = profilePeriod(colSum, minPx);
  const py = profilePeriod(rowSum, minPx);
  let pxPerMmX = px.pxPerMm;
  let pxPerMmY = py.pxPerMm;
  // When one axis failed or the axes disagree on 1 mm vs 5 mm, trust the clearer axis.
  if (!Number.isFinite(pxPerMmX) && Number.isFinite(pxPerMmY)) {
    pxPerMmX = pxPerMmY;
    warnings.push("no grid period found along x; assumed square pixels");
  } else if (!Number.isFinite(pxPerMmY) && Number.isFinite(pxPerMmX)) {
    pxPerMmY = pxPerMmX;
    warnings.push("no grid period found along y; assumed square pixels");
  } else if (Number.isFinite(pxPerMmX) && Number.isFinite(pxPerMmY)) {
    const ratio = pxPerMmX / pxPerMmY;
    // Scanners and resizing rarely stretch one axis by more than 1.6: a larger ratio means one
    // axis locked onto the wrong comb, so the clearer axis sets both.
    if (ratio > 1.6 || ratio < 1 / 1.6) {
      const clearer = px.contrast >= py.contrast ? "x" : "y";
      if (clearer === "x") pxPerMmY = pxPerMmX;
      else pxPerMmX = pxPerMmY;
      warnings.push(`grid periods along x and y disagreed (ratio ${ratio.toFixed(2)}); used the clearer axis (${clearer}) for both`);
    }
  }
  const found = Number.isFinite(pxPerMmX) && Number.isFinite(pxPerMmY);
  if (!found) warnings.push("no periodic grid found");
  const angleDeg = options.rotation === false || !found ? 0 : estimateRotation(plane, width, height).angleDeg;
  return {
    method: "marginal",
    pxPerMmX: found ? pxPerMmX : NaN,
    pxPerMmY: found ? pxPerMmY : NaN,
    angleDeg,
    confidence: found ? Math.min(1, Math.sqrt(Math.max(0, px.contrast) * Math.max(0, py.contrast)) * 2) : 0,
    majorLineCol: found ? px.majorPhase : undefined,
    majorLineRow: found ? py.majorPhase : undefined,
    warnings,
  };
}

/** Marginal-distribution grid estimate of an RGBA image (grid darkness = 255 - min channel). */
export function estimateGridMarginal(image: RgbaImage, options: EstimateGridMarginalOptions = {}): GridEstimate {
  const planes = imagePlanes(image);
  return estimateGridMarginalFromPlane(planes.any, image.width, image.height, options);
}
