import { OptionError } from "../errors.js";
import { CABRERA_LEADS, STANDARD_LEADS, canonicalLeadName, findLeadSignal } from "./leads.js";

/** One trace on the page, in time units: what it shows and where it sits along its row. */
export interface LayoutCellSpec {
  /** Lead label; a leading "-" shows the signal inverted (Cabrera "-aVR"). */
  lead: string;
  /** Start of the shown window, s after the page's start time. */
  startS: number;
  /** Length of the shown window, s. */
  durationS: number;
  /** Position of the cell's left edge along the row, in s of paper from the row's trace start. Default: startS. */
  xS?: number;
}

/** Rows of cells, top to bottom. */
export interface LayoutSpec {
  name: string;
  rows: LayoutCellSpec[][];
}

export interface BuildLayoutOptions {
  /** "3x4", "6x2", "12x1", "2x1", any "RxC" (rows x columns, leads column by column), or "auto" (one row per signal). Default "3x4" when the record has the 12 standard leads, else "auto". */
  layout?: string;
  /** Full-length rhythm strips below the grid, 0 to 3 lead names. Default ["II"] for 3x4, none otherwise. */
  rhythmLeads?: string[];
  /** "sequential": column k shows the k-th window of the row (3x4 convention); "simultaneous": every column shows the same window. Default "sequential". */
  columnTiming?: "sequential" | "simultaneous";
  /** "standard" (I, II, III, aVR...) or "cabrera" (aVL, I, -aVR, II, aVF, III...). Default "standard". */
  leadOrder?: "standard" | "cabrera";
  /** Time shown by one full row, s. Default 10. */
  rowDurationS?: number;
}

/** Most cells a page may have: the trace mask keeps one bit per cell in 16 bits. */
export const MAX_CELLS = 16;

/** Builds a named layout for a record's signals; leads absent from the record are left out (with a warning). */
export function buildLayout(signalNames: readonly string[], options: BuildLayoutOptions = {}): { spec: LayoutSpec; warnings: string[] } {
  const warnings: string[] = [];
  const rowDurationS = options.rowDurationS ?? 10;
  const hasTwelve = STANDARD_LEADS.every((l) => findLeadSignal(signalNames, l));
  const name = (options.layout ?? (hasTwelve ? "3x4" : "auto")).toLowerCase();
  let leads: string[];
  if (hasTwelve) leads = [...(options.leadOrder === "cabrera" ? CABRERA_LEADS : STANDARD_LEADS)];
  else {
    leads = signalNames.map(canonicalLeadName);
    if (options.leadOrder === "cabrera") warnings.push("Cabrera order needs the 12 standard leads; record order used");
  }
  let nRows: number;
  let nCols: number;
  if (name === "auto") {
    nRows = leads.length;
    nCols = 1;
  } else {
    const m = /^(\d+)x(\d+)$/.exec(name);
    if (!m) throw new OptionError("layout", `expected 3x4, 6x2, 12x1, 2x1, RxC or auto, got "${options.layout}"`);
    nRows = Number(m[1]);
    nCols = Number(m[2]);
    if (nRows < 1 || nCols < 1 || nRows * nCols > MAX_CELLS) {
      throw new OptionError("layout", `rows x columns must be 1 to ${MAX_CELLS} cells, got "${options.layout}"`);
    }
  }
  const colS = rowDurationS / nCols;
  const simultaneous = options.columnTiming === "simultaneous";
  const rows: LayoutCellSpec[][] = [];
  for (let r = 0; r < nRows; r++) {
    const row: LayoutCellSpec[] = [];
    for (let c = 0; c < nCols; c++) {
      const lead = leads[c * nRows + r];
      if (lead === undefined) continue;
      row.push({ lead, startS: simultaneous ? 0 : c * colS, durationS: colS, xS: c * colS });
    }
    if (row.length) rows.push(row);
  }
  if (nRows * nCols < leads.length) warnings.push(`layout ${name} shows ${nRows * nCols} of ${leads.length} leads`);
  const rhythm = options.rhythmLeads ?? (name === "3x4" ? ["II"] : []);
  if (rhythm.length > 3) throw new OptionError("rhythm", `at most 3 rhythm strips, got ${rhythm.length}`);
  for (const lead of rhythm) {
    if (!findLeadSignal(signalNames, lead)) {
      warnings.push(`rhythm lead ${lead} is not in the record; strip left out`);
      continue;
    }
    rows.push([{ lead: canonicalLeadName(lead), startS: 0, durationS: rowDurationS, xS: 0 }]);
  }
  const cells = rows.reduce((n, r) => n + r.length, 0);
  if (cells > MAX_CELLS) throw new OptionError("layout", `at most ${MAX_CELLS} cells on a page, got ${cells}`);
  return { spec: { name: name + (rhythm.length ? `+${rhythm.length}` : ""), rows }, warnings };
}

/**
 * Reads a custom layout from parsed YAML/JSON: `{ rows: [[{ lead, start, duration, x? }, ...], ...] }`
 * with times in s (start relative to the page start, x the position along the row, default start).
 */
export function parseLayoutSpec(value: unknown, source = "layout"): LayoutSpec {
  const bad = (field: string, what: string): never => {
    throw new OptionError(`${source}: ${field}`, what);
  };
  if (typeof value !== "object" || value === null || !Array.isArray((value as { rows?: unknown }).rows)) {
    return bad("rows", "expected an object with a list `rows` of rows of cells");
  }
  const rowsIn = (value as { rows: unknown[] }).rows;
  const rows = rowsIn.map((row, r) => {
    if (!Array.isArray(row) || row.length === 0) return bad(`rows[${r}]`, "expected a non-empty list of cells");
    return row.map((cell: unknown, c): LayoutCellSpec => {
      const at = `rows[${r}][${c}]`;
      if (typeof cell !== "object" || cell === null) return bad(at, "expected { lead, start, duration }");
      const o = cell as Record<string, unknown>;
      if (typeof o.lead !== "string" || !o.lead.trim()) return bad(`${at}.lead`, "expected a lead name");
      const num = (k: string, min: number): number => {
        const v = o[k];
        if (typeof v !== "number" || !Number.isFinite(v) || v < min) return bad(`${at}.${k}`, `expected a number >= ${min} (s), got ${JSON.stringify(v)}`);
        return v;
      };
      const startS = num("start", 0);
      const durationS = num("duration", 0.1);
      const xS = o.x === undefined ? startS : num("x", 0);
      return { lead: canonicalLeadName(o.lead), startS, durationS, xS };
    });
  });
  const cells = rows.reduce((n, r) => n + r.length, 0);
  if (cells > MAX_CELLS) bad("rows", `at most ${MAX_CELLS} cells, got ${cells}`);
  const name = typeof (value as { name?: unknown }).name === "string" ? (value as { name: string }).name : "custom";
  return { name, rows };
}

/** Seconds of record one page covers: the latest cell end. */
export function layoutDurationS(spec: LayoutSpec): number {
  let end = 0;
  for (const row of spec.rows) for (const c of row) end = Math.max(end, c.startS + c.durationS);
  return end;
}

/** Seconds of paper one row needs: the rightmost cell edge. */
export function layoutWidthS(spec: LayoutSpec): number {
  let end = 0;
  for (const row of spec.rows) for (const c of row) end = Math.max(end, (c.xS ?? c.startS) + c.durationS);
  return end;
}
