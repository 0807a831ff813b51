/**
 * `npm run eval [-- SET ... --limit N --records N]`: runs digitizeImage over the shared test images and scores
 * it (Challenge 2024 SNR). Sets: clean, varied (ECG-Image-Kit reference renders vs their WFDB
 * truth), ludb (ECGMiner renders vs the CSV truth reduced to the 3x4 + II windows, with ECGMiner's
 * own output scored the same way as a baseline), real (no truth: Einthoven residual), scan and
 * photo (the first `--records` cinc2021 records, default 3, rendered by ecgkit with a fixed seed,
 * artifacts applied, in memory).
 * Prints one line per image and a mean per set; writes out/eval.md.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { applyArtifacts } from "../artifacts/applyArtifacts.js";
import { digitizeImage } from "../digitize/digitizeImage.js";
import { renderPage } from "../render/renderPage.js";
import { shownRecord } from "../render/shownRecord.js";
import type { RgbaImage } from "../render/types.js";
import { sharedPath } from "../testdata.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { readImage } from "../util/image.js";
import { Rng } from "../util/rng.js";
import { readRecord } from "../wfdb/readRecord.js";
import { einthovenResidual } from "./einthovenResidual.js";
import { formatDb } from "./formatScores.js";
import { loadSignalSet } from "./loadSignalSet.js";
import { maskToLayout } from "./maskToLayout.js";
import { nanMean, scoreRecord, type SignalSet } from "./scoreSignals.js";

export const EVAL_SETS = ["clean", "varied", "ludb", "real", "scan", "photo"] as const;
export type EvalSet = (typeof EVAL_SETS)[number];

interface Item {
  name: string;
  image: () => Promise<RgbaImage>;
  truth?: () => Promise<SignalSet>;
  baseline?: () => Promise<SignalSet>;
}

export interface ImageResult {
  set: EvalSet;
  name: string;
  /** Mean SNR over the record's leads (NaN without truth). */
  snrDb: number;
  baselineSnrDb?: number;
  /** Einthoven residual rms(II - I - III)/rms(II) of the digitized record. */
  einthoven: number;
  leadsOut: number;
  seconds: number;
  error?: string;
  warnings: number;
  /** Per-lead scores, kept for the per-set mean over (record, lead) pairs. */
  leadDb: number[];
  baselineLeadDb: number[];
}

/** cinc2021 records rendered for the scan and photo sets unless asked otherwise (3 keeps a run short; 20 shows the spread). */
const RENDER_RECORDS = 3;

async function listItems(set: EvalSet, renderRecords: number): Promise<Item[]> {
  const imagesDir = sharedPath("images");
  if (set === "clean" || set === "varied") {
    const dir = join(imagesDir, "reference-renders", set);
    return (await readdir(dir))
      .filter((f) => f.endsWith("-0.png"))
      .sort()
      .map((f) => ({
        name: f,
        image: () => readImage(join(dir, f)),
        truth: () => loadSignalSet(join(dir, f.replace(/-0\.png$/, ".hea"))),
      }));
  }
  if (set === "ludb") {
    const dir = join(imagesDir, "ludb");
    return (await readdir(dir))
      .filter((f) => /^ludb\d+\.png$/.test(f))
      .sort()
      .map((f) => {
        const stem = f.replace(/\.png$/, "");
        return {
          name: f,
          image: () => readImage(join(dir, f)),
          truth: async () => maskToLayout(await loadSignalSet(join(dir, `${stem}.csv`)), "3x4+1"),
          baseline: () => loadSignalSet(join(dir, `${stem}.ecgminer.csv`)),
        };
      });
  }
  if (set === "real") {
    const dir = join(imagesDir, "real");
    return (await readdir(dir))
      .filter((f) => /\.(png|jpe?g|bmp|tiff?|webp)$/i.test(f))
      .sort()
      .map((f) => ({ name: f, image: () => readImage(join(dir, f)) }));
  }
  // scan / photo: ecgkit's own pages, rendered in memory with a fixed seed.
  const dir = sharedPath("wfdb", "cinc2021");
  const heads = (await readdir(dir)).filter((f) => f.endsWith(".hea")).sort().slice(0, renderRecords);
  return heads.map((f) => {
    let page: Promise<{ image: RgbaImage; truth: SignalSet }> | undefined;
    const make = () =>
      (page ??= (async () => {
        const record = await readRecord(join(dir, f));
        const rng = new Rng(`eval-${set}-${f}`);
        const rendered = await renderPage(record, {}, rng.fork("render"));
        const withArtifacts = await applyArtifacts(rendered, { preset: set }, rng.fork("artifacts"));
        return { image: withArtifacts.image, truth: toSignalSet(shownRecord(record, withArtifacts.annotation, f, true)) };
      })());
    return { name: `${f.replace(/\.hea$/, "")}-${set}`, image: async () => (await make()).image, truth: async () => (await make()).truth };
  });
}

