import { tilePeriods } from "../grid/profilePeriod.js";

export interface BackgroundShowsGridOptions {
  /** Tiles across and down (default 4 x 3: each must span 8 or more 5 mm squares for a period). */
  tilesX?: number;
  tilesY?: number;
  /** Periods within this relative distance of the page's count as the same grid (default 0.1). */
  tolerance?: number;
}

export interface BackgroundGridCheck {
  /** Tiles wholly off the page region, and how many of them show the page's grid period along x and y. */
  backgroundTiles: number;
  gridTiles: number;
  /** The region called background is paper with the page's grid: a split by light, not a page edge. */
  showsGrid: boolean;
}

/**
 * Whether the region taken as background (desk) shows the ECG grid: tiles lying wholly in it whose
 * column and row projections of a darkness plane have the grid period of the tiles lying wholly on
 * the page (or, if none does, any grid period). A desk has no 1 mm / 5 mm grid; paper in shadow,
 * split off by uneven light on a page that fills the frame, does.
 * `isBackground` takes plane px.
 */
export function backgroundShowsGrid(plane: Uint8Array, width: number, height: number, isBackground: (x: number, y: number) => boolean, options: BackgroundShowsGridOptions = {}): BackgroundGridCheck {
  const tx = options.tilesX ?? 4, ty = options.tilesY ?? 3, tol = options.tolerance ?? 0.1;
  const tw = Math.floor(width / tx), th = Math.floor(height / ty);
  const page: number[] = [], background: number[][] = [];
  for (let j = 0; j < ty; j++) {
    for (let i = 0; i < tx; i++) {
      const x0 = i * tw, y0 = j * th;
      const probes: [number, number][] = [[x0 + 1, y0 + 1], [x0 + tw - 1, y0 + 1], [x0 + 1, y0 + th - 1], [x0 + tw - 1, y0 + th - 1], [x0 + tw / 2, y0 + th / 2]];
      const off = probes.filter(([x, y]) => isBackground(x, y)).length;
      if (off !== 0 && off !== probes.length) continue;
      const periods = tilePeriods(plane, width, x0, y0, tw, th);
      if (off === 0) page.push(...periods.filter(Number.isFinite));
      else background.push(periods);
    }
  }
  const ref = page.length ? [...page].sort((a, b) => a - b)[page.length >> 1]! : NaN;
  const same = (p: number) => Number.isFinite(p) && (!Number.isFinite(ref) || Math.abs(p / ref - 1) <= tol);
  const gridTiles = background.filter(([px, py]) => same(px!) && same(py!)).length;
  return { backgroundTiles: background.length, gridTiles, showsGrid: gridTiles >= 2 || (gridTiles >= 1 && background.length <= 2) };
}

