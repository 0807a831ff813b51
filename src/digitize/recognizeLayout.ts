import { cellX, layoutByName, type LayoutCell, type PageLayout } from "./layouts.js";
import { levelBetween, type RowTrace } from "./traceRow.js";

export interface RecognizeLayoutInput {
  /** Trace ink mask (1 = ink), width x height. */
  mask: Uint8Array;
  width: number;
  height: number;
  /** One traced path per row, top to bottom. */
  traces: RowTrace[];
  /** 0 mV row (px) of each trace row. */
  baselines: number[];
  /** Column (px) where the record's time span starts on paper, and the span's length (px). */
  x0: number;
  pageWidthPx: number;
  pxPerMmX: number;
  pxPerMmY: number;
  paperSpeedMmPerS: number;
  /** Rows where a calibration pulse was found. */
  pulseRows: boolean[];
  /** The layout the number of rows suggests (kept unless the evidence says otherwise). */
  byRowCount: PageLayout;
}

/** What one trace row shows at the positions where standard layouts put column borders. */
export interface RowEvidence {
  /** Share of the positions 1/4 and 3/4 of the row's span with a separator tick or a lead label. */
  quarters: number;
  /** 1 when the middle of the row has a tick or a label. */
  half: number;
  /** The same share at eight positions no standard layout uses: the chance rate of false marks. */
  control: number;
  /** Ticks and labels seen at 1/4, 1/2, 3/4 ("T" tick, "L" label, "-" none). */
  marks: string;
  pulse: boolean;
  /** Share of the record's span the traced row covers. */
  spanShare: number;
}

export interface LayoutEvidence {
  rows: RowEvidence[];
  /** For two-column pages: QRS-like activity peaks per column and how many line up across columns. */
  columnTiming?: { beatsLeft: number; beatsRight: number; matched: number; simultaneous: boolean };
  /** Rhythm strips: the grid cell each one repeats best (correlation of the traced paths over the cell's window). */
  strips?: { row: number; lead: string; correlation: number; usualLeadCorrelation: number }[];
  /** How the layout was chosen, in words. */
  basis: string;
  /** Layouts the evidence does not rule out. */
  alternatives: string[];
}

export interface RecognizedLayout {
  layout: PageLayout;
  evidence: LayoutEvidence;
  warnings: string[];
}

const QUARTERS = [0.25, 0.75];
const CONTROLS = [0.125, 0.1875, 0.3125, 0.375, 0.625, 0.6875, 0.8125, 0.875];
/** A row shows separators at a set of positions when at least this share of them is marked ... */
const MARKED = 0.75;
/** ... and this much more often than at the control positions. */
const ABOVE_CHANCE = 0.3;

function hasInk(mask: Uint8Array, width: number, height: number, c0: number, c1: number, r0: number, r1: number): boolean {
  for (let c = Math.max(0, c0); c <= Math.min(width - 1, c1); c++) {
    for (let r = Math.max(0, Math.round(r0)); r <= Math.min(height - 1, Math.round(r1)); r++) if (mask[r * width + c]) return true;
  }
  return false;
}

/**
 * Marks at column x of a row. A tick: a narrow (<= 1.2 mm) vertical bar, whole or dashed, with ink
 * 1.2-4 mm both above and below the trace, which continues near its local level on both sides
 * of it (a QRS stroke through the baseline comes from high and leaves low). A label: at least 1.5 mm^2
 * of ink off the traced path within 10 mm right of x, above or below the trace (the lead name).
 */
