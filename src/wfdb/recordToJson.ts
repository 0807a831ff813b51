import type { WfdbRecord } from "./types.js";

export interface RecordJson {
  name: string;
  samplingFrequencyHz: number;
  startSample: number;
  nSamples: number;
  baseTime?: string;
  baseDate?: string;
  comments: string[];
  warnings: string[];
  signals: {
    name: string;
    units: string;
    format: number;
    adcGain: number;
    baseline: number;
    samplesPerFrame: number;
    /** Physical values; null where the sample is invalid. */
    physical: (number | null)[];
    digital?: number[];
  }[];
}

/** A JSON-able view of a record: metadata, and per signal its calibration and values (NaN -> null). */
export function recordToJson(record: WfdbRecord): RecordJson {
  const specs = record.header.signals;
  const out: RecordJson = {
    name: record.name,
    samplingFrequencyHz: record.samplingFrequencyHz,
    startSample: record.startSample,
    nSamples: record.nSamples,
    comments: record.header.comments,
    warnings: record.warnings,
    signals: record.physical.map((p, k) => {
      const s = specs[record.signalIndices?.[k] ?? k];
      const sig: RecordJson["signals"][number] = {
        name: record.signalNames[k]!,
        units: record.units[k]!,
        format: s?.format ?? 0,
        adcGain: s?.adcGain ?? 0,
        baseline: s?.baseline ?? 0,
        samplesPerFrame: record.samplesPerFrame?.[k] ?? 1,
        physical: Array.from(p, (v) => (Number.isNaN(v) ? null : v)),
      };
      if (record.digital) sig.digital = Array.from(record.digital[k]!);
      return sig;
    }),
  };
  if (record.header.baseTime) out.baseTime = record.header.baseTime;
  if (record.header.baseDate) out.baseDate = record.header.baseDate;
  return out;
}
