import { tilePeriods } from "../grid/profilePeriod.js";

export interface GridUniformity {
  /** Relative spread of the local grid period across tiles, (max - min) / median of the middle 80 %, along x and y; NaN when fewer than 4 tiles show a grid. */
  spreadX: number;
  spreadY: number;
  tiles: number;
}

/**
 * How evenly spaced the grid is across the page: the grid period of each tile's column and row
 * projections (tilesX x tilesY tiles). A flat page, rectified, has one period everywhere;
 * curl, bulge or a lens stretch it locally, which no homography undoes.
 */
export function measureGridUniformity(plane: Uint8Array, width: number, height: number, tilesX = 4, tilesY = 3): GridUniformity {
  // A margin of 6 % is left out: page edges, and streaks where a warp repeated the border.
  const mx = Math.floor(0.06 * width), my = Math.floor(0.06 * height);
  const tw = Math.floor((width - 2 * mx) / tilesX), th = Math.floor((height - 2 * my) / tilesY);
  const px: number[] = [], py: number[] = [];
  for (let j = 0; j < tilesY; j++) {
    for (let i = 0; i < tilesX; i++) {
      const [a, b] = tilePeriods(plane, width, mx + i * tw, my + j * th, tw, th);
      if (Number.isFinite(a)) px.push(a);
      if (Number.isFinite(b)) py.push(b);
    }
  }
  return { spreadX: spread(px), spreadY: spread(py), tiles: Math.min(px.length, py.length) };
}

/** Spread of the values within 30 % of their median (a tile read as 1 mm vs 5 mm is another matter). */
function spread(v: number[]): number {
  if (v.length < 4) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const med = s[s.length >> 1]!;
  const near = s.filter((x) => Math.abs(x / med - 1) < 0.3);
  if (near.length < 4) return NaN;
  const lo = near[Math.floor(0.1 * (near.length - 1))]!, hi = near[Math.ceil(0.9 * (near.length - 1))]!;
  return (hi - lo) / med;
}
