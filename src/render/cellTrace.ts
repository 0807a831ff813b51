import type { WfdbRecord } from "../wfdb/types.js";
import type { PlacedCell } from "./planPage.js";

/** Factor from a WFDB unit to mV; undefined for units that are not a voltage. */
export function millivoltsPer(unit: string): number | undefined {
  const u = unit.trim().toLowerCase();
  if (u === "mv") return 1;
  if (u === "uv" || u === "µv" || u === "μv") return 1e-3;
  if (u === "v") return 1e3;
  if (u === "nv") return 1e-6;
  return undefined;
}

export interface CellTrace {
  /** First and one-past-last sample index (into the record's arrays) the cell shows. */
  s0: number;
  s1: number;
  /** Pixel coordinates of samples s0..s1-1 (centre of pixel (c, r) at (c + 0.5, r + 0.5)); NaN for invalid samples. */
  xs: Float64Array;
  ys: Float64Array;
}

/**
 * The one mapping from samples to pixels, used both to draw a trace and to write its
 * plotted_pixels: x = cell x + (i - s0) / fs * speed, y = baseline - value (mV) * gain, in mm * px/mm.
 */
export function cellTrace(record: WfdbRecord, cell: PlacedCell, pageStartSample: number, paperSpeedMmPerS: number, pxPerMm: number): CellTrace {
  const fs = record.samplingFrequencyHz;
  const s0 = Math.min(record.nSamples, pageStartSample + Math.round(cell.startS * fs));
  const s1 = Math.min(record.nSamples, s0 + Math.round(cell.durationS * fs));
  const n = Math.max(0, s1 - s0);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const signal = record.physical[cell.signalIndex]!;
  const toMv = millivoltsPer(record.units[cell.signalIndex] ?? "mV") ?? 1;
  const sign = cell.negate ? -1 : 1;
  const xPerSample = (paperSpeedMmPerS / fs) * pxPerMm;
  const x0 = cell.xMm * pxPerMm;
  const base = cell.baselineMm * pxPerMm;
  const yPerMv = cell.gainMmPerMv * pxPerMm;
  for (let i = 0; i < n; i++) {
    const v = signal[s0 + i]!;
    xs[i] = x0 + i * xPerSample;
    ys[i] = Number.isFinite(v) ? base - sign * v * toMv * yPerMv : NaN;
  }
  return { s0, s1, xs, ys };
}
