/**
 * The shapes every part of ecgkit uses for WFDB records. The reader (readRecord) returns a
 * WfdbRecord; the writer (writeRecord) takes a WfdbWriteInput.
 */

/** One signal line of a header, every field, with defaults filled in. */
export interface SignalSpec {
  fileName: string;
  format: number;
  samplesPerFrame: number;
  skew: number;
  byteOffset: number;
  /** ADC units per physical unit; 0 in the file means uncalibrated (read as 200). */
  adcGain: number;
  baseline: number;
  units: string;
  adcResolution: number;
  adcZero: number;
  initialValue: number;
  checksum: number | undefined;
  blockSize: number;
  description: string;
  /** True when the header's gain was 0 or missing (WFDB "uncalibrated"); adcGain then holds 200. */
  uncalibrated?: boolean;
}

export interface WfdbHeader {
  recordName: string;
  nSignals: number;
  samplingFrequencyHz: number;
  counterFrequencyHz?: number;
  baseCounter?: number;
  /** Samples per signal; undefined when the header leaves it out. */
  nSamples?: number;
  baseTime?: string;
  baseDate?: string;
  signals: SignalSpec[];
  /** Text of `#` lines without the `#`, in order (info strings such as "Age: 59"). */
  comments: string[];
  /** Multi-segment records: segment names ("~" for gaps) and lengths in samples. */
  segments?: { name: string; nSamples: number }[];
  /** 1-based header line of each signal line (or segment line), for error messages; set by the parser. */
  lineNumbers?: number[];
  /** 1-based header line of the record line (comments may precede it); set by the parser. */
  recordLineNumber?: number;
}

export interface WfdbRecord {
  name: string;
  header: WfdbHeader;
  samplingFrequencyHz: number;
  /** Samples per signal in the returned arrays (after any range selection). */
  nSamples: number;
  /** Index of the first returned sample within the record. */
  startSample: number;
  signalNames: string[];
  /** Index in header.signals of each returned signal (for its gain, baseline, format...). */
  signalIndices?: number[];
  units: string[];
  /** Physical values per signal (units as in `units`), NaN where the sample is invalid. */
  physical: Float64Array[];
  /** Digital values per signal, only when asked for; invalid samples hold the format's minimum. */
  digital?: Int32Array[];
  /** Non-fatal findings, e.g. a checksum mismatch. Never silent. */
  warnings: string[];
  /**
   * Samples per frame of each returned signal. Present only when read with `expandFrames`: signal i
   * then holds nSamples * samplesPerFrame[i] values (sampled at samplingFrequencyHz * samplesPerFrame[i]);
   * otherwise every signal holds nSamples values (frames with several samples are averaged).
   */
  samplesPerFrame?: number[];
}

export interface WfdbWriteSignal {
  name: string;
  /** Physical unit, default "mV". */
  units?: string;
  /** Physical values; NaN is written as the format's invalid sample. */
  physical: Float64Array | number[];
  /** ADC gain and baseline; chosen to fill the format's range when left out. */
  adcGain?: number;
  baseline?: number;
}

export interface WfdbWriteInput {
  name: string;
  samplingFrequencyHz: number;
  signals: WfdbWriteSignal[];
  /** Info strings written as `#` lines after the signal lines. */
  comments?: string[];
}
