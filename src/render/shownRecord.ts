import type { WfdbRecord, WfdbWriteInput } from "../wfdb/types.js";
import type { PageAnnotation } from "./types.js";

/**
 * The WFDB record behind one page: every signal at full length, as in ECG-Image-Kit. With
 * `maskUnplotted`, samples the page does not draw are NaN (written as the format's invalid value).
 * Gains and baselines are the input's, so digital values are kept.
 */
export function shownRecord(record: WfdbRecord, annotation: PageAnnotation, name: string, maskUnplotted: boolean): WfdbWriteInput {
  const shown = record.physical.map(() => new Uint8Array(record.nSamples));
  const cells = (annotation.ecgkit.layout as { cells: { index: number; signal: string }[] }).cells;
  for (const lead of annotation.leads) {
    const cell = cells.find((c) => c.index === lead.cell);
    const s = cell ? record.signalNames.indexOf(cell.signal) : -1;
    if (s < 0) continue;
    const from = lead.start_sample - record.startSample;
    const to = lead.end_sample - record.startSample;
    shown[s]!.fill(1, Math.max(0, from), Math.min(record.nSamples, to));
    for (const u of lead.unplotted_samples ?? []) shown[s]![u - record.startSample] = 0;
  }
  return {
    name,
    samplingFrequencyHz: record.samplingFrequencyHz,
    comments: record.header.comments,
    signals: record.signalNames.map((sig, i) => {
      const src = record.physical[i]!;
      const physical = maskUnplotted ? src.map((v, k) => (shown[i]![k] ? v : NaN)) : src;
      const spec = record.header.signals[i];
      return { name: sig, units: record.units[i], physical, adcGain: spec?.adcGain, baseline: spec?.baseline };
    }),
  };
}
