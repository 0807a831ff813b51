import { basename, extname, join } from "node:path";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { readImage, writePng } from "../util/image.js";
import { writeRecord } from "../wfdb/writeRecord.js";
import { digitizeImage } from "./digitizeImage.js";
import type { DigitizeOptions, DigitizeReport } from "./types.js";

export interface DigitizeFileResult {
  input: string;
  stem: string;
  /** Files written (header, signal file, report, overlay). */
  files: string[];
  report: DigitizeReport;
  warnings: string[];
}

/**
 * Digitizes one image file into `outDir`: <stem>.hea/.dat (format 16, mV), <stem>.json (the
 * report) and, with `options.overlay`, <stem>-overlay.png. The record is named after the stem.
 */
export async function digitizeFile(input: string, outDir: string, options: DigitizeOptions = {}): Promise<DigitizeFileResult> {
  const stem = basename(input, extname(input));
  const image = await readImage(input);
  const result = await digitizeImage(image, { ...options, recordName: stem });
  const written = await writeRecord(outDir, result.record, { format: 16 });
  const warnings = [...result.warnings, ...written.warnings];
  const files = [written.headerPath, join(outDir, `${stem}.dat`)];
  const jsonPath = join(outDir, `${stem}.json`);
  await writeFileAtomic(jsonPath, JSON.stringify({ input, ...result.report, warnings }, null, 2) + "\n");
  files.push(jsonPath);
  if (result.overlay) {
    const overlayPath = join(outDir, `${stem}-overlay.png`);
    await writePng(overlayPath, result.overlay, 3);
    files.push(overlayPath);
  }
  return { input, stem, files, report: result.report, warnings };
}
