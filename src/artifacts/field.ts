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

/** Bilinear value of the field at point (x, y) in px (continuous coordinates, clamped to the grid). */
export function sampleField(field: CoarseField, x: number, y: number): number {
  const u = Math.min(Math.max(x / field.cellPx, 0), field.width - 1.001);
  const v = Math.min(Math.max(y / field.cellPx, 0), field.height - 1.001);
  const i = Math.floor(u), j = Math.floor(v), a = u - i, b = v - j;
  const d = field.data, w = field.width, k = j * w + i;
  return (d[k]! * (1 - a) + d[k + 1]! * a) * (1 - b) + (d[k + w]! * (1 - a) + d[k + w + 1]! * a) * b;
}

interface NoiseLayer { size: number; lattice: Float32Array; n: number; amp: number }

/** The lattices of `octaves` noise layers (64 x 64 random values each) and their total amplitude. */
function noiseLayers(rng: Rng, featurePx: number, octaves: number): { layers: NoiseLayer[]; total: number } {
  const layers: NoiseLayer[] = [];
  let amp = 1, total = 0;
  for (let o = 0; o < octaves; o++) {
    const n = 64;
    layers.push({ size: featurePx / 2 ** o, lattice: randomLattice(rng, n * n), n, amp });
    total += amp;
    amp /= 2;
  }
  return { layers, total };
}

/** `count` values uniform in [-1, 1] (its own function, so no caller is compiled around the loop: see valueNoiseField). */
function randomLattice(rng: Rng, count: number): Float32Array {
  const lattice = new Float32Array(count);
  for (let i = 0; i < count; i++) lattice[i] = rng.uniform(-1, 1);
  return lattice;
}

/**
 * Smooth value noise in [-1, 1] with features about `featurePx` wide: random values on a lattice,
 * interpolated with smoothstep. Octaves halve the feature size and amplitude.
 */