function toSignalSet(record: { samplingFrequencyHz: number; signals: { name: string; physical: Float64Array | number[] }[] }): SignalSet {
  return {
    samplingFrequencyHz: record.samplingFrequencyHz,
    names: record.signals.map((s) => s.name),
    signals: record.signals.map((s) => Float64Array.from(s.physical)),
  };
}

async function evaluateItem(set: EvalSet, item: Item): Promise<ImageResult> {
  const out: ImageResult = { set, name: item.name, snrDb: NaN, einthoven: NaN, leadsOut: 0, seconds: 0, warnings: 0, leadDb: [], baselineLeadDb: [] };
  const truth = item.truth ? await item.truth() : undefined;
  let est: SignalSet | undefined;
  const image = await item.image();
  const t0 = performance.now();
  try {
    const result = await digitizeImage(image, {});
    est = toSignalSet(result.record);
    out.warnings = result.warnings.length;
    out.leadsOut = est.signals.filter((s) => s.some(Number.isFinite)).length;
    out.einthoven = einthovenResidual(est);
  } catch (err) {
    out.error = (err as Error).message;
  }
  out.seconds = (performance.now() - t0) / 1000;
  if (truth) {
    const score = scoreRecord(truth, est);
    out.leadDb = score.leads.map((l) => l.score.snrDb);
    out.snrDb = score.meanSnrDb;
    if (item.baseline) {
      const b = scoreRecord(truth, await item.baseline());
      out.baselineLeadDb = b.leads.map((l) => l.score.snrDb);
      out.baselineSnrDb = b.meanSnrDb;
    }
  }
  return out;
}

function describe(r: ImageResult): string {
  const parts = [`${r.set.padEnd(6)} ${r.name.padEnd(24)}`];
  if (r.leadDb.length) parts.push(`${formatDb(r.snrDb).padStart(7)} dB`);
  if (r.baselineSnrDb !== undefined) parts.push(`(ECGMiner ${formatDb(r.baselineSnrDb)} dB)`);
  parts.push(`Einthoven ${Number.isFinite(r.einthoven) ? r.einthoven.toFixed(2) : "-"}`, `${r.leadsOut} leads`, `${r.seconds.toFixed(2)} s`);
  if (r.error) parts.push(`ERROR ${r.error}`);
  else if (r.warnings) parts.push(`${r.warnings} warnings`);
  return parts.join("  ");
}

export interface SetSummary {
  set: EvalSet;
  images: number;
  failed: number;
  /** Mean over (record, lead) pairs, as the Challenge score. */
  meanSnrDb: number;
  baselineSnrDb?: number;
  meanEinthoven: number;
  /** Images whose record came out with all 12 leads holding values. */
  twelveLeads: number;
  meanSeconds: number;
}

export function summarize(set: EvalSet, results: ImageResult[]): SetSummary {
  const baseline = results.flatMap((r) => r.baselineLeadDb);
  return {
    set,
    images: results.length,
    failed: results.filter((r) => r.error).length,
    meanSnrDb: nanMean(results.flatMap((r) => r.leadDb)),
    baselineSnrDb: baseline.length ? nanMean(baseline) : undefined,
    meanEinthoven: nanMean(results.map((r) => r.einthoven)),
    twelveLeads: results.filter((r) => r.leadsOut === 12).length,
    meanSeconds: nanMean(results.map((r) => r.seconds)),
  };
}

