import sharp from "sharp";
import { digitizeImage } from "../digitize/digitizeImage.js";
import type { RgbaImage } from "../render/types.js";
import { readImage } from "../util/image.js";
import { encodeRecordDownloads } from "./encodeRecordDownloads.js";
import type { JobOutput } from "./jobQueue.js";
import type { DigitizeTask } from "./workerTask.js";

/** Widest image sent back to the page for display, px (downloads keep full resolution). */
const PREVIEW_MAX_WIDTH = 2400;

async function previewPng(image: RgbaImage): Promise<Uint8Array> {
  const raw = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return sharp(raw, { raw: { width: image.width, height: image.height, channels: 4 } })
    .resize({ width: PREVIEW_MAX_WIDTH, withoutEnlargement: true })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** Digitizes an uploaded image and packages what the Digitize page shows and offers. */
export async function digitizeJob(task: DigitizeTask, onStage: (stage: string) => void): Promise<JobOutput> {
  onStage("decoding the image");
  const image = await readImage(task.image, "uploaded image");
  onStage("digitizing: finding the grid, the layout and the traces");
  const result = await digitizeImage(image, { ...task.options, overlay: true });
  onStage("preparing the downloads");
  const downloads = encodeRecordDownloads(result.record, { report: result.report });
  const files = [{ name: "image.png", contentType: "image/png", data: await previewPng(image) }];
  if (result.overlay) files.push({ name: "overlay.png", contentType: "image/png", data: await previewPng(result.overlay) });
  files.push(...downloads.files);
  return {
    summary: {
      image: { width: image.width, height: image.height },
      report: result.report,
      leads: result.record.signals.map((s) => s.name),
      warnings: [...result.warnings, ...downloads.warnings],
      files: files.map((f) => f.name),
    },
    files,
  };
}
