import type { RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import type { ResolvedArtifactOptions } from "../artifactOptions.js";
import { drawCount, drawRange, r4 } from "../draw.js";
import { valueNoiseField, type CoarseField } from "../field.js";
import type { Relief } from "../geometry/pageWarp.js";
import { fastTanh } from "./fastMath.js";

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
  const lines = Array.from({ length: folds }, (): Fold => {
    const t = rng.uniform(0, Math.PI);
    return { nx: Math.cos(t), ny: Math.sin(t), x: rng.uniform(0, width), y: rng.uniform(0, height), slope: rng.uniform(0.2, 1) * (rng.chance(0.5) ? 1 : -1), reach: rng.uniform(0.05, 0.35) * Math.max(width, height) };
  });
  const cell = 8;
  const bumps = valueNoiseField(rng.fork("bumps"), Math.max(width, height) / 6, 2, width, height, cell);
  // Slope of the surface toward the light: folds contribute sign(d) * slope * n within their reach
  // (a strip across the fold line), row by row of grid nodes (foldSlopes).
  const gw = Math.ceil(width / cell) + 2, gh = Math.ceil(height / cell) + 2;
  // The loops sit in module functions (per row, per fold): V8 optimises those once, where loops in
  // this once-per-page function ran unoptimised (boxing every intermediate, ~150 MB of garbage a
  // page) or were compiled again on most pages (on-stack replacement, then deoptimisation).
  const norm = Math.sqrt(Math.max(1, folds)) * 0.5;
  const gain: CoarseField = { width: gw, height: gh, cellPx: cell, data: new Float32Array(gw * gh) };
  shadingGain(gain.data, lines, bumps, strength, norm, lx, ly);
  const reliefPx = drawRange(rng, options.reliefPx);
  const applied = { folds, strengthFraction: r4(strength), lightDeg: r4((lightAngle * 180) / Math.PI), reliefPx: r4(reliefPx) };
  if (reliefPx === 0 || folds === 0) return { applied, relief: null, shading: gain };
  // Ridge half-width >= 8 reliefPx keeps |grad h| * reliefPx <= 1/8 per fold (tanh only flattens).
  const halfWidths = lines.map(() => rng.uniform(8, 30) * Math.max(1, reliefPx));
  // Each ridge only where it reaches: the nodes of each row inside both its strips (exact tests kept).
  const hCell = 2 * cell, hw = Math.ceil(width / hCell) + 2, hh = Math.ceil(height / hCell) + 2;
  const sums = new Float64Array(hw * hh);
  lines.forEach((f, k) => addRidge(sums, hw, hh, hCell, f, halfWidths[k]!));
  const heightField: CoarseField = { width: hw, height: hh, cellPx: hCell, data: tanhOf(sums) };
  const view = rng.uniform(0, 2 * Math.PI);
  return { applied, shading: gain, relief: { height: heightField, dxPx: reliefPx * Math.cos(view), dyPx: reliefPx * Math.sin(view) } };
}

/** A fold line: unit normal (nx, ny) through (x, y) px; slope toward its normal within `reach` px along it. */
interface Fold { nx: number; ny: number; x: number; y: number; slope: number; reach: number }

/**
 * The shading gain at every node, row by row: the folds' slopes toward the light, then gainRow.
 * Along a grid row a fold's share is linear in the node between the nodes where the distance to
 * the fold or the position along it changes sign (or the reach ends), so each fold adds a few
 * pieces a + b * i to the row's difference arrays and one running sum makes the row: per node one
 * step, not one per fold (the sums differ from a per-node sum by rounding, ~1e-13; a node within
 * ~1e-12 px of a fold line could take the other side).
 */
function shadingGain(out: Float32Array, lines: Fold[], bumps: CoarseField, strength: number, norm: number, lx: number, ly: number): void {
  const gw = bumps.width, da = new Float64Array(gw + 1), db = new Float64Array(gw + 1), slopes = new Float64Array(gw);
  for (let j = 0; j < bumps.height; j++) {
    da.fill(0); db.fill(0);
    for (const f of lines) foldRow(da, db, gw, bumps.cellPx, f.x, j * bumps.cellPx - f.y, f.nx, f.ny, f.reach, f.slope * (f.nx * lx + f.ny * ly));
    runningSums(slopes, gw, da, db);
    gainRow(out, slopes, bumps, j, strength, norm, lx, ly);
  }
}

/** slopes[i] = (da[0] + ... + da[i]) + (db[0] + ... + db[i]) * i for i < n. */
function runningSums(slopes: Float64Array, n: number, da: Float64Array, db: Float64Array): void {
  let a = 0, b = 0;
  for (let i = 0; i < n; i++) {
    a += da[i]!; b += db[i]!;
    slopes[i] = a + b * i;
  }
}

/** One fold's ridge (a tent `halfWidth` px wide), added to the height sums where it reaches. */
function addRidge(sums: Float64Array, hw: number, hh: number, hCell: number, f: Fold, halfWidth: number): void {
  const sign = Math.sign(f.slope);
  for (let j = 0; j < hh; j++) {
    const ey = j * hCell - f.y;
    const [a0, a1] = nodeSpan(f.nx, ey * f.ny - f.x * f.nx, halfWidth, hCell, hw);
    const [b0, b1] = nodeSpan(-f.ny, ey * f.nx - f.x * -f.ny, f.reach, hCell, hw);
    ridgeRow(sums, j * hw, Math.max(a0, b0), Math.min(a1, b1), hCell, f.x, ey, f.nx, f.ny, halfWidth, f.reach, sign);
  }
}

