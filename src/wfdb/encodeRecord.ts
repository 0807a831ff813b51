import { OptionError } from "../errors.js";
import { checkChoice, checkNumber } from "../util/validate.js";
import { chooseAdcParams } from "./chooseAdcParams.js";
import { encodeDigitalRecord, type EncodedRecord } from "./encodeDigitalRecord.js";
import { digitalRange, FORMATS, WRITABLE_FORMATS, type WritableFormat } from "./formats.js";
import { BASE_DATE, BASE_TIME } from "./parseRecordLine.js";
import type { SignalSpec, WfdbHeader, WfdbWriteInput } from "./types.js";

export interface WriteRecordOptions {
  /** Storage format of the signal file: 8, 16, 24, 32, 61, 80, 160, 212, 310 or 311. Default 16. */
  format?: WritableFormat;
  /** Base time of the record, HH:MM:SS[.sss]. Default: none. */
  baseTime?: string;
  /** Base date of the record, DD/MM/YYYY (written only with a base time). Default: none. */
  baseDate?: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;
const UNIT = /^[^\s/()]+$/;

/** Digital value of a physical sample; the count of those clipped to the valid range is returned too. */
function digitize(p: ArrayLike<number>, gain: number, baseline: number, format: number): { d: Int32Array; clipped: number; infinite: number } {
  const { min, max } = digitalRange(format);
  const invalid = FORMATS[format]!.invalid;
  const d = new Int32Array(p.length);
  let clipped = 0;
  let infinite = 0;
  for (let i = 0; i < p.length; i++) {
    const x = p[i]!;
    if (Number.isNaN(x)) d[i] = invalid;
    else if (!Number.isFinite(x)) {
      d[i] = invalid;
      infinite++;
    } else {
      const v = Math.round(x * gain + baseline);
      if (v < min || v > max) clipped++;
      d[i] = v < min ? min : v > max ? max : v;
    }
  }
  return { d, clipped, infinite };
}

/**
 * Encodes physical signals as a WFDB record (header text + one signal file `<name>.dat`), in memory.
 * Gains and baselines are chosen to fill the format's range unless given; NaN becomes the invalid
 * sample. Anything clipped or dropped is reported in `warnings`.
 */
export function encodeRecord(input: WfdbWriteInput, options: WriteRecordOptions = {}): EncodedRecord {
  const format = checkChoice("format", String(options.format ?? 16), WRITABLE_FORMATS.map(String)) as `${WritableFormat}`;
  const fmt = Number(format);
  if (!NAME.test(input.name)) throw new OptionError("name", `expected a record name of letters, digits, "_", "-" or ".", got ${JSON.stringify(input.name)}`);
  checkNumber("samplingFrequencyHz", input.samplingFrequencyHz, Number.MIN_VALUE, Number.MAX_VALUE);
  if (input.signals.length === 0) throw new OptionError("signals", "expected at least one signal, got none");
  const n = input.signals[0]!.physical.length;
  const warnings: string[] = [];
  const digital: Int32Array[] = [];
  const signals: SignalSpec[] = input.signals.map((sig, i) => {
    if (sig.physical.length !== n) throw new OptionError(`signals[${i}].physical`, `expected ${n} samples like signal 0, got ${sig.physical.length}`);
    if (/[\r\n]/.test(sig.name)) throw new OptionError(`signals[${i}].name`, `expected a name on one line, got ${JSON.stringify(sig.name)}`);
    const units = sig.units ?? "mV";
    if (!UNIT.test(units)) throw new OptionError(`signals[${i}].units`, `expected a unit without spaces, "/" or parentheses, got ${JSON.stringify(units)}`);
    const auto = chooseAdcParams(sig.physical, fmt);
    const adcGain = sig.adcGain ?? auto.adcGain;
    const baseline = sig.baseline ?? (sig.adcGain === undefined ? auto.baseline : 0);
    checkNumber(`signals[${i}].adcGain`, adcGain, Number.MIN_VALUE, Number.MAX_VALUE);
    if (!Number.isInteger(baseline)) throw new OptionError(`signals[${i}].baseline`, `expected an integer, got ${baseline}`);
    const { d, clipped, infinite } = digitize(sig.physical, adcGain, baseline, fmt);
    if (clipped) warnings.push(`signal ${i} (${sig.name}): ${clipped} samples beyond format ${fmt}'s range at gain ${adcGain} and baseline ${baseline} were clipped`);
    if (infinite) warnings.push(`signal ${i} (${sig.name}): ${infinite} infinite samples were written as invalid`);
    digital.push(d);
    return {
      fileName: `${input.name}.dat`,
      format: fmt,
      samplesPerFrame: 1,
      skew: 0,
      byteOffset: 0,
      adcGain,
      baseline,
      units,
      adcResolution: FORMATS[fmt]!.bits,
      adcZero: 0,
      initialValue: d.length ? d[0]! : 0,
      checksum: 0,
      blockSize: 0,
      description: sig.name.trim(),
    };
  });
  const header: WfdbHeader = {
    recordName: input.name,
    nSignals: signals.length,
    samplingFrequencyHz: input.samplingFrequencyHz,
    nSamples: n,
    signals,
    comments: (input.comments ?? []).flatMap((c) => c.split(/\r?\n/)),
  };
  if (options.baseTime !== undefined) {
    if (!BASE_TIME.test(options.baseTime)) throw new OptionError("baseTime", `expected HH:MM:SS[.sss], got ${JSON.stringify(options.baseTime)}`);
    header.baseTime = options.baseTime;
  }
  if (options.baseDate !== undefined) {
    if (!BASE_DATE.test(options.baseDate)) throw new OptionError("baseDate", `expected DD/MM/YYYY, got ${JSON.stringify(options.baseDate)}`);
    if (options.baseTime === undefined) throw new OptionError("baseDate", "a base date needs a base time (WFDB writes the date after the time)");
    header.baseDate = options.baseDate;
  }
  const encoded = encodeDigitalRecord(header, digital);
  encoded.warnings.unshift(...warnings);
  return encoded;
}
