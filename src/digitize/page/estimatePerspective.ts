import { multiplyHomographies, type Homography, type XY } from "../../artifacts/geometry/homography.js";
import { estimateRotation } from "../grid/estimateRotation.js";
import { symmetricEigen3 } from "./symmetricEigen3.js";

export interface EstimatePerspectiveOptions {
  /** Tiles across and down. Default 6 x 5. */
  tilesX?: number;
  tilesY?: number;
  /** Only tiles whose corners and centre this returns true for are used (e.g. on the page). Default all. */
  use?: (x: number, y: number) => boolean;
  /** Only the tiles (column i, row j, from 0) this returns true for are read. Default all. */
  tiles?: (i: number, j: number) => boolean;
  /** Searched range of the local line angles, degrees (+-). Default 12. */
  maxAngleDeg?: number;
  /** A tile direction counts when its sharpness peak over the median is at least this. Default 1.5. */
  minContrast?: number;
}

/** The local direction of one family of grid lines in one tile. */
export interface TileDirection {
  x: number;
  y: number;
  /** Unit direction [dx, dy] on screen (y down). */
  dir: XY;
  weight: number;
}

export interface PerspectiveEstimate {
  /** Image -> rectified image (lines of both families axis-parallel); null when too few tiles. */
  homography: Homography | null;
  /** Vanishing points of the horizontal and vertical lines, homogeneous [x, y, w] in image px. */
  vanishingH?: [number, number, number];
  vanishingV?: [number, number, number];
  /** Tiles used per family. */
  tilesH: number;
  tilesV: number;
  /** Rms angle (degrees) of the tiles' directions about the fitted projective model: bending lines (curl, bulge) raise it. */
  residualDeg: number;
}

/**
 * Perspective from the grid lines: in each tile, the directions of the horizontal and the vertical
 * lines (coarse: sharpest sheared projection of the tile and of its transpose; fine: halvesAngle);
 * each direction is a line
 * through the tile centre, and each family's vanishing point is the point nearest to all its
 * lines (least squares in homogeneous coordinates, outliers dropped). Sending the line through
 * both vanishing points to infinity and then the two directions to the axes makes the grid
 * rectangular and evenly spaced again; the scale at the image centre is kept.
 */
export function estimatePerspective(plane: Uint8Array, width: number, height: number, options: EstimatePerspectiveOptions = {}): PerspectiveEstimate {
  const nx = options.tilesX ?? 6;
  const ny = options.tilesY ?? 5;
  const maxAngle = options.maxAngleDeg ?? 12;
  const minContrast = options.minContrast ?? 1.5;
  const tw = Math.floor(width / nx);
  const th = Math.floor(height / ny);
  const none: PerspectiveEstimate = { homography: null, tilesH: 0, tilesV: 0, residualDeg: NaN };
  if (tw < 48 || th < 48) return none;
  const hor: TileDirection[] = [];
  const ver: TileDirection[] = [];
  const tile = new Uint8Array(tw * th);
  // Coarse on a block-averaged copy (tiles of at least ~80 px) over the whole range, then fine at
  // full resolution about it.
  const f = Math.min(tw, th) >= 320 ? 4 : Math.min(tw, th) >= 160 ? 2 : 1;
  const tileT = new Uint8Array(tw * th);
  const small = new Uint8Array(Math.floor(tw / f) * Math.floor(th / f));
  const smallT = new Uint8Array(small.length);
  const hist = new Uint32Array(256);
  let med = 0;
  const angle = (full: Uint8Array, coarsePlane: Uint8Array, fw: number, fh: number): { angleDeg: number; contrast: number } => {
    const coarse = estimateRotation(coarsePlane, Math.floor(fw / f), Math.floor(fh / f), { maxAngleDeg: maxAngle, stepDeg: f === 1 ? 0.5 : 1, rowMedian: false });
    let deg = coarse.angleDeg;
    for (let k = 0; k < 2; k++) deg = halvesAngle(full, fw, fh, deg, med);
    return { angleDeg: deg, contrast: coarse.contrast };
  };
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const x0 = i * tw, y0 = j * th;
      const cx = x0 + tw / 2, cy = y0 + th / 2;
      if (options.tiles && !options.tiles(i, j)) continue;
      if (options.use && ![[cx, cy], [x0, y0], [x0 + tw, y0], [x0, y0 + th], [x0 + tw, y0 + th]].every(([x, y]) => options.use!(x!, y!))) continue;
      hist.fill(0);
      for (let r = 0; r < th; r++) {
        const o = (y0 + r) * width + x0;
        for (let c = 0; c < tw; c++) {
          const v = plane[o + c]!;
          tile[r * tw + c] = v;
          tileT[c * th + r] = v;
          hist[v]!++;
        }
      }
      // The tile's median (its transpose has the same): halvesAngle counts only what is darker.
      med = 0;
      for (let acc = 0; med < 255; med++) if ((acc += hist[med]!) * 2 >= tw * th) break;
      downsample(tile, tw, th, f, small, smallT);
      const a = angle(tile, small, tw, th);
      if (a.contrast >= minContrast) {
        const t = (a.angleDeg * Math.PI) / 180;
        hor.push({ x: cx, y: cy, dir: [Math.cos(t), -Math.sin(t)], weight: Math.log(a.contrast) });
      }
      // Transposed, vertical lines lie horizontal with the angle's sign flipped.
      const b = angle(tileT, smallT, th, tw);
      if (b.contrast >= minContrast) {
        const t = (b.angleDeg * Math.PI) / 180;
        ver.push({ x: cx, y: cy, dir: [-Math.sin(t), Math.cos(t)], weight: Math.log(b.contrast) });
      }
    }
  }
  if (hor.length < 4 || ver.length < 4) return { ...none, tilesH: hor.length, tilesV: ver.length };
  const scale = Math.max(width, height) / 2;
  const norm = (x: number, y: number): XY => [(x - width / 2) / scale, (y - height / 2) / scale];
  const vh = vanishingPoint(hor, norm);
  const vv = vanishingPoint(ver, norm);
  if (!vh || !vv) return { ...none, tilesH: hor.length, tilesV: ver.length };
  const hn = homographyFromVanishingPoints(vh.point, vv.point);
  if (!hn) return { ...none, tilesH: hor.length, tilesV: ver.length };
  // Back to pixel coordinates: H = N^-1 Hn N, N = normalisation (translate, scale).
  const N: Homography = [1 / scale, 0, -width / 2 / scale, 0, 1 / scale, -height / 2 / scale, 0, 0, 1];
  const Ninv: Homography = [scale, 0, width / 2, 0, scale, height / 2, 0, 0, 1];
  const homography = multiplyHomographies(Ninv, multiplyHomographies(hn, N));
  const toPx = (v: [number, number, number]): [number, number, number] => [v[0] * scale + (v[2] * width) / 2, v[1] * scale + (v[2] * height) / 2, v[2]];
  const residualDeg = Math.sqrt((vh.sumSq + vv.sumSq) / (vh.used + vv.used));
  return { homography, vanishingH: toPx(vh.point), vanishingV: toPx(vv.point), tilesH: vh.used, tilesV: vv.used, residualDeg };
}

