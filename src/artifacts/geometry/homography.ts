/** A 3x3 projective map, row-major: x' = (h0 x + h1 y + h2) / (h6 x + h7 y + h8), y' likewise with h3..h5. */
export type Homography = [number, number, number, number, number, number, number, number, number];

/** Points as [x, y] here (screen order), unlike annotations. */
export type XY = [number, number];

/** The homography taking each of four source points to the matching target point. */
export function homographyFromPoints(source: readonly XY[], target: readonly XY[]): Homography {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = source[i];
    const [u, v] = target[i];
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  const h = solveLinear(a);
  return [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1];
}

export function applyHomography(h: Homography, x: number, y: number): XY {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
}

export function invertHomography(h: Homography): Homography {
  const [a, b, c, d, e, f, g, k, l] = h;
  const m: Homography = [e * l - f * k, c * k - b * l, b * f - c * e, f * g - d * l, a * l - c * g, c * d - a * f, d * k - e * g, b * g - a * k, a * e - b * d];
  const s = m[8];
  return m.map((v) => v / s) as Homography;
}

/** The product a * b (apply b, then a), scaled so its last entry is 1. */
export function multiplyHomographies(a: Homography, b: Homography): Homography {
  const out = new Array<number>(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out[i * 3 + j] = a[i * 3]! * b[j]! + a[i * 3 + 1]! * b[3 + j]! + a[i * 3 + 2]! * b[6 + j]!;
  const s = out[8]!;
  return out.map((v) => v / s) as Homography;
}

/** Gaussian elimination with partial pivoting on an augmented n x (n+1) matrix. */
function solveLinear(a: number[][]): number[] {
  const n = a.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) pivot = row;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col];
    if (Math.abs(p) < 1e-12) throw new Error("homographyFromPoints: degenerate points (three on a line)");
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = a[row][col] / p;
      if (factor === 0) continue;
      for (let k = col; k <= n; k++) a[row][k] -= factor * a[col][k];
    }
  }
  return a.map((row, i) => row[n] / row[i]);
}
