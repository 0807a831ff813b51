import type { Rgb } from "./gridColors.js";
import { createImage, drawGrid, type GridStyle } from "./raster.js";
import type { RgbaImage } from "./types.js";

const cache = new Map<string, RgbaImage>();

/**
 * A blank page with its grid. Pages of a batch share paper and grid, so the last one is kept
 * and copied (a copy is ~4x cheaper than drawing the grid again; one entry bounds the memory).
 */
export function paperImage(width: number, height: number, paper: Rgb, grid: GridStyle | null): RgbaImage {
  const key = JSON.stringify([width, height, paper, grid]);
  let base = cache.get(key);
  if (!base) {
    base = createImage(width, height, paper);
    if (grid) drawGrid(base, grid);
    cache.clear();
    cache.set(key, base);
  }
  return { width, height, data: new Uint8ClampedArray(base.data) };
}
