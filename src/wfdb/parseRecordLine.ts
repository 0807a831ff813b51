import type { WfdbHeader } from "./types.js";
import { fieldError, parseIntegerField, parseNumberField, type HeaderPlace } from "./headerFields.js";

/** The record line's fields: those of WfdbHeader that it carries, plus the segment count. */
export type RecordLine = Pick<
  WfdbHeader,
  "recordName" | "nSignals" | "samplingFrequencyHz" | "counterFrequencyHz" | "baseCounter" | "nSamples" | "baseTime" | "baseDate"
> & { nSegments?: number };

/** WFDB's default sampling frequency when the record line leaves it out. */
export const DEFAULT_SAMPLING_FREQUENCY_HZ = 250;

const FREQ = /^([^/(]+)(?:\/([^(]+)(?:\(([^)]*)\))?)?$/;
export const BASE_TIME = /^\d{1,2}(:\d{1,2}){0,2}(\.\d+)?$/;
export const BASE_DATE = /^\d{1,2}\/\d{1,2}\/\d{1,4}$/;

/** `name[/segments] nsig [fs[/counterfreq[(base)]] [nsamp [time [date]]]]` */
export function parseRecordLine(tokens: string[], at: HeaderPlace): RecordLine {
  const [nameTok, nsigTok, freqTok, nsampTok, timeTok, dateTok] = tokens;
  const [recordName, segText] = nameTok!.split("/");
  if (!recordName) throw fieldError(at, "record name", "a record name", nameTok);
  const out: RecordLine = {
    recordName,
    nSignals: parseIntegerField(at, "number of signals", nsigTok, "a whole number of signals"),
    samplingFrequencyHz: DEFAULT_SAMPLING_FREQUENCY_HZ,
  };
  if (out.nSignals < 0) throw fieldError(at, "number of signals", "a whole number of signals", nsigTok);
  if (segText !== undefined) {
    out.nSegments = parseIntegerField(at, "number of segments", segText, "a whole number of segments after '/'");
    if (out.nSegments < 1) throw fieldError(at, "number of segments", "at least one segment", segText);
  }
  if (freqTok !== undefined) {
    const m = FREQ.exec(freqTok);
    if (!m) throw fieldError(at, "sampling frequency", "fs[/counterfreq[(base)]]", freqTok);
    out.samplingFrequencyHz = parseNumberField(at, "sampling frequency", m[1], "a positive number of Hz");
    if (!(out.samplingFrequencyHz > 0)) throw fieldError(at, "sampling frequency", "a positive number of Hz", m[1]);
    if (m[2] !== undefined) out.counterFrequencyHz = parseNumberField(at, "counter frequency", m[2], "a number of Hz");
    if (m[3] !== undefined) out.baseCounter = parseNumberField(at, "base counter value", m[3]);
  }
  if (nsampTok !== undefined) {
    const n = parseIntegerField(at, "number of samples", nsampTok, "a whole number of samples per signal");
    if (n < 0) throw fieldError(at, "number of samples", "a whole number of samples per signal", nsampTok);
    // 0 means "not stated" in WFDB.
    if (n > 0) out.nSamples = n;
  }
  if (timeTok !== undefined) {
    if (!BASE_TIME.test(timeTok)) throw fieldError(at, "base time", "HH:MM:SS[.sss]", timeTok);
    out.baseTime = timeTok;
  }
  if (dateTok !== undefined) {
    if (!BASE_DATE.test(dateTok)) throw fieldError(at, "base date", "DD/MM/YYYY", dateTok);
    out.baseDate = dateTok;
  }
  return out;
}