function marksAt(inp: RecognizeLayoutInput, row: number, x: number): { tick: boolean; label: boolean } {
  const { mask, width, height, pxPerMmX: mx, pxPerMmY: my } = inp;
  const tr = inp.traces[row]!;
  const base = inp.baselines[row]!;
  const near = levelBetween(tr, x - 5 * mx, x + 5 * mx);
  const y = Number.isFinite(near) ? near : base;
  const spacing = Math.min(
    row > 0 ? base - inp.baselines[row - 1]! : Infinity,
    row + 1 < inp.baselines.length ? inp.baselines[row + 1]! - base : Infinity,
  );
  const reach = Math.min(10 * my, Number.isFinite(spacing) ? 0.5 * spacing : 10 * my);
  const tickReach = Math.min(4 * my, reach);
  const half = Math.max(1, Math.round(0.15 * mx));
  let tick = false;
  if (tickReach > 1.6 * my) {
    const c0 = Math.round(x - 1.5 * mx);
    const c1 = Math.round(x + 1.5 * mx);
    const both = (c: number) =>
      hasInk(mask, width, height, c - half, c + half, y - tickReach, y - 1.2 * my) && hasInk(mask, width, height, c - half, c + half, y + 1.2 * my, y + tickReach);
    for (let c = c0; c <= c1 && !tick; c++) {
      if (!both(c)) continue;
      let cb = c;
      while (cb + 1 <= c1 + mx && both(cb + 1)) cb++;
      if (cb - c + 1 <= 1.2 * mx) {
        const left = levelBetween(tr, c - half - 0.8 * mx, c - half - 0.3 * mx);
        const right = levelBetween(tr, cb + half + 0.3 * mx, cb + half + 0.8 * mx);
        // The leads either side of a border differ, but rarely by more than 0.4 mV.
        tick = Math.abs(left - right) <= 4 * my && Math.abs((left + right) / 2 - y) <= my;
      }
      c = cb;
    }
  }
  let off = 0;
  for (let c = Math.max(0, Math.round(x + 0.3 * mx)); c < Math.min(width, Math.round(x + 10 * mx)); c++) {
    const i = c - tr.left;
    const top = Number.isFinite(tr.runTop[i] ?? NaN) ? tr.runTop[i]! - my : y - 2 * my;
    const bottom = Number.isFinite(tr.runBottom[i] ?? NaN) ? tr.runBottom[i]! + my : y + 2 * my;
    for (let r = Math.max(0, Math.round(y - reach)); r <= Math.min(height - 1, Math.round(y + reach)); r++) {
      if (mask[r * width + c] && (r < top || r > bottom) && Math.abs(r - y) >= 2 * my) off++;
    }
  }
  return { tick, label: off >= 1.5 * mx * my };
}

