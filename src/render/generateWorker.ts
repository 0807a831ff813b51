/** Worker-thread entry of generateImages: runs generateRecord for each job it is sent. */
import { parentPort, workerData } from "node:worker_threads";
import sharp from "sharp";
import { generateRecord, type GenerateRecordOptions } from "./generateRecord.js";

sharp.concurrency(1);
const { outDir, options } = workerData as { outDir: string; options: GenerateRecordOptions };

parentPort!.on("message", async (job: { id: number; path: string; relPath: string }) => {
  try {
    const result = await generateRecord(job.path, job.relPath, outDir, options);
    parentPort!.postMessage({ id: job.id, ok: true, result });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, ok: false, error: (err as Error)?.message ?? String(err) });
  }
});
