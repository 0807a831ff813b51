import { dirname } from "node:path";
import { checkInteger } from "../util/validate.js";
import { averageFrames } from "./averageFrames.js";
import { FORMATS } from "./formats.js";
import { readHeader } from "./readHeader.js";
import { readMultiSegment } from "./readMultiSegment.js";
import { readSingleSegment } from "./readSingleSegment.js";
import { selectSignals } from "./selectSignals.js";
import { toPhysical } from "./toPhysical.js";
import type { WfdbRecord } from "./types.js";

export interface ReadRecordOptions {
  /** First sample (frame) to read, 0-based. Default 0. */
  startSample?: number;
  /** Sample (frame) to stop before. Default: the end of the record. */
  endSample?: number;
  /** Signals to return, by index or name, in this order. Default: all. */
  signals?: (number | string)[];
  /** Also return digital values (ADC units). Default false. */
  digital?: boolean;
  /**
   * Keep every sample of signals with several samples per frame (signal i then holds
   * nSamples * samplesPerFrame[i] values). Default false: such frames are averaged, as rdsamp does.
   * Single-segment records only.
   */
  expandFrames?: boolean;
}

/**
 * Reads a WFDB record (path with or without ".hea"): physical values per signal in the header's
 * units, NaN for invalid samples. Checksum mismatches (checked when whole signals are read) come
 * back as warnings.
 */
export async function readRecord(path: string, options: ReadRecordOptions = {}): Promise<WfdbRecord> {
  const start = options.startSample === undefined ? 0 : checkInteger("startSample", options.startSample, 0, Number.MAX_SAFE_INTEGER);
  const end = options.endSample === undefined ? undefined : checkInteger("endSample", options.endSample, start, Number.MAX_SAFE_INTEGER);
  const { header, headerPath } = await readHeader(path);
  const dir = dirname(headerPath);
  if (header.segments) {
    const got = await readMultiSegment(header, headerPath, dir, (names) => selectSignals(names, options.signals), start, end);
    const record: WfdbRecord = {
      name: header.recordName,
      header: { ...header, signals: got.signals },
      samplingFrequencyHz: header.samplingFrequencyHz,
      nSamples: (end ?? got.totalSamples) - start,
      startSample: start,
      signalNames: got.picked.map((i) => got.signals[i]!.description || `signal ${i}`),
      signalIndices: got.picked,
      units: got.picked.map((i) => got.signals[i]!.units),
      physical: got.physical,
      warnings: got.warnings,
    };
    if (options.digital) record.digital = got.digital;
    return record;
  }
  const names = header.signals.map((s, i) => s.description || `signal ${i}`);
  const picked = selectSignals(names, options.signals);
  const physicalOnly = !options.digital && !options.expandFrames;
  const got = await readSingleSegment(header, headerPath, dir, { signals: picked, startSample: start, endSample: end, physicalOnly });
  const specs = picked.map((i) => header.signals[i]!);
  const digital = got.digital.map((d, k) =>
    d === undefined || options.expandFrames ? d : averageFrames(d, specs[k]!.samplesPerFrame, FORMATS[specs[k]!.format]!.invalid),
  );
  const record: WfdbRecord = {
    name: header.recordName,
    header,
    samplingFrequencyHz: header.samplingFrequencyHz,
    nSamples: got.endSample - got.startSample,
    startSample: got.startSample,
    signalNames: picked.map((i) => names[i]!),
    signalIndices: picked,
    units: specs.map((s) => s.units),
    physical: digital.map((d, k) => got.physical[k] ?? toPhysical(d!, specs[k]!.adcGain, specs[k]!.baseline, FORMATS[specs[k]!.format]!.invalid)),
    warnings: got.warnings,
  };
  if (options.expandFrames) record.samplesPerFrame = specs.map((s) => s.samplesPerFrame);
  if (options.digital) record.digital = digital as Int32Array[];
  return record;
}
