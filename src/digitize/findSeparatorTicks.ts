export interface SeparatorTickRow {
  /** Lead borders in this row: column (px) and the trace level there (px), where a tick crosses the trace. */
  borders: { x: number; level: number }[];
}

export interface FindSeparatorTicksOptions {
  /** Pixels per mm along x and y (no default: from the grid). */
  pxPerMmX: number;
  pxPerMmY: number;
  /** Half-width of the search window about each border, mm. Default 1.5. */
  searchMm?: number;
}

export interface SeparatorTick {
  /** Index of the row in the `rows` given. */
  row: number;
  /** Columns [left, right] (px, inclusive) and rows [top, bottom] of the bar. */
  left: number;
  right: number;
  top: number;
  bottom: number;
  /**
   * Side of the bar where ink beside it, past its ends, suggests a lead label (within 8 mm right of
   * it, at least 1.5 mm^2 and twice the other side's): ink sticking out of the bar on that side may
   * be the label, not a complex's tip.
   */
  labelSide?: "above" | "below";
}

/** Continuous ink through `y` in column c (allowing a 1 px break): [top, bottom], or undefined. */
function barAt(mask: Uint8Array, width: number, height: number, c: number, y: number, slackPx: number): [number, number] | undefined {
  let start = -1;
  for (let d = 0; d <= slackPx && start < 0; d++) {
    if (y - d >= 0 && mask[(y - d) * width + c]) start = y - d;
    else if (y + d < height && mask[(y + d) * width + c]) start = y + d;
  }
  if (start < 0) return undefined;
  const on = (r: number) => r >= 0 && r < height && mask[r * width + c] === 1;
  let top = start;
  while (on(top - 1) || on(top - 2)) top -= on(top - 1) ? 1 : 2;
  let bottom = start;
  while (on(bottom + 1) || on(bottom + 2)) bottom += on(bottom + 1) ? 1 : 2;
  return [top, bottom];
}

function labelSide(mask: Uint8Array, width: number, height: number, t: SeparatorTick, mx: number, my: number): "above" | "below" | undefined {
  let above = 0;
  let below = 0;
  for (let c = t.right + 1; c <= Math.min(width - 1, t.right + Math.round(8 * mx)); c++) {
    for (let r = Math.max(0, Math.round(t.top - 5 * my)); r < t.top; r++) above += mask[r * width + c]!;
    for (let r = t.bottom + 1; r <= Math.min(height - 1, Math.round(t.bottom + 5 * my)); r++) below += mask[r * width + c]!;
  }
  const min = 1.5 * mx * my;
  if (above >= min && above >= 2 * below) return "above";
  if (below >= min && below >= 2 * above) return "below";
  return undefined;
}

/**
 * Finds the separator ticks printed at lead borders in a trace mask. A tick is a
 * narrow bar (<= 1.2 mm) across the trace whose columns all share one vertical extent (at least
 * 1.2 mm above and below the trace): its edges are exactly vertical. A QRS complex printed on the
 * border merges with the bar but only lengthens its columns, so the bar's extent is taken from
 * the columns where it stands alone, it is widened over the merged columns to the page's usual
 * tick width; only the ink within that extent is the tick's (the complex's tips above and below
 * it are trace). Only positions at the given borders are searched: lead labels, "III"'s strokes
 * and pulse edges elsewhere are never taken for ticks.
 */
export function findSeparatorTicks(mask: Uint8Array, width: number, height: number, rows: SeparatorTickRow[], opts: FindSeparatorTicksOptions): SeparatorTick[] {
  const mx = opts.pxPerMmX;
  const my = opts.pxPerMmY;
  const maxW = Math.max(2, Math.round(1.2 * mx));
  const reach = opts.searchMm ?? 1.5;
  type Found = { row: number; border: number; y: number; bars: ([number, number] | undefined)[]; c0: number; pure: [number, number]; ext: [number, number] };
  const found: Found[] = [];
  rows.forEach((row, ri) => {
    for (const { x, level } of row.borders) {
      const y = Math.round(level);
      const c0 = Math.max(0, Math.round(x - reach * mx));
      const c1 = Math.min(width - 1, Math.round(x + reach * mx));
      const bars: ([number, number] | undefined)[] = [];
      for (let c = c0; c <= c1; c++) {
        const b = barAt(mask, width, height, c, y, Math.max(1, Math.round(0.5 * my)));
        bars.push(b && b[0] <= y - 1.2 * my && b[1] >= y + 1.2 * my ? b : undefined);
      }
      // The most common exact extent among bar columns, and its contiguous run nearest the border.
      const counts = new Map<string, number>();
      for (const b of bars) if (b) counts.set(`${b[0]},${b[1]}`, (counts.get(`${b[0]},${b[1]}`) ?? 0) + 1);
      let bestKey = "";
      let bestN = 0;
      for (const [k, n] of counts) if (n > bestN) (bestKey = k), (bestN = n);
      if (bestN < 2 || bestN > maxW) continue;
      const ext = bestKey.split(",").map(Number) as [number, number];
      const same = (b: [number, number] | undefined) => !!b && Math.abs(b[0] - ext[0]) <= 1 && Math.abs(b[1] - ext[1]) <= 1;
      let a = -1;
      let e = -1;
      for (let i = 0; i < bars.length; i++) {
        if (!same(bars[i])) continue;
        let j = i;
        while (j + 1 < bars.length && same(bars[j + 1])) j++;
        const dist = Math.abs((c0 + (i + j) / 2 + 0.5) - x);
        if (a < 0 || dist < Math.abs((c0 + (a + e) / 2 + 0.5) - x)) (a = i), (e = j);
        i = j;
      }
      if (a < 0 || e - a + 1 < 2) continue;
      found.push({ row: ri, border: x, y, bars, c0, pure: [a, e], ext });
    }
  });
  // Usual tick width: ticks standing alone (no bar column beside them).
  const alone = found.filter((f) => !f.bars[f.pure[0] - 1] && !f.bars[f.pure[1] + 1]).map((f) => f.pure[1] - f.pure[0] + 1).sort((p, q) => p - q);
  const usual = alone.length ? alone[Math.floor(alone.length / 2)]! : 0;
  const ticks: SeparatorTick[] = [];
  for (const f of found) {
    let [a, e] = f.pure;
    // Widen over columns where a complex merged with the bar (they reach at least its extent).
    const covers = (i: number) => {
      const b = f.bars[i];
      return !!b && b[0] <= f.ext[0] + 1 && b[1] >= f.ext[1] - 1;
    };
    while (e - a + 1 < usual) {
      const left = a > 0 && covers(a - 1);
      const right = e + 1 < f.bars.length && covers(e + 1);
      if (!left && !right) break;
      // Prefer the side that keeps the tick centred on the border.
      const centre = f.c0 + (a + e) / 2 + 0.5;
      if (left && (!right || centre >= f.border)) a--;
      else e++;
    }
    const tick: SeparatorTick = { row: f.row, left: f.c0 + a, right: f.c0 + e, top: f.ext[0], bottom: f.ext[1] };
    const side = labelSide(mask, width, height, tick, mx, my);
    if (side) tick.labelSide = side;
    ticks.push(tick);
  }
  return ticks;
}
