import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { WfdbFormatError } from "../errors.js";
import { readRecord } from "../wfdb/readRecord.js";
import type { SignalSet } from "./scoreSignals.js";

export interface LoadSignalSetOptions {
  /** Sampling frequency of CSV files (they carry none), Hz. Default 500. */
  csvSamplingFrequencyHz?: number;
}

export interface LoadedSignalSet extends SignalSet {
  warnings: string[];
}

/** Factor to mV of a WFDB unit string; undefined when it is not a voltage. */
function toMv(units: string): number | undefined {
  const u = units.trim().toLowerCase();
  if (u === "mv") return 1;
  if (u === "uv" || u === "µv" || u === "μv") return 1e-3;
  if (u === "v") return 1e3;
  return undefined;
}

/**
 * Parses a CSV of signals: a header row of lead names, then one row per sample; empty cells and
 * "nan" are NaN (ECG-Image-Kit/ECGMiner style, values in mV).
 */
export function parseSignalCsv(text: string, file: string, samplingFrequencyHz: number): LoadedSignalSet {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new WfdbFormatError({ file, line: 1 }, "empty CSV: expected a header row of lead names");
  const names = lines[0]!.split(",").map((s) => s.trim().replace(/^"|"$/g, ""));
  if (names.some((n) => n === "" || !Number.isNaN(Number(n)))) {
    throw new WfdbFormatError({ file, line: 1 }, `expected a header row of lead names, got "${lines[0]}"`);
  }
  const n = lines.length - 1;
  const signals = names.map(() => new Float64Array(n));
  for (let r = 0; r < n; r++) {
    const cells = lines[r + 1]!.split(",");
    for (let c = 0; c < names.length; c++) {
      const cell = (cells[c] ?? "").trim();
      const v = cell === "" || /^nan$/i.test(cell) ? NaN : Number(cell);
      if (Number.isNaN(v) && cell !== "" && !/^nan$/i.test(cell)) {
        throw new WfdbFormatError({ file, line: r + 2, field: names[c] }, `expected a number or an empty cell, got "${cell}"`);
      }
      signals[c]![r] = v;
    }
  }
  return { samplingFrequencyHz, names, signals, warnings: [] };
}

/** Loads a WFDB record (path with or without .hea) or a CSV (.csv) as named signals in mV. */
export async function loadSignalSet(path: string, options: LoadSignalSetOptions = {}): Promise<LoadedSignalSet> {
  if (path.toLowerCase().endsWith(".csv")) {
    return parseSignalCsv(await readFile(path, "utf8"), basename(path), options.csvSamplingFrequencyHz ?? 500);
  }
  const rec = await readRecord(path);
  const warnings = [...rec.warnings];
  const signals = rec.physical.map((s, i) => {
    const f = toMv(rec.units[i] ?? "mV");
    if (f === undefined) {
      warnings.push(`signal ${rec.signalNames[i]} is in "${rec.units[i]}", not a voltage: scored as if mV`);
      return s;
    }
    return f === 1 ? s : s.map((v) => v * f);
  });
  return { samplingFrequencyHz: rec.samplingFrequencyHz, names: rec.signalNames, signals, warnings };
}
