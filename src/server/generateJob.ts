import sharp from "sharp";
import { strToU8, zipSync } from "fflate";
import { applyArtifacts } from "../artifacts/applyArtifacts.js";
import { renderPage } from "../render/renderPage.js";
import type { RenderedPage } from "../render/types.js";
import { encodePng } from "../util/image.js";
import { Rng } from "../util/rng.js";
import { readRecord } from "../wfdb/readRecord.js";
import { bundledRecordPath } from "./bundledRecords.js";
import type { JobOutput } from "./jobQueue.js";
import { readUploadedRecord } from "./readUploadedRecord.js";
import type { GenerateTask } from "./workerTask.js";

/**
 * One PNG per layout cell (white where that cell's trace is drawn) plus one of all traces, zipped.
 * One plane is reused for every cell, so memory stays at two bytes a pixel on 600-dpi pages.
 */
async function encodeMasks(page: RenderedPage): Promise<{ zip: Uint8Array; traces: Uint8Array }> {
  const { width, height } = page.image;
  const mask = page.traceMask;
  const plane = new Uint8Array(width * height);
  // Two-level images compress best without PNG's adaptive filters; the zip then only stores them.
  const toPng = () =>
    sharp(Buffer.from(plane.buffer), { raw: { width, height, channels: 1 } }).png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer();
  for (let i = 0; i < mask.length; i++) plane[i] = mask[i] ? 255 : 0;
  const entries: Record<string, Uint8Array> = { "traces.png": await toPng() };
  for (const lead of page.annotation.leads) {
    const bit = 1 << lead.cell;
    for (let i = 0; i < mask.length; i++) plane[i] = mask[i]! & bit ? 255 : 0;
    // Lead names come from the record (maybe uploaded): keep them out of zip paths.
    const name = `cell${String(lead.cell).padStart(2, "0")}-${lead.lead_name.replace(/[^A-Za-z0-9_-]/g, "_")}.png`;
    entries[name] = await toPng();
  }
  return { zip: zipSync(entries, { level: 0 }), traces: entries["traces.png"]! };
}

/** The few settings the page shows, picked from the annotation's ecgkit fields. */
function pageSettings(page: RenderedPage): Record<string, unknown> {
  const e = page.annotation.ecgkit as Record<string, any>;
  return {
    layout: e.layout?.name,
    paper: e.paper ? `${e.paper.name} ${e.paper.orientation} (${e.paper.width_mm} × ${e.paper.height_mm} mm)` : undefined,
    resolutionDpi: page.annotation.resolution,
    paperSpeedMmPerS: e.paper_speed_mm_per_s,
    gainMmPerMv: e.gain_mm_per_mv,
    gridColor: e.grid?.color ?? "none",
    artifacts: e.artifacts,
  };
}

/** Renders a bundled or uploaded record onto paper with artifacts; packages image, annotation and masks. */
export async function generateJob(task: GenerateTask, onStage: (stage: string) => void): Promise<JobOutput> {
  onStage("reading the record");
  let record;
  if ("bundled" in task.record) {
    const path = bundledRecordPath(task.record.bundled);
    if (!path) throw new Error(`no bundled record named ${task.record.bundled}`);
    record = await readRecord(path);
  } else {
    record = await readUploadedRecord(task.record.uploaded);
  }
  const rng = new Rng(task.seed);
  onStage("drawing the page");
  const rendered = await renderPage(record, task.render, rng.fork("render"));
  onStage("adding artifacts");
  const page = await applyArtifacts(rendered, task.artifacts, rng.fork("artifacts"));
  onStage("encoding the image, annotation and masks");
  // zlib level 4: a quarter of level 6's time on noisy pages for about 4 % more bytes.
  const masks = await encodeMasks(page);
  const files = [
    { name: "image.png", contentType: "image/png", data: new Uint8Array(await encodePng(page.image, 4)) },
    { name: "annotation.json", contentType: "application/json; charset=utf-8", data: strToU8(JSON.stringify(page.annotation)) },
    { name: "masks.zip", contentType: "application/zip", data: masks.zip },
    { name: "traces.png", contentType: "image/png", data: masks.traces },
  ];
  return {
    summary: {
      record: { name: record.name, signals: record.signalNames, samplingFrequencyHz: record.samplingFrequencyHz },
      image: { width: page.image.width, height: page.image.height },
      leads: page.annotation.leads.map((l) => l.lead_name),
      settings: pageSettings(page),
      warnings: (page.annotation.ecgkit.warnings as string[] | undefined) ?? record.warnings,
      files: files.map((f) => f.name),
    },
    files,
  };
}
