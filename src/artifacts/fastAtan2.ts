/**
 * Math.atan2(y, x) to within 2e-5 rad (a minimax polynomial for atan on [0, 1] and octant
 * symmetry), several times faster per call: for per-pixel angles that only pick a table entry
 * (the stains' radius per degree). Returns 0 at the origin; -0 and +0 are not told apart.
 */
export function fastAtan2(y: number, x: number): number {
  const ax = x < 0 ? -x : x, ay = y < 0 ? -y : y;
  const big = ax > ay ? ax : ay;
  if (big === 0) return 0;
  const t = (ax > ay ? ay : ax) / big, s = t * t;
  let a = ((((0.0208351 * s - 0.085133) * s + 0.180141) * s - 0.3302995) * s + 0.999866) * t;
  if (ay > ax) a = Math.PI / 2 - a;
  if (x < 0) a = Math.PI - a;
  return y < 0 ? -a : a;
}