/**
 * Refines a line angle: the row profiles of the tile's left and right halves, both sheared by
 * `deg` (weights split between neighbouring rows), are shifted against each other by the
 * remaining slope times the halves' distance; the shift is the cross-correlation peak (parabolic,
 * within +-2 px). Unbiased at any angle, unlike the sharpest projection on whole pixels.
 */
function halvesAngle(plane: Uint8Array, w: number, h: number, deg: number, med: number): number {
  const t = Math.tan((deg * Math.PI) / 180);
  const pad = Math.ceil((Math.abs(t) * w) / 2) + 4;
  const n = h + 2 * pad;
  const left = new Float64Array(n), right = new Float64Array(n);
  const cx = w / 2;
  for (let r = 0; r < h; r++) {
    for (let c = 0, o = r * w; c < w; c++) {
      const v = plane[o + c]! - med;
      if (v <= 0) continue;
      const x = r + pad + t * (c + 0.5 - cx);
      const b = Math.floor(x), f = x - b;
      const p = c < cx ? left : right;
      p[b] = p[b]! + v * (1 - f);
      p[b + 1] = p[b + 1]! + v * f;
    }
  }
  const mean = (p: Float64Array) => p.reduce((a, v) => a + v, 0) / n;
  const ml = mean(left), mr = mean(right);
  const corr = (lag: number) => {
    let s = 0;
    for (let i = Math.max(0, -lag); i < n && i + lag < n; i++) s += (left[i]! - ml) * (right[i + lag]! - mr);
    return s;
  };
  let best = 0, bestC = -Infinity;
  const cs = new Map<number, number>();
  for (let lag = -2; lag <= 2; lag++) {
    const c = corr(lag);
    cs.set(lag, c);
    if (c > bestC) (bestC = c), (best = lag);
  }
  const lo = cs.get(best - 1) ?? corr(best - 1), hi = cs.get(best + 1) ?? corr(best + 1);
  const curv = lo + hi - 2 * bestC;
  const shift = best + (curv < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (lo - hi)) / curv)) : 0);
  // Line r = k - tan(a) (c - cx): the right half's rows sit -(tan a - t) w / 2 from the left's.
  return (Math.atan(t - shift / (w / 2)) * 180) / Math.PI;
}

/** Block means (f x f) of a w x h plane into `out`, and the same transposed into `outT`. */
function downsample(src: Uint8Array, w: number, h: number, f: number, out: Uint8Array, outT: Uint8Array): void {
  const ow = Math.floor(w / f), oh = Math.floor(h / f);
  for (let r = 0; r < oh; r++) {
    for (let c = 0; c < ow; c++) {
      let s = 0;
      for (let dy = 0; dy < f; dy++) for (let dx = 0, o = (r * f + dy) * w + c * f; dx < f; dx++) s += src[o + dx]!;
      const v = Math.round(s / (f * f));
      out[r * ow + c] = v;
      outT[c * oh + r] = v;
    }
  }
}

