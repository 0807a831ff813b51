import { checksumsMatch } from "./checksum.js";
import { headerSourceOf, type HeaderSource } from "./headerSource.js";
import type { SignalSpec, WfdbHeader } from "./types.js";

/**
 * Tokens of a line: where a field still says what the source line said, the source's spelling
 * (e.g. "1.052e+04/mV", "360.0"); fields the source left out stay out while their values are unchanged.
 */
function pickTokens(fresh: string[], raw: string[] | undefined, same: boolean[], forceAll: boolean): string[] {
  if (!raw) return fresh;
  let count = forceAll ? fresh.length : raw.length;
  same.forEach((ok, i) => {
    if (!ok) count = Math.max(count, i + 1);
  });
  return fresh.slice(0, count).map((t, i) => (same[i] && raw[i] !== undefined ? raw[i]! : t));
}

function formatField(s: SignalSpec): string {
  let f = String(s.format);
  if (s.samplesPerFrame !== 1) f += `x${s.samplesPerFrame}`;
  if (s.skew) f += `:${s.skew}`;
  if (s.byteOffset) f += `+${s.byteOffset}`;
  return f;
}

/** One signal line; with its source line, the source's spelling of every unchanged field. */
export function formatSignalLine(s: SignalSpec, raw?: string[], parsed?: SignalSpec): string {
  const gain = `${s.uncalibrated ? 0 : s.adcGain}(${s.baseline})/${s.units}`;
  const fresh = [s.fileName, formatField(s), gain, String(s.adcResolution), String(s.adcZero), String(s.initialValue), String(s.checksum ?? 0), String(s.blockSize)];
  let tokens = fresh;
  if (raw && parsed) {
    const p = parsed;
    const sameFormat = s.format === p.format && s.samplesPerFrame === p.samplesPerFrame && s.skew === p.skew && s.byteOffset === p.byteOffset;
    const sameZero = s.adcZero === p.adcZero;
    const same = [
      s.fileName === p.fileName,
      sameFormat,
      s.adcGain === p.adcGain && !!s.uncalibrated === !!p.uncalibrated && s.baseline === p.baseline && s.units === p.units && sameZero,
      s.adcResolution === p.adcResolution,
      sameZero,
      s.initialValue === p.initialValue,
      s.checksum === p.checksum || (s.checksum !== undefined && p.checksum !== undefined && checksumsMatch(s.checksum, p.checksum)),
      s.blockSize === p.blockSize,
    ];
    // Defaults of left-out fields depend on the format and the ADC zero: if those changed, write everything.
    tokens = pickTokens(fresh, raw, same, !sameFormat || !sameZero || s.description !== "");
  }
  return (s.description ? [...tokens, s.description] : tokens).join(" ");
}

function formatRecordLine(h: WfdbHeader, source?: HeaderSource): string {
  let freq = String(h.samplingFrequencyHz);
  if (h.counterFrequencyHz !== undefined) {
    freq += `/${h.counterFrequencyHz}`;
    if (h.baseCounter !== undefined) freq += `(${h.baseCounter})`;
  }
  const name = h.segments ? `${h.recordName}/${h.segments.length}` : h.recordName;
  const fresh = [name, String(h.nSignals), freq, String(h.nSamples ?? 0)];
  if (h.baseTime !== undefined) fresh.push(h.baseTime);
  if (h.baseTime !== undefined && h.baseDate !== undefined) fresh.push(h.baseDate);
  if (!source) return (h.nSamples === undefined && h.baseTime === undefined ? fresh.slice(0, 3) : fresh).join(" ");
  const p = source.parsedHeader;
  const same = [
    h.recordName === p.recordName && !h.segments,
    h.nSignals === p.nSignals,
    h.samplingFrequencyHz === p.samplingFrequencyHz && h.counterFrequencyHz === p.counterFrequencyHz && h.baseCounter === p.baseCounter,
    h.nSamples === p.nSamples,
    h.baseTime === p.baseTime,
    h.baseDate === p.baseDate,
  ].slice(0, fresh.length);
  return pickTokens(fresh, source.recordTokens, same, false).join(" ");
}

/**
 * The text of a .hea file: record line, signal (or segment) lines, then `#` comments. A header
 * that came from parseHeader (or a copy of it with some fields changed, passed with `like`) keeps
 * the source's line order, comment lines and the spelling of unchanged fields.
 */
export function formatHeader(h: WfdbHeader, like: WfdbHeader = h): string {
  const source = headerSourceOf(like);
  const usable = source && !h.segments && source.signalTokens.length === h.signals.length ? source : undefined;
  const record = formatRecordLine(h, usable);
  const lines: string[] = [];
  if (h.segments) lines.push(record, ...h.segments.map((s) => `${s.name} ${s.nSamples}`));
  else if (usable) {
    const signals = h.signals.map((s, i) => formatSignalLine(s, usable.signalTokens[i], usable.parsedSignals[i]));
    const rawComments = usable.order.flatMap((o) => (o.kind === "comment" ? [o] : []));
    const sameComments = rawComments.length === h.comments.length && rawComments.every((c, j) => c.raw.slice(1).trim() === h.comments[j]);
    for (const o of usable.order) {
      if (o.kind === "record") lines.push(record);
      else if (o.kind === "signal") lines.push(signals[o.index]!);
      else if (o.kind === "comment") {
        if (sameComments) lines.push(o.raw);
      } else lines.push("");
    }
    if (!sameComments) lines.push(...h.comments.map((c) => `#${c}`));
    return lines.join("\n") + "\n";
  } else lines.push(record, ...h.signals.map((s) => formatSignalLine(s)));
  lines.push(...h.comments.map((c) => `#${c}`));
  return lines.join("\n") + "\n";
}
