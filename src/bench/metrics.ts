import { compareGridEstimators, GRID_METHODS } from "../digitize/grid/compareGridEstimators.js";
import { loadSignalSet } from "../metrics/loadSignalSet.js";
import { scoreRecord, type SignalSet } from "../metrics/scoreSignals.js";
import { sharedPath } from "../testdata.js";
import { readImage } from "../util/image.js";
import { median } from "../util/median.js";
import type { BenchRow } from "./benchRow.js";

const RUNS = 5;

function time(fn: () => void, runs = RUNS): number[] {
  fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push((performance.now() - t0) / 1000);
  }
  return t;
}

/** A plausible digitization: 5 % gain error, 0.1 mV offset, 12 ms late. */
function degrade(s: SignalSet): SignalSet {
  return { ...s, signals: s.signals.map((x) => x.map((_, i) => (i >= 6 ? 1.05 * x[i - 6]! + 0.1 : NaN))) };
}

/** scoreRecord per 12-lead record (page-masked and whole 10 s leads); grid estimators per 200 dpi page. */
export async function benchMetrics(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const masked = await loadSignalSet(sharedPath("images", "reference-renders", "clean", "E07500.hea"));
  const whole = await loadSignalSet(sharedPath("images", "ludb", "ludb001.csv"));
  const tm = median(time(() => scoreRecord(masked, degrade(masked))));
  const tw = median(time(() => scoreRecord(whole, degrade(whole))));
  rows.push({ area: "metrics", name: "scoreRecord, 12 leads as a 3x4+II page shows them", median: tm, unit: "s/record", runs: RUNS, note: "exact official alignment (bounded search)" });
  rows.push({ area: "metrics", name: "scoreRecord, 12 whole 10 s leads (500 Hz)", median: tw, unit: "s/record", runs: RUNS, note: `${(tw / tm).toFixed(1)}x the page-masked record (cost ~ T^2 per lead)` });
  const image = await readImage(sharedPath("images", "reference-renders", "clean", "E07500-0.png"));
  const times: Record<string, number[]> = {};
  for (let i = 0; i < 3; i++) for (const r of compareGridEstimators(image)) (times[r.estimate.method] ??= []).push(r.elapsedMs / 1000);
  const base = median(times.marginal!);
  for (const m of GRID_METHODS) {
    const t = median(times[m]!);
    rows.push({ area: "metrics", name: `grid ${m}, 2200x1700 px page`, median: t, unit: "s/image", runs: 3, note: m === "marginal" ? "baseline (the digitizer's)" : `${(t / base).toFixed(2)}x marginal` });
  }
  return rows;
}