export function valueNoise(rng: Rng, featurePx: number, octaves = 1): (x: number, y: number) => number {
  const { layers, total } = noiseLayers(rng, featurePx, octaves);
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

/**
 * coarseField(widthPx, heightPx, cellPx, valueNoise(rng, featurePx, octaves)), the same values,
 * filled row by row: each column's lattice cell and weight per layer worked out once, not per node.
 * Every loop is in a small module function: a loop in this once-a-page function made V8 compile it
 * mid-call (on-stack replacement) and throw the code away on the next page, ~40 ms of compiler time each time.
 */
export function valueNoiseField(rng: Rng, featurePx: number, octaves: number, widthPx: number, heightPx: number, cellPx: number): CoarseField {
  const { layers, total } = noiseLayers(rng, featurePx, octaves);
  const width = Math.ceil(widthPx / cellPx) + 2, height = Math.ceil(heightPx / cellPx) + 2;
  const data = new Float32Array(width * height);
  const cols = layers.map(({ size, n }) => noiseColumns(width, cellPx, size, n));
  const rowSum = new Float64Array(width);
  for (let j = 0; j < height; j++) noiseNodeRow(data, j, width, cellPx, layers, cols, rowSum, total);
  return { width, height, cellPx, data };
}

/** Row j of valueNoiseField's nodes: the layers summed in order, then divided by their total amplitude. */
function noiseNodeRow(data: Float32Array, j: number, width: number, cellPx: number, layers: NoiseLayer[], cols: { i0: Int32Array; i1: Int32Array; a: Float64Array }[], rowSum: Float64Array, total: number): void {
  rowSum.fill(0);
  for (let l = 0; l < layers.length; l++) {
    const { size, lattice, n, amp } = layers[l]!, c = cols[l]!;
    const v = (j * cellPx) / size, jj = Math.floor(v), b = smooth(v - jj);
    const j0 = ((jj % n) + n) % n, j1 = (j0 + 1) % n;
    noiseRow(rowSum, lattice, j0 * n, j1 * n, b, amp, c.i0, c.i1, c.a);
  }
  for (let q = 0; q < width; q++) data[j * width + q] = rowSum[q]! / total;
}

/** For each of `width` nodes a layer's lattice columns (wrapped) and smoothstep weight between them. */
function noiseColumns(width: number, cellPx: number, size: number, n: number): { i0: Int32Array; i1: Int32Array; a: Float64Array } {
  const i0 = new Int32Array(width), i1 = new Int32Array(width), a = new Float64Array(width);
  for (let q = 0; q < width; q++) {
    const u = (q * cellPx) / size, i = Math.floor(u);
    a[q] = smooth(u - i); i0[q] = ((i % n) + n) % n; i1[q] = (i0[q]! + 1) % n;
  }
  return { i0, i1, a };
}

/** One layer's share of one row of nodes (a module function so V8 optimises it early). */
function noiseRow(sum: Float64Array, lattice: Float32Array, r0: number, r1: number, b: number, amp: number, i0: Int32Array, i1: Int32Array, a: Float64Array): void {
  for (let q = 0; q < sum.length; q++) {
    const x0 = i0[q]!, x1 = i1[q]!, w = a[q]!;
    const top = lattice[r0 + x0]! * (1 - w) + lattice[r0 + x1]! * w;
    const bottom = lattice[r1 + x0]! * (1 - w) + lattice[r1 + x1]! * w;
    sum[q] += amp * (top * (1 - b) + bottom * b);
  }
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
  // Interpolate along each row from the two neighbouring grid rows; per pixel only a lerp (its
  // column's grid cell and weight worked out once per call, not per pixel).
  const colI = new Int32Array(width), colA = new Float64Array(width);
  columnWeights(colI, colA, cell);
  const words = new Int32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  multiplyRows(words, width, height, gains, grey, colI, colA);
}

/** Column col's grid cell and weight at (col + 0.5) / cell. (Loops out of multiplyByFields, run once a call: see valueNoiseField.) */
function columnWeights(colI: Int32Array, colA: Float64Array, cell: number): void {
  for (let col = 0; col < colI.length; col++) {
    const u = (col + 0.5) / cell;
    colI[col] = u | 0; colA[col] = u - (u | 0);
  }
}

/** Every row: the fields interpolated between their two neighbouring grid rows, then along the row per pixel. */
function multiplyRows(words: Int32Array, width: number, height: number, [fr, fg, fb]: [CoarseField, CoarseField, CoarseField], grey: boolean, colI: Int32Array, colA: Float64Array): void {
  const rowR = new Float32Array(fr.width), rowG = new Float32Array(fr.width), rowB = new Float32Array(fr.width);
  for (let row = 0; row < height; row++) {
    const v = Math.min((row + 0.5) / fr.cellPx, fr.height - 1.001);
    const j = Math.floor(v), b = v - j;
    lerpRows(rowR, fr.data, j * fr.width, fr.width, b);
    if (!grey) { lerpRows(rowG, fg.data, j * fr.width, fr.width, b); lerpRows(rowB, fb.data, j * fr.width, fr.width, b); }
    if (grey) multiplyRowGrey(words, row * width, width, rowR, colI, colA);
    else multiplyRow(words, row * width, width, rowR, rowG, rowB, colI, colA);
  }
}

/** out[i] = the grid's row k0 / w (k0 = its first node) and the next, mixed b of the way. */
function lerpRows(out: Float32Array, d: Float32Array, k0: number, w: number, b: number): void {
  for (let i = 0, k = k0; i < w; i++, k++) out[i] = d[k]! * (1 - b) + d[k + w]! * b;
}

/** One row of multiplyByFields, from word p on (module functions: V8 optimises them once, not the page-level loop on each call). */
function multiplyRow(words: Int32Array, p: number, width: number, rowR: Float32Array, rowG: Float32Array, rowB: Float32Array, colI: Int32Array, colA: Float64Array): void {
  for (let col = 0; col < width; col++, p++) {
    const i = colI[col]!, a = colA[col]!;
    const w = words[p]!;
    const gr = rowR[i]! + (rowR[i + 1]! - rowR[i]!) * a;
    const gg = rowG[i]! + (rowG[i + 1]! - rowG[i]!) * a;
    const gb = rowB[i]! + (rowB[i + 1]! - rowB[i]!) * a;
    const r = Math.min(255, (w & 255) * gr + 0.5) | 0;
    const g = Math.min(255, ((w >> 8) & 255) * gg + 0.5) | 0;
    const bl = Math.min(255, ((w >> 16) & 255) * gb + 0.5) | 0;
    words[p] = r | (g << 8) | (bl << 16) | (w & 0xff000000);
  }
}

/** multiplyRow with one gain for all three channels. */
function multiplyRowGrey(words: Int32Array, p: number, width: number, rowR: Float32Array, colI: Int32Array, colA: Float64Array): void {
  for (let col = 0; col < width; col++, p++) {
    const i = colI[col]!, a = colA[col]!;
    const w = words[p]!;
    const gr = rowR[i]! + (rowR[i + 1]! - rowR[i]!) * a;
    const r = Math.min(255, (w & 255) * gr + 0.5) | 0;
    const g = Math.min(255, ((w >> 8) & 255) * gr + 0.5) | 0;
    const bl = Math.min(255, ((w >> 16) & 255) * gr + 0.5) | 0;
    words[p] = r | (g << 8) | (bl << 16) | (w & 0xff000000);
  }
}