/**
 * The grid nodes i (x = i * cellPx, 0 <= i < n) where |a * x + b| <= c may hold, one node wider on
 * each side than the exact interval (the callers test each node exactly).
 */
function nodeSpan(a: number, b: number, c: number, cellPx: number, n: number): [number, number] {
  if (Math.abs(a) < 1e-9) return Math.abs(b) <= c + 1e-6 ? [0, n - 1] : [0, -1];
  const x0 = (-c - b) / a, x1 = (c - b) / a;
  const lo = Math.floor(Math.min(x0, x1) / cellPx) - 1, hi = Math.ceil(Math.max(x0, x1) / cellPx) + 1;
  return [Math.max(0, lo), Math.min(n - 1, hi)];
}

/** One fold's pieces on one grid row of n nodes (ey = the row's y minus the fold's; kl = its slope times its share toward the light). */
function foldRow(da: Float64Array, db: Float64Array, n: number, step: number, fx: number, ey: number, nx: number, ny: number, reach: number, kl: number): void {
  // d(i) = d0 + du * i across the fold, u(i) = u0 + uu * i along it; nodes with |u| <= reach count.
  const du = nx * step, d0 = ey * ny - fx * nx, uu = -ny * step, u0 = fx * ny + ey * nx;
  let i0 = 0, i1 = n - 1;
  if (Math.abs(uu) > 1e-12) {
    const a = (-reach - u0) / uu, b = (reach - u0) / uu;
    i0 = Math.max(i0, Math.ceil(Math.min(a, b))); i1 = Math.min(i1, Math.floor(Math.max(a, b)));
  } else if (Math.abs(u0) > reach) return;
  if (i1 < i0) return;
  const p = splitAt(d0, du, i0, i1), r = splitAt(u0, uu, i0, i1);
  foldPiece(da, db, i0, Math.min(p, r), d0, du, u0, uu, reach, kl);
  foldPiece(da, db, Math.min(p, r), Math.max(p, r), d0, du, u0, uu, reach, kl);
  foldPiece(da, db, Math.max(p, r), i1 + 1, d0, du, u0, uu, reach, kl);
}

/** Nodes s..e-1 of foldRow, where d and u keep their signs: sign(d) * kl * (1 - |u| / reach), as a + b * i. */
function foldPiece(da: Float64Array, db: Float64Array, s: number, e: number, d0: number, du: number, u0: number, uu: number, reach: number, kl: number): void {
  if (e <= s) return;
  const mid = (s + e - 1) / 2;
  const kk = d0 + du * mid > 0 ? kl : -kl, su = u0 + uu * mid < 0 ? -1 : 1;
  const a = kk * (1 - (su * u0) / reach), b = (-kk * su * uu) / reach;
  da[s] += a; da[e] -= a; db[s] += b; db[e] -= b;
}

/** The first node in i0..i1 past which g0 + gu * i changes sign (i1 + 1 if it does not). */
function splitAt(g0: number, gu: number, i0: number, i1: number): number {
  if (gu === 0) return i1 + 1;
  const root = -g0 / gu;
  return Math.min(i1 + 1, Math.max(i0, Math.floor(root) + 1));
}

/** Grid row j of the shading gain: the folds' slopes (that row's) plus the bumps' (central differences one node apart), through tanh. */
function gainRow(out: Float32Array, slopes: Float64Array, bumps: CoarseField, j: number, strength: number, norm: number, lx: number, ly: number): void {
  const w = bumps.width, d = bumps.data, up = Math.max(0, j - 1) * w, down = Math.min(bumps.height - 1, j + 1) * w, here = j * w;
  for (let i = 0, q = j * w; i < w; i++, q++) {
    const left = here + Math.max(0, i - 1), right = here + Math.min(w - 1, i + 1);
    const s = slopes[i]! + ((d[right]! - d[left]!) * lx + (d[down + i]! - d[up + i]!) * ly) * 4;
    out[q] = 1 - strength * 0.5 + strength * fastTanh(s / norm) * 0.5;
  }
}

/** One grid row's share of one ridge's height (nodes i0..i1). */
function ridgeRow(sums: Float64Array, q0: number, i0: number, i1: number, cellPx: number, fx: number, ey: number, nx: number, ny: number, halfWidth: number, reach: number, sign: number): void {
  for (let i = i0, q = q0 + i0; i <= i1; i++, q++) {
    const ex = i * cellPx - fx;
    const d = Math.abs(ex * nx + ey * ny);
    const along = Math.abs(ex * -ny + ey * nx);
    if (d >= halfWidth || along > reach) continue;
    sums[q] += sign * (1 - d / halfWidth) * (1 - along / reach);
  }
}

/** tanh of each value (fastTanh), as float32 (a plain loop: Float32Array.from with a map function is several times slower). */
function tanhOf(values: Float64Array): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = fastTanh(values[i]!);
  return out;
}
