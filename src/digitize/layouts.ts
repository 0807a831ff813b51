/** One lead shown on a page: which trace row, which part of the record, which column. */
export interface LayoutCell {
  lead: string;
  row: number;
  col: number;
  /** Share of the record's time span where the cell starts and ends (0-1). */
  from: number;
  to: number;
  /** Share of the row's width where the cell starts on paper. Default `from` (columns show successive windows). */
  xFrom?: number;
}

/** Where a cell starts along its row, as a share of the row's width. */
export function cellX(cell: LayoutCell): number {
  return cell.xFrom ?? cell.from;
}

export interface PageLayout {
  name: string;
  rows: number;
  cells: LayoutCell[];
}

const STANDARD = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"];
/** Rhythm strips below a 3x4 grid, in the order printers put them. */
const STRIPS = ["II", "V1", "V5"];

/** 3 rows of 4 columns (I aVR V1 V4 / II aVL V2 V5 / III aVF V3 V6) plus `strips` 10 s strips. */
function grid3x4(strips: number): PageLayout {
  const cells: LayoutCell[] = [];
  const order = [
    ["I", "aVR", "V1", "V4"],
    ["II", "aVL", "V2", "V5"],
    ["III", "aVF", "V3", "V6"],
  ];
  order.forEach((leads, row) => leads.forEach((lead, col) => cells.push({ lead, row, col, from: col / 4, to: (col + 1) / 4 })));
  for (let s = 0; s < strips; s++) cells.push({ lead: STRIPS[s]!, row: 3 + s, col: 0, from: 0, to: 1 });
  return { name: strips ? `3x4+${strips}` : "3x4", rows: 3 + strips, cells };
}

/**
 * I-aVF in the left column, V1-V6 in the right: sequentially (0-5 s, 5-10 s) or simultaneously
 * (both columns 0-5 s).
 */
function grid6x2(simultaneous: boolean): PageLayout {
  const cells: LayoutCell[] = [];
  for (let row = 0; row < 6; row++) {
    cells.push({ lead: STANDARD[row]!, row, col: 0, from: 0, to: 0.5 });
    cells.push({ lead: STANDARD[row + 6]!, row, col: 1, from: simultaneous ? 0 : 0.5, to: simultaneous ? 0.5 : 1, xFrom: 0.5 });
  }
  return { name: simultaneous ? "6x2-simultaneous" : "6x2", rows: 6, cells };
}

/** `rows` full-length strips in standard lead order (12x1, 2x1, ...). */
function strips(rows: number): PageLayout {
  return { name: `${rows}x1`, rows, cells: Array.from({ length: rows }, (_, row) => ({ lead: STANDARD[row % 12]!, row, col: 0, from: 0, to: 1 })) };
}

/** The layout called `name` (3x4, 3x4+1..3, 6x2, 6x2-simultaneous, Nx1 for N = 1..12). */
export function layoutByName(name: string): PageLayout | undefined {
  if (name === "6x2") return grid6x2(false);
  if (name === "6x2-simultaneous") return grid6x2(true);
  const n = /^(\d+)x1$/.exec(name);
  if (n && Number(n[1]) >= 1 && Number(n[1]) <= 12) return strips(Number(n[1]));
  const m = /^3x4(?:\+([0-3]))?$/.exec(name);
  return m ? grid3x4(Number(m[1] ?? 0)) : undefined;
}

/**
 * The layout that fits a page with `rows` trace rows. Six rows are 6x2 unless the top rows show
 * separators at a quarter and three quarters of their width (then 3x4 with three strips).
 */
export function layoutForRows(rows: number, quarterSeparators: boolean): PageLayout | undefined {
  if (rows >= 3 && rows <= 5) return grid3x4(rows - 3);
  if (rows === 6) return quarterSeparators ? grid3x4(3) : grid6x2(false);
  if (rows === 12 || rows === 1 || rows === 2) return strips(rows);
  return undefined;
}
