/**
 * Periods along x and y that differ by about 5x mean one axis locked onto minor and the other
 * onto major lines; keep the axis with the clearer peak and scale the other by 5.
 */
export function reconcileAxes(pxPerMmX: number, pxPerMmY: number, xIsClearer: boolean, warnings: string[]): [number, number] {
  const ratio = pxPerMmX / pxPerMmY;
  if (!(ratio > 3.5 || ratio < 1 / 3.5)) return [pxPerMmX, pxPerMmY];
  warnings.push(`grid periods along x and y disagreed by a factor of 5; kept the clearer axis (${xIsClearer ? "x" : "y"})`);
  if (xIsClearer) return [pxPerMmX, ratio > 1 ? pxPerMmY * 5 : pxPerMmY / 5];
  return [ratio > 1 ? pxPerMmX / 5 : pxPerMmX * 5, pxPerMmY];
}
