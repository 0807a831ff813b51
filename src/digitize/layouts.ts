/** One lead shown on a page: which trace row, which part of the record, which column. */
export interface LayoutCell {
  lead: string;
  row: number;
  col: number;
  /** Share of the row's time span where the cell starts and ends (0-1). */
  from: number;
  to: number;
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

function grid6x2(): PageLayout {
  const cells: LayoutCell[] = [];
  for (let row = 0; row < 6; row++) {
    cells.push({ lead: STANDARD[row]!, row, col: 0, from: 0, to: 0.5 });
    cells.push({ lead: STANDARD[row + 6]!, row, col: 1, from: 0.5, to: 1 });
  }
  return { name: "6x2", rows: 6, cells };
}

function grid12x1(): PageLayout {
  return { name: "12x1", rows: 12, cells: STANDARD.map((lead, row) => ({ lead, row, col: 0, from: 0, to: 1 })) };
}

/** The layout called `name` (3x4, 3x4+1..3, 6x2, 12x1). */
export function layoutByName(name: string): PageLayout | undefined {
  if (name === "6x2") return grid6x2();
  if (name === "12x1") return grid12x1();
  const m = /^3x4(?:\+([0-3]))?$/.exec(name);
  return m ? grid3x4(Number(m[1] ?? 0)) : undefined;
}

/**
 * The layout that fits a page with `rows` trace rows. Six rows are 6x2 unless the top rows show
 * separators at a quarter and three quarters of their width (then 3x4 with three strips).
 */
export function layoutForRows(rows: number, quarterSeparators: boolean): PageLayout | undefined {
  if (rows >= 3 && rows <= 5) return grid3x4(rows - 3);
  if (rows === 6) return quarterSeparators ? grid3x4(3) : grid6x2();
  if (rows === 12) return grid12x1();
  return undefined;
}
