import { dirname } from "node:path";
import { OptionError } from "../errors.js";
import { checkInteger, checkNumber } from "../util/validate.js";
import { averageFrames } from "./averageFrames.js";
import { FORMATS } from "./formats.js";
import { readHeader } from "./readHeader.js";
import { millivoltScale } from "./millivoltScale.js";
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
  /** Start as a time in seconds from the record's start (rounded to the nearest sample, as rdsamp -f). Not with startSample. */
  startTimeS?: number;
  /** End as a time in seconds (rounded to the nearest sample, as rdsamp -t). Not with endSample. */
  endTimeS?: number;
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
  /** Return voltage signals (V, mV, uV, nV in any spelling) in mV, with units "mV"; others as they are. Default false. */
  toMillivolts?: boolean;
}

/**
 * Reads a WFDB record (path with or without ".hea"): physical values per signal in the header's
 * units, NaN for invalid samples. Checksum mismatches (checked when whole signals are read) come
 * back as warnings.
 */
export async function readRecord(path: string, options: ReadRecordOptions = {}): Promise<WfdbRecord> {
  const record = await readRecordAsStored(path, options);
  if (options.toMillivolts) {
    record.units = record.units.map((u, k) => {
      const scale = millivoltScale(u);
      if (scale === undefined || scale === 1) return u;
      const p = record.physical[k]!;
      for (let i = 0; i < p.length; i++) p[i] = p[i]! * scale;
      return "mV";
    });
  }
  return record;
}

async function readRecordAsStored(path: string, options: ReadRecordOptions): Promise<WfdbRecord> {
  const { header, headerPath } = await readHeader(path);
  const fs = header.samplingFrequencyHz;
  const startOption = timeToSample("startTimeS", options.startTimeS, "startSample", options.startSample, fs);
  const endOption = timeToSample("endTimeS", options.endTimeS, "endSample", options.endSample, fs);
  const start = startOption === undefined ? 0 : checkInteger("startSample", startOption, 0, Number.MAX_SAFE_INTEGER);
  const end = endOption === undefined ? undefined : checkInteger("endSample", endOption, start, Number.MAX_SAFE_INTEGER);
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

/** A sample given directly or as a time in seconds (not both). */
function timeToSample(timeName: string, timeS: number | undefined, sampleName: string, sample: number | undefined, fs: number): number | undefined {
  if (timeS === undefined) return sample;
  if (sample !== undefined) throw new OptionError(timeName, `expected either ${timeName} or ${sampleName}, got both`);
  return Math.round(checkNumber(timeName, timeS, 0, Number.MAX_VALUE) * fs);
}
