import { OptionError } from "../errors.js";
import { checkChoice } from "../util/validate.js";
import { encodeDigitalRecord, type EncodedRecord } from "./encodeDigitalRecord.js";
import { encodeRecord } from "./encodeRecord.js";
import { FORMATS, WRITABLE_FORMATS, type WritableFormat } from "./formats.js";
import type { SignalSpec, WfdbHeader, WfdbRecord } from "./types.js";

export interface ReencodeRecordOptions {
  /** Target format. Default 16. */
  format?: WritableFormat;
  /** Record name of the output (its files are <name>.hea and <name>.dat). Default: the record's name. */
  name?: string;
}

/**
 * Encodes a record that was read (with `digital` and `expandFrames`) in another format. When every
 * digital value fits the target format, samples, gains and baselines are kept as they are (lossless);
 * otherwise the physical values are re-digitized with new gains, and a warning says so.
 */
export function reencodeRecord(record: WfdbRecord, options: ReencodeRecordOptions = {}): EncodedRecord {
  const format = Number(checkChoice("format", String(options.format ?? 16), WRITABLE_FORMATS.map(String)));
  const name = options.name ?? record.name;
  const indices = record.signalIndices ?? record.physical.map((_, i) => i);
  const specs = indices.map((i) => record.header.signals[i]!);
  const target = FORMATS[format]!;
  const fits =
    record.digital !== undefined &&
    record.digital.every((d, k) => {
      const oldInvalid = FORMATS[specs[k]!.format]!.invalid;
      for (let i = 0; i < d.length; i++) if (d[i] !== oldInvalid && (d[i]! <= target.invalid || d[i]! > -target.invalid - 1)) return false;
      return true;
    });
  if (fits) {
    const signals: SignalSpec[] = specs.map((s) => ({
      ...s,
      fileName: `${name}.dat`,
      format,
      skew: 0,
      byteOffset: 0,
      adcResolution: Math.min(s.adcResolution || target.bits, target.bits),
    }));
    const digital = record.digital!.map((d, k) => {
      const oldInvalid = FORMATS[specs[k]!.format]!.invalid;
      return Int32Array.from(d, (v) => (v === oldInvalid ? target.invalid : v));
    });
    const header: WfdbHeader = { ...record.header, recordName: name, nSignals: signals.length, nSamples: record.nSamples, signals };
    delete header.segments;
    delete header.lineNumbers;
    delete header.recordLineNumber;
    return encodeDigitalRecord(header, digital, record.header);
  }
  if (record.samplesPerFrame?.some((n) => n !== 1)) {
    throw new OptionError("format", `expected a format that holds the digital values of signals with several samples per frame; format ${format} does not`);
  }
  const enc = encodeRecord(
    {
      name,
      samplingFrequencyHz: record.samplingFrequencyHz,
      signals: record.physical.map((p, k) => ({ name: record.signalNames[k]!, units: record.units[k], physical: p })),
      comments: record.header.comments,
    },
    { format: format as WritableFormat, baseTime: record.header.baseTime, baseDate: record.header.baseTime ? record.header.baseDate : undefined },
  );
  enc.warnings.unshift(`the digital values do not all fit format ${format}: the physical values were re-digitized with new gains (error up to half an ADC step of the new gains)`);
  return enc;
}
