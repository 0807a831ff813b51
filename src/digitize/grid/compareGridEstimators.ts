import type { RgbaImage } from "../../render/types.js";
import { imagePlanes } from "../imagePlanes.js";
import { estimateGridMarginalFromPlane } from "./estimateGridMarginal.js";
import { estimateGridMatchedFilterFromPlane } from "./estimateGridMatchedFilter.js";
import { estimateGridSpectralFromPlane } from "./estimateGridSpectral.js";
import type { GridEstimate } from "./types.js";

export const GRID_METHODS = ["marginal", "spectral", "matched-filter"] as const;
export type GridMethod = (typeof GRID_METHODS)[number];

export interface TimedGridEstimate {
  estimate: GridEstimate;
  elapsedMs: number;
}

/** Runs the named grid estimators on one image (planes computed once), each timed. */
export function compareGridEstimators(image: RgbaImage, methods: readonly GridMethod[] = GRID_METHODS): TimedGridEstimate[] {
  const plane = imagePlanes(image).any;
  const run: Record<GridMethod, () => GridEstimate> = {
    marginal: () => estimateGridMarginalFromPlane(plane, image.width, image.height),
    spectral: () => estimateGridSpectralFromPlane(plane, image.width, image.height),
    "matched-filter": () => estimateGridMatchedFilterFromPlane(plane, image.width, image.height),
  };
  return methods.map((m) => {
    const t0 = performance.now();
    const estimate = run[m]();
    return { estimate, elapsedMs: performance.now() - t0 };
  });
}
