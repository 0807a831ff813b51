import type { EvaluateFoldersResult } from "./evaluateFolders.js";

/** dB with two decimals; "inf" and "nan" spelled out. */
export function formatDb(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  return v.toFixed(2);
}

/** Plain-text table: one line per record with its leads, then the dataset mean. */
export function formatScores(result: EvaluateFoldersResult): string {
  const lines: string[] = [];
  for (const r of result.records) {
    const leads = r.score.leads.map((l) => `${l.name} ${formatDb(l.score.snrDb)}${l.score.shiftApplied ? "" : "*"}`).join("  ");
    lines.push(`${r.name.padEnd(16)} mean ${formatDb(r.score.meanSnrDb).padStart(7)} dB | ${leads}`);
  }
  for (const w of result.warnings) for (const m of w.messages) lines.push(`warning: ${w.record}: ${m}`);
  lines.push(`mean SNR over ${result.pairs} (record, lead) pairs of ${result.records.length} records: ${formatDb(result.meanSnrDb)} dB`);
  lines.push("(* = shift beyond 0.5 s or 1 mV, scored unshifted)");
  return lines.join("\n") + "\n";
}

/** JSON-safe copy: Infinity and NaN become the strings "inf" and "nan". */
export function scoresToJson(result: EvaluateFoldersResult): unknown {
  return JSON.parse(JSON.stringify(result, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? formatDb(v) : v)));
}
