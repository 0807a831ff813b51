import type { WfdbRecord } from "./types.js";

export interface RecordToCsvOptions {
  /** Write digital values (ADC units) instead of physical ones; needs a record read with `digital`. Default false. */
  digital?: boolean;
}

/**
 * CSV text: a `time_s` column (seconds from the record's start) and one column per signal headed
 * `name (units)`; invalid samples are empty fields. Values are printed in full (shortest exact form).
 * Signals must have one sample per frame (read without `expandFrames`).
 */
export function recordToCsv(record: WfdbRecord, options: RecordToCsvOptions = {}): string {
  const cols = options.digital ? record.digital! : record.physical;
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const head = ["time_s", ...record.signalNames.map((n, i) => quote(options.digital ? `${n} (adu)` : `${n} (${record.units[i]})`))];
  const lines = [head.join(",")];
  const fs = record.samplingFrequencyHz;
  for (let t = 0; t < record.nSamples; t++) {
    let line = String((record.startSample + t) / fs);
    for (const c of cols) {
      const v = c[t]!;
      line += Number.isNaN(v) ? "," : `,${v}`;
    }
    lines.push(line);
  }
  return lines.join("\n") + "\n";
}