/**
 * Weighted least-squares vanishing point of lines through tile centres, without the tiles whose
 * direction misses the current estimate by more than 3 median misses (0.1 degree at least).
 */
function vanishingPoint(tiles: TileDirection[], norm: (x: number, y: number) => XY): { point: [number, number, number]; used: number; sumSq: number } | null {
  const lines = tiles.map((t) => {
    const [x, y] = norm(t.x, t.y);
    const nx = -t.dir[1], ny = t.dir[0];
    return [nx, ny, -(nx * x + ny * y)] as [number, number, number];
  });
  const solve = (keep: boolean[]): [number, number, number] | null => {
    const m = new Float64Array(9);
    let n = 0;
    lines.forEach((l, i) => {
      if (!keep[i]) return;
      n++;
      const w = tiles[i]!.weight;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) m[a * 3 + b] = m[a * 3 + b]! + w * l[a]! * l[b]!;
    });
    if (n < 3) return null;
    const { vectors, values } = symmetricEigen3(m);
    let k = 0;
    for (let i = 1; i < 3; i++) if (values[i]! < values[k]!) k = i;
    const v = vectors[k]!;
    return [v[0], v[1], v[2]];
  };
  // Angle (degrees) between a tile's direction and the direction to the vanishing point.
  const missDeg = (v: [number, number, number], i: number): number => {
    const t = tiles[i]!;
    const [x, y] = norm(t.x, t.y);
    let dx = v[0] - x * v[2], dy = v[1] - y * v[2];
    const len = Math.hypot(dx, dy);
    if (len < 1e-12) return 90;
    dx /= len;
    dy /= len;
    const cross = Math.abs(dx * t.dir[1] - dy * t.dir[0]);
    return (Math.asin(Math.min(1, cross)) * 180) / Math.PI;
  };
  // Start from parallel lines along the tiles' median direction (robust to tiles whose lines are
  // trace strokes or text), keep the tiles that agree with it, fit, and once more about the fit.
  const ang = tiles.map((t) => Math.atan2(t.dir[1], t.dir[0]));
  const medAng = [...ang].sort((a, b) => a - b)[ang.length >> 1]!;
  let v: [number, number, number] = [Math.cos(medAng), Math.sin(medAng), 0];
  let keep = tiles.map(() => true);
  for (let round = 0; round < 3; round++) {
    const miss = tiles.map((_, i) => missDeg(v, i));
    const med = [...miss].sort((a, b) => a - b)[miss.length >> 1]!;
    keep = miss.map((m) => m <= Math.max(round === 0 ? 0.5 : 0.1, 3 * med));
    const next = solve(keep);
    if (!next) return null;
    v = next;
  }
  let sumSq = 0, used = 0;
  tiles.forEach((_, i) => {
    if (!keep[i]) return;
    sumSq += missDeg(v!, i) ** 2;
    used++;
  });
  return { point: v, used, sumSq };
}

/**
 * The homography (normalised coordinates, origin fixed with unit Jacobian up to rotation and
 * shear) taking lines through vh to horizontal and lines through vv to vertical.
 */
export function homographyFromVanishingPoints(vh: [number, number, number], vv: [number, number, number]): Homography | null {
  // Vanishing line l = vh x vv; P = [[1,0,0],[0,1,0],[l0/l2, l1/l2, 1]] sends it to infinity.
  const l = [vh[1] * vv[2] - vh[2] * vv[1], vh[2] * vv[0] - vh[0] * vv[2], vh[0] * vv[1] - vh[1] * vv[0]];
  // Both vanishing points at infinity (an affine view) give l = (0, 0, c) and P = I. A vanishing
  // line through the image (|p| > 1 in coordinates normalised to the half side) is no page view.
  const lenL = Math.hypot(l[0]!, l[1]!, l[2]!);
  if (!(lenL > 0) || Math.abs(l[2]!) < 0.5 * Math.hypot(l[0]!, l[1]!)) return null;
  const p6 = l[0]! / l[2]!, p7 = l[1]! / l[2]!;
  const P: Homography = [1, 0, 0, 0, 1, 0, p6, p7, 1];
  // Directions of the two families after P (the vanishing points' images, now at infinity).
  // P v = (v0, v1, 0): the direction is (v0, v1).
  const dir = (v: [number, number, number]): XY => {
    const len = Math.hypot(v[0], v[1]);
    return [v[0] / len, v[1] / len];
  };
  let u = dir(vh);
  let q = dir(vv);
  if (u[0] < 0) u = [-u[0], -u[1]];
  if (q[1] < 0) q = [-q[0], -q[1]];
  // A = [u q]^-1 maps u to (1, 0) and q to (0, 1).
  const det = u[0] * q[1] - q[0] * u[1];
  if (Math.abs(det) < 0.5) return null;
  const A: Homography = [q[1] / det, -q[0] / det, 0, -u[1] / det, u[0] / det, 0, 0, 0, 1];
  return multiplyHomographies(A, P);
}
