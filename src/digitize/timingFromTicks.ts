import type { SeparatorTick } from "./findSeparatorTicks.js";

export interface TickTiming {
  /** Column (px) where the record's time span starts on the page, and the span's width (px), from the line through the ticks. */
  x0: number;
  pageWidthPx: number;
  /** Rms distance of the tick centres from that line, mm. */
  residualMm: number;
  /** Ticks used. */
  ticks: number;
}

/**
 * Separator ticks stand at known shares of the record's span (a 3x4 page's at 1/4, 1/2, 3/4):
 * the least-squares line through their centres against those shares gives where the span starts
 * and how wide it is, independently of where the traces end (clipped, curled or blurred page
 * edges). `rows[i]` lists row i's borders: predicted column (px) and share of the span. Each tick
 * is matched to its row's nearest border; null with fewer than 2 ticks or a single share.
 */
export function timingFromTicks(ticks: SeparatorTick[], rows: { x: number; share: number }[][], pxPerMmX: number): TickTiming | null {
  const pts: [number, number][] = [];
  for (const t of ticks) {
    const borders = rows[t.row] ?? [];
    if (!borders.length) continue;
    const c = (t.left + t.right + 1) / 2;
    const near = borders.reduce((a, b) => (Math.abs(b.x - c) < Math.abs(a.x - c) ? b : a));
    pts.push([near.share, c]);
  }
  const n = pts.length;
  if (n < 2) return null;
  const ms = pts.reduce((a, p) => a + p[0], 0) / n, mc = pts.reduce((a, p) => a + p[1], 0) / n;
  const sss = pts.reduce((a, p) => a + (p[0] - ms) ** 2, 0);
  if (!(sss > 1e-9)) return null;
  const width = pts.reduce((a, p) => a + (p[0] - ms) * (p[1] - mc), 0) / sss;
  const x0 = mc - width * ms;
  const residualMm = Math.sqrt(pts.reduce((a, p) => a + (p[1] - (x0 + width * p[0])) ** 2, 0) / n) / pxPerMmX;
  return { x0, pageWidthPx: width, residualMm, ticks: n };
}