export function markdownReport(summaries: SetSummary[], results: ImageResult[]): string {
  const lines = [
    "# ecgkit digitizer evaluation (npm run eval)",
    "",
    "| set | images | failed | 12 leads out | mean SNR (dB) | ECGMiner (dB) | mean Einthoven residual | s/image |",
    "|---|---|---|---|---|---|---|---|",
    ...summaries.map(
      (s) =>
        `| ${s.set} | ${s.images} | ${s.failed} | ${s.twelveLeads} | ${s.set === "real" ? "-" : formatDb(s.meanSnrDb)} | ${s.baselineSnrDb === undefined ? "-" : formatDb(s.baselineSnrDb)} | ${Number.isFinite(s.meanEinthoven) ? s.meanEinthoven.toFixed(2) : "-"} | ${s.meanSeconds.toFixed(2)} |`,
    ),
    "",
    "| set | image | SNR (dB) | ECGMiner (dB) | Einthoven | leads | s | note |",
    "|---|---|---|---|---|---|---|---|",
    ...results.map(
      (r) =>
        `| ${r.set} | ${r.name} | ${r.leadDb.length ? formatDb(r.snrDb) : "-"} | ${r.baselineSnrDb === undefined ? "-" : formatDb(r.baselineSnrDb)} | ${Number.isFinite(r.einthoven) ? r.einthoven.toFixed(2) : "-"} | ${r.leadsOut} | ${r.seconds.toFixed(2)} | ${r.error ? `error: ${r.error.replace(/\|/g, "/")}` : r.warnings ? `${r.warnings} warnings` : ""} |`,
    ),
    "",
    `Generated ${new Date().toISOString()}. SNR: mean over (record, lead) pairs; Einthoven: rms(II - I - III) / rms(II) where all three are read.`,
  ];
  return lines.join("\n") + "\n";
}

/** Runs the named sets (all by default), printing progress; returns the per-set summaries. */
export async function evaluateDatasets(sets: EvalSet[], limit = Infinity, renderRecords = RENDER_RECORDS): Promise<{ summaries: SetSummary[]; results: ImageResult[] }> {
  const results: ImageResult[] = [];
  const summaries: SetSummary[] = [];
  for (const set of sets) {
    let items: Item[];
    try {
      items = (await listItems(set, renderRecords)).slice(0, limit);
    } catch (err) {
      process.stderr.write(`${set}: cannot list images: ${(err as Error).message}\n`);
      continue;
    }
    process.stderr.write(`${set}: ${items.length} images\n`);
    const mine: ImageResult[] = [];
    for (const item of items) {
      let r: ImageResult;
      try {
        r = await evaluateItem(set, item);
      } catch (err) {
        r = { set, name: item.name, snrDb: NaN, einthoven: NaN, leadsOut: 0, seconds: 0, warnings: 0, leadDb: [], baselineLeadDb: [], error: `setup: ${(err as Error).message}` };
      }
      mine.push(r);
      process.stdout.write(describe(r) + "\n");
    }
    const s = summarize(set, mine);
    summaries.push(s);
    results.push(...mine);
    const base = s.baselineSnrDb === undefined ? "" : `, ECGMiner ${formatDb(s.baselineSnrDb)} dB`;
    const score = set === "real" ? `Einthoven residual ${s.meanEinthoven.toFixed(2)}` : `${formatDb(s.meanSnrDb)} dB${base}`;
    process.stdout.write(`== ${set}: ${score} over ${s.images} images (${s.failed} failed, ${s.twelveLeads} with 12 leads), ${s.meanSeconds.toFixed(2)} s/image\n`);
  }
  return { summaries, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const li = args.indexOf("--limit"), ri = args.indexOf("--records");
  const limit = li >= 0 ? Number(args[li + 1]) : Infinity;
  const records = ri >= 0 ? Number(args[ri + 1]) : RENDER_RECORDS;
  if (!(Number.isInteger(records) && records > 0)) {
    process.stderr.write(`--records: expected a whole number of records above 0, got ${args[ri + 1]}\n`);
    process.exit(2);
  }
  const named = args.filter((a, i) => !a.startsWith("--") && (li < 0 || i !== li + 1) && (ri < 0 || i !== ri + 1));
  const unknown = named.filter((a) => !(EVAL_SETS as readonly string[]).includes(a));
  if (unknown.length) {
    process.stderr.write(`unknown set(s) ${unknown.join(", ")}; known: ${EVAL_SETS.join(", ")}\n`);
    process.exit(2);
  }
  const { summaries, results } = await evaluateDatasets(named.length ? (named as EvalSet[]) : [...EVAL_SETS], limit, records);
  process.stdout.write("\n" + summaries.map((s) => `${s.set.padEnd(7)} ${s.set === "real" ? `Einthoven ${s.meanEinthoven.toFixed(2)}` : `${formatDb(s.meanSnrDb)} dB`}${s.baselineSnrDb === undefined ? "" : ` (ECGMiner ${formatDb(s.baselineSnrDb)} dB)`}  ${s.meanSeconds.toFixed(2)} s/image`).join("\n") + "\n");
  await writeFileAtomic("out/eval.md", markdownReport(summaries, results));
  process.stdout.write("wrote out/eval.md\n");
}
