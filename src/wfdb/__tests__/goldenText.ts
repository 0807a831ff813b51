import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { sharedPath } from "../../testdata.js";

/** Rows of a golden rdsamp/rdann output in shared/data/wfdb/golden ("-" = invalid -> NaN). */
export function goldenRows(name: string): string[][] {
  const raw = readFileSync(sharedPath("wfdb", "golden", name));
  const text = (name.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(/\s+/));
}

/** Half a unit in the last printed decimal place. */
export function printedTolerance(token: string): number {
  const dot = token.indexOf(".");
  return dot < 0 ? 0 : 0.5 * 10 ** -(token.length - dot - 1) + 1e-12;
}

export const wfdbData = (...p: string[]) => sharedPath("wfdb", ...p);
