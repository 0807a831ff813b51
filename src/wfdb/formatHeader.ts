import type { SignalSpec, WfdbHeader } from "./types.js";

/** Shortest decimal that reads back as the same number (no exponent for ordinary gains). */
function num(x: number): string {
  return String(x);
}

function formatField(s: SignalSpec): string {
  let f = String(s.format);
  if (s.samplesPerFrame !== 1) f += `x${s.samplesPerFrame}`;
  if (s.skew) f += `:${s.skew}`;
  if (s.byteOffset) f += `+${s.byteOffset}`;
  return f;
}

/** One signal line: every field written out (gain with baseline and units). */
export function formatSignalLine(s: SignalSpec): string {
  const gain = `${s.uncalibrated ? 0 : num(s.adcGain)}(${s.baseline})/${s.units}`;
  const fields = [s.fileName, formatField(s), gain, s.adcResolution, s.adcZero, s.initialValue, s.checksum ?? 0, s.blockSize];
  return (s.description ? [...fields, s.description] : fields).join(" ");
}

/** The text of a .hea file: record line, signal (or segment) lines, then `#` comments. */
export function formatHeader(h: WfdbHeader): string {
  let freq = num(h.samplingFrequencyHz);
  if (h.counterFrequencyHz !== undefined) {
    freq += `/${num(h.counterFrequencyHz)}`;
    if (h.baseCounter !== undefined) freq += `(${num(h.baseCounter)})`;
  }
  const name = h.segments ? `${h.recordName}/${h.segments.length}` : h.recordName;
  const rec = [name, h.nSignals, freq];
  if (h.nSamples !== undefined || h.baseTime !== undefined) rec.push(h.nSamples ?? 0);
  if (h.baseTime !== undefined) rec.push(h.baseTime);
  if (h.baseTime !== undefined && h.baseDate !== undefined) rec.push(h.baseDate);
  const lines = [rec.join(" ")];
  if (h.segments) for (const s of h.segments) lines.push(`${s.name} ${s.nSamples}`);
  else for (const s of h.signals) lines.push(formatSignalLine(s));
  for (const c of h.comments) lines.push(`#${c}`);
  return lines.join("\n") + "\n";
}
