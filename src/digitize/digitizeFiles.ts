import { availableParallelism } from "node:os";
import { runJobs } from "../util/runJobs.js";
import { digitizeFile, type DigitizeFileResult } from "./digitizeFile.js";
import type { DigitizeOptions } from "./types.js";

export interface DigitizeFilesOptions extends DigitizeOptions {
  /** Worker threads. Default: all cores, at most one per file; 1 runs in this thread. */
  workers?: number;
  /** Called after each file, in completion order. */
  onFile?: (outcome: DigitizeFileOutcome) => void;
}

export type DigitizeFileOutcome = { input: string; ok: true; result: DigitizeFileResult } | { input: string; ok: false; error: string };

/** Digitizes many image files into `outDir`; a failing file is reported, never stops the batch. */
export async function digitizeFiles(inputs: string[], outDir: string, options: DigitizeFilesOptions = {}): Promise<DigitizeFileOutcome[]> {
  const { workers, onFile, ...digitizeOptions } = options;
  const outcomes = await runJobs(
    inputs.map((path) => ({ path })),
    {
      workers: workers ?? availableParallelism(),
      runHere: (job) => digitizeFile(job.path, outDir, digitizeOptions),
      workerUrl: new URL("./digitizeWorker.js", import.meta.url),
      workerData: { outDir, options: digitizeOptions },
      onDone: (k, o) => onFile?.({ input: inputs[k]!, ...o }),
    },
  );
  return outcomes.map((o, k) => ({ input: inputs[k]!, ...o }));
}
