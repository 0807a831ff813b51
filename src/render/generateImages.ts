import { existsSync } from "node:fs";
import { join } from "node:path";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { OptionError } from "../errors.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { ProgressBar } from "../util/progress.js";
import { runJobs } from "../util/runJobs.js";
import { checkInteger } from "../util/validate.js";
import { findRecords, type RecordEntry } from "./findRecords.js";
import { generateRecord, type GenerateRecordOptions } from "./generateRecord.js";
import { YOLO_CLASSES } from "./yoloBoxes.js";

export interface GenerateImagesOptions extends GenerateRecordOptions {
  /** Worker threads. Default: all cores (os.availableParallelism()). 1 runs in this thread. */
  workers?: number;
  /** Run only shard `index` of `count` (0-based): record k (sorted) belongs to shard k mod count. Default: all. */
  shard?: { index: number; count: number };
  /** Show a progress bar on stderr. Default false. */
  progress?: boolean;
  /** Write outDir/generate-summary.json (or generate-summary-<i>-of-<N>.json for a shard): options, YOLO classes, counts, failures, warnings. Default true. */
  summaryFile?: boolean;
}

export interface GenerateSummary {
  records: number;
  generated: number;
  skipped: number;
  images: number;
  failed: { relPath: string; error: string }[];
  warnings: { relPath: string; warnings: string[] }[];
  seconds: number;
  workers: number;
}

/** Parses "i/N" (0-based i). */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new OptionError("shard", `expected i/N with 0 <= i < N, got "${text}"`);
  const count = checkInteger("shard", Number(m[2]), 1, 1e6);
  const index = checkInteger("shard", Number(m[1]), 0, count - 1);
  return { index, count };
}


/**
 * Generates images for every record under `input` into `outDir` (folders mirrored), on worker
 * threads. Each record's seed depends only on the base seed and its relative path, so output is
 * the same whatever the order, worker count or shard. A failing record is reported, not fatal.
 */
export async function generateImages(input: string, outDir: string, options: GenerateImagesOptions = {}): Promise<GenerateSummary> {
  const start = Date.now();
  let jobs = await findRecords(input);
  if (options.shard) {
    const { index, count } = options.shard;
    jobs = jobs.filter((_, k) => k % count === index);
  }
  const { workers: w, shard: _s, progress, summaryFile: _f, ...recordOptions } = options;
  const workerUrl = new URL("./generateWorker.js", import.meta.url);
  const canThread = existsSync(fileURLToPath(workerUrl));
  const workers = Math.max(1, Math.min(jobs.length, canThread ? checkInteger("workers", w ?? availableParallelism(), 1, 1024) : 1));
  const bar = progress ? new ProgressBar({ total: jobs.length, unit: "records" }) : undefined;
  const outcomes = await runJobs(jobs, {
    workers,
    runHere: (j) => generateRecord(j.path, j.relPath, outDir, recordOptions),
    workerUrl,
    workerData: { outDir, options: recordOptions },
    // A larger young generation: each page makes ~20k small arrays (plotted_pixels); fewer scavenges.
    resourceLimits: { maxYoungGenerationSizeMb: 96 },
    onDone: (_k, o) => bar?.tick(o.ok),
  });
  bar?.finish();
  const summary: GenerateSummary = { records: jobs.length, generated: 0, skipped: 0, images: 0, failed: [], warnings: [], seconds: (Date.now() - start) / 1000, workers };
  outcomes.forEach((o, k) => {
    if (!o.ok) summary.failed.push({ relPath: jobs[k]!.relPath, error: o.error });
    else if (o.result.skipped) summary.skipped++;
    else {
      summary.generated++;
      summary.images += o.result.pages;
      if (o.result.warnings.length) summary.warnings.push({ relPath: o.result.relPath, warnings: o.result.warnings });
    }
  });
  if (options.summaryFile ?? true) {
    const name = options.shard ? `generate-summary-${options.shard.index}-of-${options.shard.count}.json` : "generate-summary.json";
    const { progress: _p, ...recorded } = options;
    await writeFileAtomic(join(outDir, name), JSON.stringify({ input, options: recorded, yolo_classes: YOLO_CLASSES, ...summary }, null, 1));
  }
  return summary;
}
