/** Worker-thread entry of digitizeFiles: digitizes each file it is sent. */
import { parentPort, workerData } from "node:worker_threads";
import { digitizeFile } from "./digitizeFile.js";
import type { DigitizeOptions } from "./types.js";

const { outDir, options } = workerData as { outDir: string; options: DigitizeOptions };

parentPort!.on("message", async (job: { id: number; path: string }) => {
  try {
    const result = await digitizeFile(job.path, outDir, options);
    parentPort!.postMessage({ id: job.id, ok: true, result });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, ok: false, error: (err as Error)?.message ?? String(err) });
  }
});
