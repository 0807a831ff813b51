import { dirname } from "node:path";
import { readHeader } from "./readHeader.js";
import { readRecord } from "./readRecord.js";
import { readSingleSegment } from "./readSingleSegment.js";
import type { WfdbHeader } from "./types.js";

export interface SignalSummary {
  index: number;
  name: string;
  format: number;
  samplesPerFrame: number;
  adcGain: number;
  baseline: number;
  units: string;
  samplingFrequencyHz: number;
  nSamples: number;
  fileName: string;
  /** "ok", "mismatch", or "none" when the header gives no checksum (or the record has segments). */
  checksum: "ok" | "mismatch" | "none";
}

export interface RecordSummary {
  header: WfdbHeader;
  nSamples: number;
  durationS: number;
  signals: SignalSummary[];
  warnings: string[];
}

/** Reads a whole record once to describe it: every signal's calibration, length and checksum status. */
export async function describeRecord(path: string): Promise<RecordSummary> {
  const { header, headerPath } = await readHeader(path);
  const fs = header.samplingFrequencyHz;
  if (header.segments) {
    const rec = await readRecord(path);
    const signals = rec.header.signals.map((s, i) => summary(s, i, fs, rec.nSamples, undefined));
    return { header: rec.header, nSamples: rec.nSamples, durationS: rec.nSamples / fs, signals, warnings: rec.warnings };
  }
  const all = header.signals.map((_, i) => i);
  const got = await readSingleSegment(header, headerPath, dirname(headerPath), { signals: all, startSample: 0 });
  const signals = header.signals.map((s, i) => summary(s, i, fs, got.totalSamples, got.checksumOk[i]));
  return { header, nSamples: got.totalSamples, durationS: got.totalSamples / fs, signals, warnings: got.warnings };
}

function summary(s: WfdbHeader["signals"][number], index: number, fs: number, n: number, ok: boolean | undefined): SignalSummary {
  return {
    index,
    name: s.description || `signal ${index}`,
    format: s.format,
    samplesPerFrame: s.samplesPerFrame,
    adcGain: s.adcGain,
    baseline: s.baseline,
    units: s.units,
    samplingFrequencyHz: fs * s.samplesPerFrame,
    nSamples: n * s.samplesPerFrame,
    fileName: s.fileName,
    checksum: ok === undefined ? "none" : ok ? "ok" : "mismatch",
  };
}
