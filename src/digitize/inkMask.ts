import { darkGridMask } from "./darkGridMask.js";
import type { ImagePlanes } from "./imagePlanes.js";

export interface InkMaskOptions {
  /** Grid scale in px per mm, if known (sizes the dots dropped on a dark grid; default: 0.3 % of the shorter side per mm). */
  pxPerMm?: number;
}

/** Trace this little darker than the darkest grid line (darkness levels): tell them apart by position (darkGridMask). */
const DARK_GRID_CONTRAST = 32;

export interface InkMask {
  /** 1 where a pixel is taken as trace ink (or text), row-major. */
  mask: Uint8Array;
  /** Ink darkness (255 - max channel) of the darkest grid lines and of the trace core. */
  gridLevel: number;
  traceLevel: number;
  threshold: number;
  /** Share of pixels in the mask. */
  fraction: number;
  /** The grid is as dark as the trace: ink was told from grid lines by position (darkGridMask), not level. */
  darkGrid: boolean;
  /** With darkGrid: dark pixels of horizontal grid lines, where a flat trace may hide (darkGridMask). */
  hidden?: Uint8Array;
}

/** Quantile q (0-1, darkness ascending) of a 256-bin histogram slice. */
function histQuantile(h: Uint32Array, o: number, total: number, q: number): number {
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += h[o + v]!;
    if (acc >= q * total) return v;
  }
  return 255;
}

/**
 * Separates trace ink from grid and paper by darkness of the brightest channel: coloured grids
 * keep one bright channel, black/grey traces do not. The grid's own level is the largest median
 * over any pixel column or row (a grid line fills its column; the trace crosses it briefly), so
 * grey grids on black-and-white pages are kept out too; the threshold lies midway to the trace.
 * Rows take the level nine in ten of their pixels reach, so a level stretch of trace is not
 * mistaken for a grid line.
 */
export function inkMask(planes: ImagePlanes, options: InkMaskOptions = {}): InkMask {
  const { width: w, height: h, ink } = planes;
  const colHist = new Uint32Array(w * 256);
  const rowHist = new Uint32Array(h * 256);
  const all = new Uint32Array(256);
  for (let r = 0; r < h; r++) {
    const o = r * w;
    const ro = r * 256;
    for (let c = 0; c < w; c++) {
      const v = ink[o + c]!;
      colHist[c * 256 + v]!++;
      rowHist[ro + v]!++;
      all[v]!++;
    }
  }
  let gridLevel = 0;
  // Ignore the outermost 2 % (page borders, scanner edges).
  for (let c = Math.floor(w * 0.02); c < Math.ceil(w * 0.98); c++) gridLevel = Math.max(gridLevel, histQuantile(colHist, c * 256, h, 0.5));
  // A level trace can fill half a pixel row (a flat baseline between beats); a grid line fills nearly all of it.
  for (let r = Math.floor(h * 0.02); r < Math.ceil(h * 0.98); r++) gridLevel = Math.max(gridLevel, histQuantile(rowHist, r * 256, w, 0.1));
  // Trace core: the 80th percentile of everything clearly darker than the grid.
  let above = 0;
  for (let v = gridLevel + 16; v < 256; v++) above += all[v]!;
  let traceLevel = 255;
  if (above > 0) {
    for (let v = 255, acc = 0; v >= 0; v--) {
      acc += all[v]!;
      if (acc >= above * 0.2) {
        traceLevel = v;
        break;
      }
    }
  }
  const threshold = Math.max(gridLevel + 12, Math.round(gridLevel + 0.35 * (traceLevel - gridLevel)));
  const darkGrid = gridLevel > 100 && traceLevel - gridLevel < DARK_GRID_CONTRAST;
  let mask: Uint8Array, hidden: Uint8Array | undefined;
  if (darkGrid) {
    const paperLevel = histQuantile(all, 0, w * h, 0.5);
    const pxPerMm = options.pxPerMm && Number.isFinite(options.pxPerMm) ? options.pxPerMm : 0.003 * Math.min(w, h);
    ({ mask, hidden } = darkGridMask(planes, { paperLevel, marginLevel: Math.max(20, 0.2 * (traceLevel - paperLevel)), pxPerMm }));
  } else {
    mask = new Uint8Array(w * h);
    for (let i = 0; i < mask.length; i++) if (ink[i]! >= threshold) mask[i] = 1;
  }
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i]!;
  return { mask, gridLevel, traceLevel, threshold, fraction: count / mask.length, darkGrid, ...(hidden ? { hidden } : {}) };
}