function rowEvidence(inp: RecognizeLayoutInput, row: number): RowEvidence {
  const at = (f: number) => marksAt(inp, row, inp.x0 + f * inp.pageWidthPx);
  const marked = (f: number) => {
    const m = at(f);
    return m.tick || m.label ? 1 : 0;
  };
  const shown = [0.25, 0.5, 0.75].map(at);
  const tr = inp.traces[row]!;
  let covered = 0;
  for (let i = 0; i < tr.centre.length; i++) {
    const x = tr.left + i;
    if (x >= inp.x0 && x < inp.x0 + inp.pageWidthPx && Number.isFinite(tr.centre[i]!)) covered++;
  }
  return {
    quarters: QUARTERS.reduce((s, f) => s + marked(f), 0) / QUARTERS.length,
    half: shown[1]!.tick || shown[1]!.label ? 1 : 0,
    control: CONTROLS.reduce((s, f) => s + marked(f), 0) / CONTROLS.length,
    marks: shown.map((m) => (m.tick ? "T" : "") + (m.label ? "L" : "") || "-").join(" "),
    pulse: inp.pulseRows[row] ?? false,
    spanShare: Number((covered / Math.max(1, inp.pageWidthPx)).toFixed(3)),
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Summed, per-row normalised slope of the traced paths over [xa, xa + len): QRS complexes stand out. */
function columnActivity(traces: RowTrace[], xa: number, len: number, edgePx: number, smoothPx: number): Float64Array {
  const sum = new Float64Array(len);
  for (const tr of traces) {
    const a = new Float64Array(len);
    let max = 0;
    for (let u = edgePx; u < len - edgePx; u++) {
      const i = Math.round(xa + u) - tr.left;
      const d = Math.abs((tr.centre[i + 1] ?? NaN) - (tr.centre[i - 1] ?? NaN));
      a[u] = Number.isFinite(d) ? d : 0;
      max = Math.max(max, a[u]!);
    }
    if (max > 0) for (let u = 0; u < len; u++) sum[u]! += a[u]! / max;
  }
  const out = new Float64Array(len);
  const h = Math.max(1, Math.round(smoothPx / 2));
  for (let u = 0; u < len; u++) {
    let s = 0;
    for (let k = Math.max(0, u - h); k <= Math.min(len - 1, u + h); k++) s += sum[k]!;
    out[u] = s;
  }
  return out;
}

/** Prominent activity peaks (beats) at least `minGapPx` apart; none when activity is not sparse (no QRS-like peaks). */
function beats(act: Float64Array, minGapPx: number, edgePx: number): number[] {
  const max = Math.max(0, ...act);
  if (!(max > 0) || mean([...act]) / max > 0.3) return [];
  const cand: number[] = [];
  for (let u = Math.max(1, edgePx); u < act.length - Math.max(1, edgePx); u++) {
    if (act[u]! >= 0.35 * max && act[u]! >= act[u - 1]! && act[u]! > act[u + 1]!) cand.push(u);
  }
  cand.sort((a, b) => act[b]! - act[a]!);
  const kept: number[] = [];
  for (const u of cand) if (kept.every((k) => Math.abs(k - u) >= minGapPx)) kept.push(u);
  return kept.sort((a, b) => a - b);
}

/**
 * Two-column pages print the right column either after the left (0-5 s, 5-10 s) or beside it over
 * the same 5 s. Leads of one column share a window, so their QRS complexes line up down the
 * column; when the right column's complexes also line up with the left's (within 60 ms, at least
 * 70 % of at least 3 beats), both show the same window.
 */
function columnTiming(inp: RecognizeLayoutInput): NonNullable<LayoutEvidence["columnTiming"]> {
  const pxPerS = inp.paperSpeedMmPerS * inp.pxPerMmX;
  const len = Math.floor(inp.pageWidthPx / 2);
  const edge = Math.round(1.5 * inp.pxPerMmX);
  const smooth = 0.02 * pxPerS;
  const left = beats(columnActivity(inp.traces, inp.x0, len, edge, smooth), 0.25 * pxPerS, Math.round(0.08 * pxPerS));
  const right = beats(columnActivity(inp.traces, inp.x0 + len, len, edge, smooth), 0.25 * pxPerS, Math.round(0.08 * pxPerS));
  const tol = 0.06 * pxPerS;
  const matched = left.filter((u) => right.some((v) => Math.abs(u - v) <= tol)).length;
  const most = Math.max(left.length, right.length);
  return { beatsLeft: left.length, beatsRight: right.length, matched, simultaneous: left.length >= 3 && right.length >= 3 && matched >= 0.7 * most };
}

/**
 * Pearson correlation of two traced paths' slopes over image columns [a, b) (NaN with under half
 * the columns in both). Slopes, not levels: leads of one window share their QRS timing, so their
 * levels correlate highly anyway; the same lead also repeats the fine detail.
 */
function pathCorrelation(p: RowTrace, q: RowTrace, a: number, b: number): number {
  let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  const slope = (t: RowTrace, c: number) => (t.centre[c - t.left] ?? NaN) - (t.centre[c - 1 - t.left] ?? NaN);
  for (let c = Math.ceil(a) + 1; c < b; c++) {
    const x = slope(p, c);
    const y = slope(q, c);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    n++, (sx += x), (sy += y), (sxx += x * x), (syy += y * y), (sxy += x * y);
  }
  if (n < 0.5 * (b - a) || n < 10) return NaN;
  const den = Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
  return den > 0 ? (sxy - (sx * sy) / n) / den : NaN;
}

/**
 * A rhythm strip repeats one lead over the whole record, so over each 3x4 cell's window it matches
 * the cell of the same lead (same time, same paper position). A strip is named after the cell it
 * matches best (slope correlation >= 0.95) when the printers' usual lead for it (II, V1, V5 in
 * that order) does not match (< 0.9); near-copies of the usual lead (aVF ~ II) stay unresolved.
 */
function nameStrips(inp: RecognizeLayoutInput, layout: PageLayout): { layout: PageLayout; strips: NonNullable<LayoutEvidence["strips"]> } {
  const grid = layout.cells.filter((c) => !isStrip(c));
  const strips: NonNullable<LayoutEvidence["strips"]> = [];
  const cells = layout.cells.map((c) => ({ ...c }));
  const margin = 1.5 * inp.pxPerMmX;
  for (const strip of cells.filter((c) => isStrip(c) && c.row < inp.traces.length)) {
    const byLead = new Map<string, number>();
    for (const cell of grid) {
      if (cell.row >= inp.traces.length) continue;
      const a = inp.x0 + cellX(cell) * inp.pageWidthPx + margin;
      const b = inp.x0 + (cellX(cell) + cell.to - cell.from) * inp.pageWidthPx - margin;
      const r = pathCorrelation(inp.traces[strip.row]!, inp.traces[cell.row]!, a, b);
      if (Number.isFinite(r)) byLead.set(cell.lead, Math.max(byLead.get(cell.lead) ?? -1, r));
    }
    const ranked = [...byLead.entries()].sort((x, y) => y[1] - x[1]);
    const best = ranked[0];
    if (!best) continue;
    // Leads can be near copies of each other (aVF ~ II when I is small, slope correlation 0.97):
    // the usual lead stays unless it clearly does not match and another lead does.
    const usual = byLead.get(strip.lead) ?? -1;
    if (usual < 0.9 && best[1] >= 0.95) strip.lead = best[0];
    strips.push({ row: strip.row, lead: strip.lead, correlation: Number(best[1].toFixed(3)), usualLeadCorrelation: Number(usual.toFixed(3)) });
  }
  const names = cells.filter(isStrip).map((c) => c.lead);
  return { layout: { ...layout, name: layout.name, cells }, strips: names.length ? strips : [] };
}

/** A 3x4 layout whose grid rows start at trace row `start` and whose strips are the trace rows `stripRows`, on a page of `rows` trace rows. */
function placeGrid(name: string, start: number, stripRows: number[], rows: number): PageLayout {
  const base = layoutByName(name)!;
  const cells = base.cells.map((c) => ({ ...c, row: c.row < 3 ? start + c.row : stripRows[c.row - 3]! }));
  return { name, rows, cells };
}

const isStrip = (c: LayoutCell) => c.from === 0 && c.to === 1;

/**
 * Chooses the page layout from what the rows show, beyond their number: separator ticks and lead
 * labels at a quarter, half and three quarters of the span (3x4 rows have all three, 6x2 rows
 * the middle one, rhythm strips and 12x1 rows none), checked against positions no layout uses;
 * and for 6x2 whether the two columns show the same window (QRS complexes aligned across them).
 * Without such evidence the row-count layout stays, and the report says so.
 */
export function recognizeLayout(inp: RecognizeLayoutInput): RecognizedLayout {
  const rows = inp.baselines.map((_, i) => rowEvidence(inp, i));
  const warnings: string[] = [];
  const n = rows.length;
  // Chance marks (QRS complexes look like ticks) are counted over all rows: a row's own eight
  // control positions are too few.
  const chance = mean(rows.map((r) => r.control));
  const showsQuarters = (r: RowEvidence) => r.quarters >= MARKED && r.quarters >= chance + ABOVE_CHANCE;
  const showsHalf = (r: RowEvidence) => r.half >= MARKED && r.half >= chance + ABOVE_CHANCE;
  let layout = inp.byRowCount;
  let basis = `${n} trace rows`;
  const alternatives: string[] = [];
  let timing: LayoutEvidence["columnTiming"];
  // The 3x4 block: three consecutive rows marked at both quarters (at least two of them); rows
  // above it are header text, full-length rows below it rhythm strips (at most one of them marked
  // at the quarters by chance, else the page is no 3x4).
  let block = { start: -1, count: 0 };
  if (n >= 3 && n <= 6) {
    for (let st = 0; st + 3 <= n; st++) {
      const count = rows.slice(st, st + 3).filter(showsQuarters).length;
      if (count > block.count) block = { start: st, count };
    }
  }
  const below = block.start >= 0 ? rows.map((r, i) => ({ r, i })).filter(({ i }) => i >= block.start + 3) : [];
  const stripRows = below.filter(({ r }) => r.spanShare >= 0.8).map(({ i }) => i).slice(0, 3);
  if (block.count >= 2 && below.filter(({ r }) => showsQuarters(r)).length <= 1) {
    layout = placeGrid(stripRows.length ? `3x4+${stripRows.length}` : "3x4", block.start, stripRows, n);
    basis = `${n} rows; ${block.count} of rows ${block.start + 1}-${block.start + 3} show separators or labels at 1/4 and 3/4 of their span: 3x4 with ${stripRows.length} rhythm strip(s)`;
    const ignored = rows.map((_, i) => i).filter((i) => (i < block.start || i >= block.start + 3) && !stripRows.includes(i));
    if (ignored.length) {
      basis += `; row(s) ${ignored.map((i) => i + 1).join(", ")} neither grid nor full-length strip, ignored`;
      warnings.push(`trace row(s) ${ignored.map((i) => i + 1).join(", ")} fit no lead of the 3x4 layout found (text or a partial strip); ignored`);
    }
  } else if (n === 6) {
    const halves = rows.filter(showsHalf).length;
    timing = columnTiming(inp);
    layout = layoutByName(timing.simultaneous ? "6x2-simultaneous" : "6x2")!;
    basis =
      `6 rows, ${halves} with a separator or label at mid-span: 6x2; ` +
      (timing.simultaneous
        ? `${timing.matched} of ${Math.max(timing.beatsLeft, timing.beatsRight)} QRS complexes line up across the columns: both columns show the same 5 s`
        : `QRS complexes do not line up across the columns (${timing.matched} of ${Math.max(timing.beatsLeft, timing.beatsRight)}): read as 0-5 s and 5-10 s, the default`);
    alternatives.push(timing.simultaneous ? "6x2" : "6x2-simultaneous");
    if (halves < 3) warnings.push(`6 trace rows but only ${halves} show a column border at mid-span; read as 6x2 (use --layout to override)`);
  } else if (n >= 3 && n <= 5) {
    basis = `${n} rows: 3x4 with ${n - 3} rhythm strip(s) (from the row count only: no separators found)`;
    warnings.push(`no column separators or labels found at 1/4 and 3/4 of the top rows; layout ${layout.name} assumed from the row count`);
    alternatives.push(`${n}x1`);
  } else if (n === 12 || n <= 2) {
    const marked = rows.filter((r) => showsQuarters(r) || showsHalf(r)).length;
    basis = `${n} full-length rows`;
    if (marked > n / 2) warnings.push(`${marked} of ${n} rows show column borders, which a ${layout.name} page has not; check the layout`);
  }
  let strips: LayoutEvidence["strips"];
  if (layout.name.startsWith("3x4+")) {
    const named = nameStrips(inp, layout);
    layout = named.layout;
    strips = named.strips;
    const defaults = layoutByName(layout.name)!.cells.filter(isStrip).map((c) => c.lead);
    const found = layout.cells.filter(isStrip).map((c) => c.lead);
    if (found.join() !== defaults.join()) basis += `; rhythm strips match ${found.join(", ")} (not the usual ${defaults.join(", ")})`;
  }
  return { layout, evidence: { rows, columnTiming: timing, strips, basis, alternatives }, warnings };
}
