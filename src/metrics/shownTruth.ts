import type { PageAnnotation } from "../render/types.js";
import type { WfdbRecord } from "../wfdb/types.js";
import type { SignalSet } from "./scoreSignals.js";

/**
 * The truth of a rendered page: the record's signals (mV) with every sample the page does not
 * show set to NaN, from the annotation's per-lead [start_sample, end_sample) windows.
 */
export function shownTruth(record: WfdbRecord, annotation: PageAnnotation): SignalSet {
  const signals = record.signalNames.map((name, k) => {
    const src = record.physical[k]!;
    const out = new Float64Array(src.length).fill(NaN);
    for (const lead of annotation.leads) {
      if (lead.lead_name.toLowerCase() !== name.toLowerCase()) continue;
      for (let t = Math.max(0, lead.start_sample); t < Math.min(src.length, lead.end_sample); t++) out[t] = src[t]!;
    }
    return out;
  });
  return { samplingFrequencyHz: record.samplingFrequencyHz, names: [...record.signalNames], signals };
}
