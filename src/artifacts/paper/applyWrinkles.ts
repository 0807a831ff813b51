import type { RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import type { ResolvedArtifactOptions } from "../artifactOptions.js";
import { drawCount, drawRange, r4 } from "../draw.js";
import { coarseField, valueNoise, type CoarseField } from "../field.js";
import type { Relief } from "../geometry/pageWarp.js";

/**
 * Crumpled paper: a height field made of random folds (each a tent |distance to a line|, so the
 * surface is faceted with sharp ridges) plus smooth bumps, shaded by a light direction
 * (Lambert, on a coarse grid, interpolated). Returns the shading as a gain field in page space (not
 * applied here: the resampling pass multiplies it in, saving a pass over the image), and also the relief the geometry step applies:
 * ridges along the same folds (tents of bounded width), so printed lines kink where they cross a
 * fold; its gradient stays below 1/4 so the map remains one-to-one.
 */
export function applyWrinkles(image: RgbaImage, options: ResolvedArtifactOptions["wrinkles"], rng: Rng): { applied: Record<string, unknown>; relief: Relief | null; shading: CoarseField } {
  const { width, height } = image;
  const folds = drawCount(rng, options.folds);
  const strength = drawRange(rng, options.strengthFraction);
  const lightAngle = rng.uniform(0, 2 * Math.PI);
  const lx = Math.cos(lightAngle), ly = Math.sin(lightAngle);
  const lines = Array.from({ length: folds }, () => {
    const t = rng.uniform(0, Math.PI);
    return { nx: Math.cos(t), ny: Math.sin(t), x: rng.uniform(0, width), y: rng.uniform(0, height), slope: rng.uniform(0.2, 1) * (rng.chance(0.5) ? 1 : -1), reach: rng.uniform(0.05, 0.35) * Math.max(width, height) };
  });
  const bumpNoise = valueNoise(rng.fork("bumps"), Math.max(width, height) / 6, 2);
  const cell = 8;
  const bumps = coarseField(width, height, cell, bumpNoise);
  const bump = (x: number, y: number) => bumps.data[Math.min(bumps.height - 1, Math.max(0, Math.round(y / cell))) * bumps.width + Math.min(bumps.width - 1, Math.max(0, Math.round(x / cell)))]!;
  const step = cell;
  // Slope of the surface toward the light: folds contribute sign(d) * slope * n within their reach.
  // The folds as flat arrays: this runs for every node of the grid, for every fold.
  const fx = Float64Array.from(lines, (f) => f.x), fy = Float64Array.from(lines, (f) => f.y);
  const fnx = Float64Array.from(lines, (f) => f.nx), fny = Float64Array.from(lines, (f) => f.ny);
  const fReach = Float64Array.from(lines, (f) => f.reach), fSlope = Float64Array.from(lines, (f) => f.slope);
  const slopeTowardLight = (x: number, y: number): number => {
    let s = 0;
    for (let n = 0; n < folds; n++) {
      const nx = fnx[n]!, ny = fny[n]!, ex = x - fx[n]!, ey = y - fy[n]!, reach = fReach[n]!;
      const d = ex * nx + ey * ny;
      const along = Math.abs(ex * -ny + ey * nx);
      if (along > reach) continue;
      const fade = 1 - along / reach;
      s += (d > 0 ? 1 : -1) * fSlope[n]! * fade * (nx * lx + ny * ly);
    }
    s += ((bump(x + step, y) - bump(x - step, y)) * lx + (bump(x, y + step) - bump(x, y - step)) * ly) * 4;
    return s;
  };
  const norm = Math.sqrt(Math.max(1, folds)) * 0.5;
  const gain = coarseField(width, height, cell, (x, y) => {
    const g = slopeTowardLight(x, y) / norm;
    return 1 - strength * 0.5 + strength * Math.tanh(g) * 0.5;
  });
  const reliefPx = drawRange(rng, options.reliefPx);
  const applied = { folds, strengthFraction: r4(strength), lightDeg: r4((lightAngle * 180) / Math.PI), reliefPx: r4(reliefPx) };
  if (reliefPx === 0 || folds === 0) return { applied, relief: null, shading: gain };
  // Ridge half-width >= 8 reliefPx keeps |grad h| * reliefPx <= 1/8 per fold (tanh only flattens).
  const ridges = lines.map((f) => ({ ...f, halfWidth: rng.uniform(8, 30) * Math.max(1, reliefPx) }));
  const heightField = coarseField(width, height, 2 * cell, (x, y) => {
    let h = 0;
    for (const f of ridges) {
      const d = Math.abs((x - f.x) * f.nx + (y - f.y) * f.ny);
      const along = Math.abs((x - f.x) * -f.ny + (y - f.y) * f.nx);
      if (d >= f.halfWidth || along > f.reach) continue;
      h += Math.sign(f.slope) * (1 - d / f.halfWidth) * (1 - along / f.reach);
    }
    return Math.tanh(h);
  });
  const view = rng.uniform(0, 2 * Math.PI);
  return { applied, shading: gain, relief: { height: heightField, dxPx: reliefPx * Math.cos(view), dyPx: reliefPx * Math.sin(view) } };
}
