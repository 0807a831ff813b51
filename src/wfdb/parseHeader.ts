import { WfdbFormatError } from "../errors.js";
import { fieldError, parseIntegerField } from "./headerFields.js";
import { parseRecordLine } from "./parseRecordLine.js";
import { rememberHeaderSource, type HeaderSource } from "./headerSource.js";
import { parseSignalLine } from "./parseSignalLine.js";
import type { WfdbHeader } from "./types.js";

/**
 * Parses the text of a .hea file (single- or multi-segment). `file` names the file in errors.
 * Comments (`#` lines) may appear anywhere; blank lines are skipped; fields split on any run of
 * spaces or tabs.
 */
export function parseHeader(text: string, file: string): WfdbHeader {
  const comments: string[] = [];
  const lines: { tokens: string[]; text: string; line: number }[] = [];
  const order: HeaderSource["order"] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith("#")) {
      order.push({ kind: "comment", index: comments.length, raw: trimmed });
      comments.push(trimmed.slice(1).trim());
    } else if (trimmed) {
      order.push(lines.length === 0 ? { kind: "record" } : { kind: "signal", index: lines.length - 1 });
      lines.push({ tokens: trimmed.split(/[ \t]+/), text: raw, line: i + 1 });
    } else order.push({ kind: "blank" });
  });
  while (order.at(-1)?.kind === "blank") order.pop();
  if (lines.length === 0) {
    throw new WfdbFormatError({ file, line: 1, field: "record line" }, "expected a record line (name, number of signals, ...), found an empty header");
  }
  const first = lines[0]!;
  const rec = parseRecordLine(first.tokens, { file, line: first.line });
  const header: WfdbHeader = {
    recordName: rec.recordName,
    nSignals: rec.nSignals,
    samplingFrequencyHz: rec.samplingFrequencyHz,
    signals: [],
    comments,
  };
  if (rec.counterFrequencyHz !== undefined) header.counterFrequencyHz = rec.counterFrequencyHz;
  if (rec.baseCounter !== undefined) header.baseCounter = rec.baseCounter;
  if (rec.nSamples !== undefined) header.nSamples = rec.nSamples;
  if (rec.baseTime !== undefined) header.baseTime = rec.baseTime;
  if (rec.baseDate !== undefined) header.baseDate = rec.baseDate;

  const expectedLines = rec.nSegments ?? rec.nSignals;
  const what = rec.nSegments !== undefined ? "segment line" : "signal line";
  if (lines.length - 1 < expectedLines) {
    const lastLine = text.split(/\r?\n/).length;
    throw new WfdbFormatError(
      { file, line: lastLine, field: what },
      `expected ${expectedLines} ${what}s after the record line (it says ${expectedLines}), found ${lines.length - 1}: the header is truncated`,
    );
  }
  if (lines.length - 1 > expectedLines) {
    const extra = lines[expectedLines + 1]!;
    throw new WfdbFormatError(
      { file, line: extra.line, field: what },
      `expected ${expectedLines} ${what}s as the record line says, found more (line ${extra.line} is extra)`,
    );
  }
  const rest = lines.slice(1);
  header.lineNumbers = rest.map((l) => l.line);
  header.recordLineNumber = first.line;
  if (rec.nSegments !== undefined) {
    header.segments = rest.map(({ tokens, line }) => {
      const at = { file, line };
      if (tokens.length < 2) throw fieldError(at, "segment length", "a segment name and its number of samples", tokens[1]);
      const n = parseIntegerField(at, "segment length", tokens[1], "a whole number of samples");
      if (n < 0) throw fieldError(at, "segment length", "a whole number of samples", tokens[1]);
      return { name: tokens[0]!, nSamples: n };
    });
  } else {
    header.signals = rest.map(({ tokens, text: t, line }) => parseSignalLine(tokens, t, { file, line }));
    const { signals, comments: _c, ...parsedHeader } = header;
    rememberHeaderSource(header, {
      recordTokens: first.tokens,
      signalTokens: rest.map((l) => l.tokens.slice(0, 8)),
      parsedSignals: signals.map((s) => ({ ...s })),
      parsedHeader: { ...parsedHeader },
      order,
    });
  }
  return header;
}
