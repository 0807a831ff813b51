import { join } from "node:path";
import sharp from "sharp";
import { checkChoice } from "../util/validate.js";
import { writeFilesAtomic } from "../util/atomicWrite.js";
import { encodeRecord } from "../wfdb/writeRecord.js";
import type { WfdbRecord } from "../wfdb/types.js";
import { encodeRgbPng, canEncodeRgbPng } from "./encodeRgbPng.js";
import { encodeMaskPngs } from "./maskImages.js";
import { shownRecord } from "./shownRecord.js";
import type { PageAnnotation, RenderedPage, RgbaImage } from "./types.js";
import { yoloBoxes } from "./yoloBoxes.js";

export interface WritePageOptions {
  /** zlib level of the page PNG, 0-9. Default 1: the fastest; a 200-dpi letter page is ~0.8 MB (higher levels: smaller, several times the CPU). */
  pngCompressionLevel?: number;
  /**
   * Page PNG encoder. Default "sharp" (libpng, filter None; encodes off the main thread). "ecgkit":
   * RGB with the Up filter through node:zlib, files ~28% smaller, ~20% less CPU for the encode alone
   * but no less for a whole page in the batch pipeline (measured; see README "## Generate").
   */
  pngEncoder?: "ecgkit" | "sharp";
  /** Write <stem>-mask.png (8-bit, topmost cell + 1; overlapping pixels listed in the JSON as ecgkit.mask_overlaps). Default true. */
  masks?: boolean;
  /** Also write <stem>-mask16.png (16-bit, bit k = cell k). Default false. */
  mask16?: boolean;
  /** Write <stem>.txt with YOLO boxes. Default true. */
  yolo?: boolean;
  /** Write the WFDB record <stem>.hea/.dat. Default true. */
  record?: boolean;
  /** In that record, write samples the page does not show as invalid. Default false. */
  maskUnplotted?: boolean;
}

function isOpaque(image: RgbaImage): boolean {
  const d = image.data;
  if (d.byteOffset % 4 !== 0) {
    for (let i = 3; i < d.length; i += 4) if (d[i] !== 255) return false;
    return true;
  }
  // As int32 (little-endian), an opaque pixel has its top byte 0xff. AND-ing all pixels, four per
  // step without a branch, is ~3x faster than testing each one (~2 ms for a 200-dpi page).
  const px = new Int32Array(d.buffer, d.byteOffset, d.length >> 2);
  const n4 = px.length & ~3;
  let all = -1;
  for (let i = 0; i < n4; i += 4) all &= px[i]! & px[i + 1]! & px[i + 2]! & px[i + 3]!;
  for (let i = n4; i < px.length; i++) all &= px[i]!;
  return all >>> 24 === 255;
}

/** Encodes a page as PNG: RGB when every pixel is opaque (smaller, faster), else RGBA. */
export async function encodePagePng(image: RgbaImage, compressionLevel: number, pngEncoder: "ecgkit" | "sharp" = "sharp"): Promise<Uint8Array> {
  const encoder = checkChoice("pngEncoder", pngEncoder, ["ecgkit", "sharp"] as const);
  return (encoder === "ecgkit" && canEncodeRgbPng(image) ? encodeRgbPng(image, compressionLevel) : undefined) ?? encodePagePngSharp(image, compressionLevel);
}

/** The same through sharp (libpng, no adaptive filtering); also the fallback for pages with transparent pixels. */
export async function encodePagePngSharp(image: RgbaImage, compressionLevel: number): Promise<Buffer> {
  const raw = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  let s = sharp(raw, { raw: { width: image.width, height: image.height, channels: 4 } });
  if (isOpaque(image)) s = s.removeAlpha();
  return s.png({ compressionLevel, adaptiveFiltering: false }).toBuffer();
}

/**
 * Writes one page's files as a single atomic group, the JSON last (so its presence means the page
 * is complete): <stem>.png, -mask.png (-mask16.png), .txt, .hea/.dat, .json. Returns the paths.
 */
export async function writePageOutputs(dir: string, stem: string, page: RenderedPage, record: WfdbRecord, options: WritePageOptions = {}): Promise<string[]> {
  const { image, traceMask } = page;
  // A copy with the writer's additions, so the page passed in is left as it was.
  const warnings = [...((page.annotation.ecgkit.warnings as string[] | undefined) ?? [])];
  const annotation: PageAnnotation = { ...page.annotation, ecgkit: { ...page.annotation.ecgkit, warnings } };
  const files: { path: string; data: string | Uint8Array }[] = [];
  const png = encodePagePng(image, options.pngCompressionLevel ?? 1, options.pngEncoder);
  png.catch(() => undefined);
  files.push({ path: join(dir, `${stem}.png`), data: new Uint8Array(0) });
  if (options.masks ?? true) {
    const m = encodeMaskPngs(traceMask, image.width, image.height, options.mask16 ?? false);
    files.push({ path: join(dir, `${stem}-mask.png`), data: m.index });
    if (m.bits) files.push({ path: join(dir, `${stem}-mask16.png`), data: m.bits });
    annotation.ecgkit.mask_overlaps = m.overlaps;
  }
  if (options.yolo ?? true) files.push({ path: join(dir, `${stem}.txt`), data: yoloBoxes(annotation) });
  if (options.record ?? true) {
    const enc = encodeRecord(shownRecord(record, annotation, stem, options.maskUnplotted ?? false), { format: 16 });
    files.push({ path: join(dir, `${stem}.hea`), data: enc.header });
    for (const f of enc.signalFiles) files.push({ path: join(dir, f.name), data: f.data });
    warnings.push(...enc.warnings.map((w) => `record output: ${w}`));
  }
  files.push({ path: join(dir, `${stem}.json`), data: JSON.stringify(annotation) });
  files[0]!.data = await png;
  await writeFilesAtomic(files);
  return files.map((f) => f.path);
}
