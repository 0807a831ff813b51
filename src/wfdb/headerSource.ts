import type { SignalSpec, WfdbHeader } from "./types.js";

/** How a parsed header was written: its tokens and line order, so a rewrite can keep its spelling. */
export interface HeaderSource {
  /** Record-line tokens as written. */
  recordTokens: string[];
  /** Per signal line: the first eight tokens as written, and the spec they parsed to. */
  signalTokens: string[][];
  parsedSignals: SignalSpec[];
  parsedHeader: Omit<WfdbHeader, "signals" | "comments">;
  /** The file's lines in order: the record line, signal k, comment j (its raw text), or a blank line. */
  order: ({ kind: "record" } | { kind: "signal"; index: number } | { kind: "comment"; index: number; raw: string } | { kind: "blank" })[];
}

const SOURCES = new WeakMap<WfdbHeader, HeaderSource>();

export function rememberHeaderSource(header: WfdbHeader, source: HeaderSource): void {
  SOURCES.set(header, source);
}

/** The source of a header returned by parseHeader (undefined for headers built in code). */
export function headerSourceOf(header: WfdbHeader): HeaderSource | undefined {
  return SOURCES.get(header);
}
