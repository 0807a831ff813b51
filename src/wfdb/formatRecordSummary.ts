import type { RecordSummary } from "./describeRecord.js";

/** A plain-text table of a record's signals (what `ecgkit info` prints). */
export function formatRecordSummary(r: RecordSummary): string {
  const h = r.header;
  const when = [h.baseTime, h.baseDate].filter(Boolean).join(" ");
  const lines = [
    `record ${h.recordName}: ${r.signals.length} signals, ${h.samplingFrequencyHz} Hz, ${r.nSamples} samples (${r.durationS.toFixed(3)} s)${when ? `, starts ${when}` : ""}${h.segments ? `, ${h.segments.length} segments` : ""}`,
    "",
  ];
  const head = ["#", "name", "format", "gain", "baseline", "units", "fs (Hz)", "length", "checksum", "file"];
  const rows = r.signals.map((s) => [
    String(s.index),
    s.name,
    s.samplesPerFrame > 1 ? `${s.format}x${s.samplesPerFrame}` : String(s.format),
    String(s.adcGain),
    String(s.baseline),
    s.units,
    String(s.samplingFrequencyHz),
    String(s.nSamples),
    s.checksum,
    s.fileName,
  ]);
  const widths = head.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  lines.push(fmt(head), fmt(widths.map((w) => "-".repeat(w))), ...rows.map(fmt));
  if (h.comments.length) lines.push("", ...h.comments.map((c) => `# ${c}`));
  if (r.warnings.length) lines.push("", ...r.warnings.map((w) => `warning: ${w}`));
  return lines.join("\n") + "\n";
}
