/**
 * Clears lead-separator ticks from a mask in place: near each border column, vertical ink runs at
 * least `minHeightPx` tall whose top and bottom repeat (within 1 px) in the next column, as a
 * ruled bar does and a slanted trace stroke does not. Returns the columns touched.
 */
export function removeSeparatorTicks(
  mask: Uint8Array,
  width: number,
  top: number,
  bottom: number,
  borders: number[],
  searchPx: number,
  minHeightPx: number,
): number {
  const runsOf = (c: number): [number, number][] => {
    const runs: [number, number][] = [];
    let start = -1;
    for (let r = top; r <= bottom; r++) {
      const on = r < bottom && mask[r * width + c] === 1;
      if (on && start < 0) start = r;
      if (!on && start >= 0) {
        if (r - start >= minHeightPx) runs.push([start, r - 1]);
        start = -1;
      }
    }
    return runs;
  };
  let touched = 0;
  for (const b of borders) {
    const c0 = Math.max(0, Math.floor(b - searchPx));
    const c1 = Math.min(width - 2, Math.ceil(b + searchPx));
    const clear: [number, number, number][] = [];
    for (let c = c0; c <= c1; c++) {
      const here = runsOf(c);
      const next = runsOf(c + 1);
      for (const [t, e] of here) {
        if (next.some(([t2, e2]) => Math.abs(t2 - t) <= 1 && Math.abs(e2 - e) <= 1)) clear.push([c, t, e], [c + 1, t, e]);
      }
    }
    for (const [c, t, e] of clear) {
      for (let r = t; r <= e; r++) mask[r * width + c] = 0;
      touched++;
    }
  }
  return touched;
}
