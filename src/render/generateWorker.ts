/** Worker-thread entry of generateImages: runs generateRecord for each job it is sent. */
import { workerData } from "node:worker_threads";
import sharp from "sharp";
import { serveJobs } from "../util/runJobs.js";
import type { RecordEntry } from "./findRecords.js";
import { generateRecord, type GenerateRecordOptions } from "./generateRecord.js";

sharp.concurrency(1);
const { outDir, options } = workerData as { outDir: string; options: GenerateRecordOptions };

serveJobs((job: RecordEntry) => generateRecord(job.path, job.relPath, outDir, options));
