import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
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
  const size = Math.max(1, Math.min(workers ?? availableParallelism(), inputs.length));
  const outcomes: DigitizeFileOutcome[] = new Array(inputs.length);
  const done = (k: number, o: DigitizeFileOutcome) => {
    outcomes[k] = o;
    onFile?.(o);
  };
  if (size === 1) {
    for (let k = 0; k < inputs.length; k++) {
      try {
        done(k, { input: inputs[k]!, ok: true, result: await digitizeFile(inputs[k]!, outDir, digitizeOptions) });
      } catch (err) {
        done(k, { input: inputs[k]!, ok: false, error: (err as Error)?.message ?? String(err) });
      }
    }
    return outcomes;
  }
  await new Promise<void>((resolve) => {
    let next = 0;
    let finished = 0;
    const settle = (k: number, o: DigitizeFileOutcome) => {
      done(k, o);
      if (++finished === inputs.length) resolve();
    };
    const start = () => {
      const worker = new Worker(new URL("./digitizeWorker.js", import.meta.url), { workerData: { outDir, options: digitizeOptions } });
      let current = -1;
      const feed = () => {
        if (next >= inputs.length) {
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ id: current, path: inputs[current]! });
      };
      worker.on("message", (m: { id: number; ok: boolean; result?: DigitizeFileResult; error?: string }) => {
        settle(m.id, m.ok ? { input: inputs[m.id]!, ok: true, result: m.result! } : { input: inputs[m.id]!, ok: false, error: m.error ?? "failed" });
        current = -1;
        feed();
      });
      worker.on("error", (err) => {
        // A crashed worker fails only its file; a fresh worker takes over the queue.
        if (current >= 0) settle(current, { input: inputs[current]!, ok: false, error: `worker crashed: ${err.message}` });
        current = -1;
        if (next < inputs.length) start();
      });
      feed();
    };
    for (let i = 0; i < size; i++) start();
  });
  return outcomes;
}
