import type { Rng } from "../util/rng.js";

/** A smooth scalar field stored on a coarse grid, `cellPx` output pixels per cell. */
export interface CoarseField {
  width: number;
  height: number;
  cellPx: number;
  data: Float32Array;
}

/** A coarse grid covering widthPx x heightPx, filled by `f(xPx, yPx)` at each node. */
export function coarseField(widthPx: number, heightPx: number, cellPx: number, f: (x: number, y: number) => number): CoarseField {
  const width = Math.ceil(widthPx / cellPx) + 2, height = Math.ceil(heightPx / cellPx) + 2;
  const data = new Float32Array(width * height);
  for (let j = 0; j < height; j++) for (let i = 0; i < width; i++) data[j * width + i] = f(i * cellPx, j * cellPx);
  return { width, height, cellPx, data };
}

/** Three coarse fields (r, g, b gains) filled together by `f(xPx, yPx, out)`, out starting at [1, 1, 1]. */
export function coarseFields3(widthPx: number, heightPx: number, cellPx: number, f: (x: number, y: number, out: [number, number, number]) => void): [CoarseField, CoarseField, CoarseField] {
  const width = Math.ceil(widthPx / cellPx) + 2, height = Math.ceil(heightPx / cellPx) + 2;
  const fields = [0, 1, 2].map(() => ({ width, height, cellPx, data: new Float32Array(width * height) })) as [CoarseField, CoarseField, CoarseField];
  const g: [number, number, number] = [1, 1, 1];
  for (let j = 0; j < height; j++) for (let i = 0; i < width; i++) {
    g[0] = g[1] = g[2] = 1;
    f(i * cellPx, j * cellPx, g);
    for (let c = 0; c < 3; c++) fields[c]!.data[j * width + i] = g[c]!;
  }
  return fields;
}

/** Bilinear value of the field at point (x, y) in px (continuous coordinates, clamped to the grid). */
export function sampleField(field: CoarseField, x: number, y: number): number {
  const u = Math.min(Math.max(x / field.cellPx, 0), field.width - 1.001);
  const v = Math.min(Math.max(y / field.cellPx, 0), field.height - 1.001);
  const i = Math.floor(u), j = Math.floor(v), a = u - i, b = v - j;
  const d = field.data, w = field.width, k = j * w + i;
  return (d[k]! * (1 - a) + d[k + 1]! * a) * (1 - b) + (d[k + w]! * (1 - a) + d[k + w + 1]! * a) * b;
}

/**
 * Smooth value noise in [-1, 1] with features about `featurePx` wide: random values on a lattice,
 * interpolated with smoothstep. Octaves halve the feature size and amplitude.
 */
export function valueNoise(rng: Rng, featurePx: number, octaves = 1): (x: number, y: number) => number {
  const layers: { size: number; lattice: Float32Array; n: number; amp: number }[] = [];
  let amp = 1, total = 0;
  for (let o = 0; o < octaves; o++) {
    const n = 64;
    const lattice = new Float32Array(n * n);
    for (let i = 0; i < lattice.length; i++) lattice[i] = rng.uniform(-1, 1);
    layers.push({ size: featurePx / 2 ** o, lattice, n, amp });
    total += amp;
    amp /= 2;
  }
  return (x, y) => {
    let sum = 0;
    for (const { size, lattice, n, amp } of layers) {
      const u = x / size, v = y / size;
      const i = Math.floor(u), j = Math.floor(v);
      const a = smooth(u - i), b = smooth(v - j);
      const i0 = ((i % n) + n) % n, j0 = ((j % n) + n) % n, i1 = (i0 + 1) % n, j1 = (j0 + 1) % n;
      const top = lattice[j0 * n + i0]! * (1 - a) + lattice[j0 * n + i1]! * a;
      const bottom = lattice[j1 * n + i0]! * (1 - a) + lattice[j1 * n + i1]! * a;
      sum += amp * (top * (1 - b) + bottom * b);
    }
    return sum / total;
  };
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** Applies per-channel gains from three coarse fields to every pixel (gain 1 = unchanged). */
export function multiplyByFields(data: Uint8ClampedArray, width: number, height: number, gains: [CoarseField, CoarseField, CoarseField]): void {
  if (data.byteOffset % 4 !== 0) {
    const aligned = new Uint8ClampedArray(data);
    multiplyByFields(aligned, width, height, gains);
    data.set(aligned);
    return;
  }
  const [fr, fg, fb] = gains;
  const grey = fr === fg && fr === fb;
  const cell = fr.cellPx;
  // Interpolate along each row from the two neighbouring grid rows; per pixel only a lerp.
  const rowR = new Float32Array(fr.width), rowG = new Float32Array(fr.width), rowB = new Float32Array(fr.width);
  const words = new Int32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  for (let row = 0; row < height; row++) {
    const v = Math.min((row + 0.5) / cell, fr.height - 1.001);
    const j = Math.floor(v), b = v - j;
    for (let i = 0; i < fr.width; i++) {
      const k = j * fr.width + i;
      rowR[i] = fr.data[k]! * (1 - b) + fr.data[k + fr.width]! * b;
      rowG[i] = fg.data[k]! * (1 - b) + fg.data[k + fr.width]! * b;
      rowB[i] = fb.data[k]! * (1 - b) + fb.data[k + fr.width]! * b;
    }
    let p = row * width;
    for (let col = 0; col < width; col++, p++) {
      const u = (col + 0.5) / cell;
      const i = u | 0, a = u - i;
      const w = words[p]!;
      const gr = rowR[i]! + (rowR[i + 1]! - rowR[i]!) * a;
      const gg = grey ? gr : rowG[i]! + (rowG[i + 1]! - rowG[i]!) * a;
      const gb = grey ? gr : rowB[i]! + (rowB[i + 1]! - rowB[i]!) * a;
      const r = Math.min(255, (w & 255) * gr + 0.5) | 0;
      const g = Math.min(255, ((w >> 8) & 255) * gg + 0.5) | 0;
      const bl = Math.min(255, ((w >> 16) & 255) * gb + 0.5) | 0;
      words[p] = r | (g << 8) | (bl << 16) | (w & 0xff000000);
    }
  }
}
