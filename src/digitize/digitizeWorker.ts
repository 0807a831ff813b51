/** Worker-thread entry of digitizeFiles: digitizes each file it is sent. */
import { workerData } from "node:worker_threads";
import { serveJobs } from "../util/runJobs.js";
import { digitizeFile } from "./digitizeFile.js";
import type { DigitizeOptions } from "./types.js";

const { outDir, options } = workerData as { outDir: string; options: DigitizeOptions };

serveJobs((job: { path: string }) => digitizeFile(job.path, outDir, options));
