/**
 * Smooth functions of one variable from a table: cubic Hermite between knots 1/32 apart (values
 * and slopes at the knots). Math.tanh and Math.exp are library calls here (~25-35 ns each); these
 * are a few multiplications, for the grid nodes and pixels the paper steps evaluate them at.
 */
interface Table { y: Float64Array; hd: Float64Array; limit: number }
const STEPS = 32;

/** f and its slope at the knots k / STEPS, 0 <= k / STEPS <= limit (slopes times the knot spacing). */
function table(limit: number, f: (x: number) => number, slope: (x: number, y: number) => number): Table {
  const n = limit * STEPS + 2, y = new Float64Array(n), hd = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    y[k] = f(k / STEPS);
    hd[k] = slope(k / STEPS, y[k]!) / STEPS;
  }
  return { y, hd, limit };
}

/** The Hermite cubic at ax (0 <= ax < t.limit). */
function hermite(t: Table, ax: number): number {
  const u = ax * STEPS, k = u | 0, s = u - k, s2 = s * s, s3 = s2 * s;
  return (2 * s3 - 3 * s2 + 1) * t.y[k]! + (s3 - 2 * s2 + s) * t.hd[k]! + (3 * s2 - 2 * s3) * t.y[k + 1]! + (s3 - s2) * t.hd[k + 1]!;
}

// Beyond 10, tanh is within 5e-9 of 1; beyond 4.5, exp(-x^2) is below 2e-9.
const TANH = table(10, Math.tanh, (_x, y) => 1 - y * y);
const GAUSS = table(4.5, (x) => Math.exp(-x * x), (x, y) => -2 * x * y);
const POW26 = table(2, (x) => x ** 2.6, (x) => 2.6 * x ** 1.6);

/** Math.tanh(x) to within 2e-8 (odd symmetry, +-1 beyond |x| = 10). */
export function fastTanh(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax >= TANH.limit) return x < 0 ? -1 : 1;
  const y = hermite(TANH, ax);
  return x < 0 ? -y : y;
}

/** Math.exp(-x * x) to within 5e-8 (0 beyond |x| = 4.5). */
export function fastGauss(x: number): number {
  const ax = x < 0 ? -x : x;
  return ax >= GAUSS.limit ? 0 : hermite(GAUSS, ax);
}

/** x ** 2.6 for x >= 0, to within 1e-5 below x = 2 (Math.pow beyond): the vignette's falloff, (r^2)^1.3. */
export function fastPow26(x: number): number {
  return x < POW26.limit ? hermite(POW26, x) : x ** 2.6;
}
