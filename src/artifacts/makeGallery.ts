/**
 * `npm run gallery`: docs/gallery.png, a contact sheet of every artifact preset (three seeds each,
 * plus 1:1 crops of fax and photo, and a photo with the page small in the frame to show the desk)
 * beside real ECG scans and photos from the shared test data.
 */
import { createRequire } from "node:module";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { createCanvas, GlobalFonts, type SKRSContext2D } from "@napi-rs/canvas";
import sharp from "sharp";
import { renderPage } from "../render/renderPage.js";
import type { RgbaImage } from "../render/types.js";
import { sharedPath } from "../testdata.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { Rng } from "../util/rng.js";
import { readRecord } from "../wfdb/readRecord.js";
import { applyArtifacts } from "./applyArtifacts.js";
import { PRESET_NAMES } from "./artifactOptions.js";

const TILE_W = 236, TILE_H = 183, LABEL_H = 22, GAP = 6;
const REAL = ["ecg00001.png", "ecg00005.jpg", "ecg00027.jpg", "ecg00033.jpg", "ecg00039.jpg", "ecg00047.jpg"];
const RECORDS = ["E07500", "HR06000", "JS20000"];

export async function makeGallery(outPath: string): Promise<void> {
  const require = createRequire(import.meta.url);
  GlobalFonts.registerFromPath(require.resolve("@fontsource/roboto/files/roboto-latin-400-normal.woff2"), "ecgkit-gallery");
  const cinc = sharedPath("wfdb", "cinc2021");
  const names = readdirSync(cinc).filter((f) => f.endsWith(".hea")).map((f) => f.slice(0, -4));
  const records = RECORDS.map((r) => names.find((n) => n === r) ?? names[0]!);
  const pages = await Promise.all(records.map(async (name, i) => renderPage(await readRecord(resolve(cinc, name)), { gridColor: i === 1 ? "random" : "red", header: i === 2 ? "info" : "none" }, new Rng(`gallery-page-${i}`))));
  const rows: { label: string; tiles: { image: RgbaImage | string; caption: string; crop?: Centre }[] }[] = [];
  for (const preset of PRESET_NAMES) {
    const tiles: { image: RgbaImage; caption: string; crop?: Centre }[] = [];
    for (let i = 0; i < pages.length; i++) {
      const out = await applyArtifacts(pages[i]!, { preset }, new Rng(`gallery-${preset}-${i}`));
      const applied = Object.keys((out.annotation.ecgkit.artifacts as { applied: object }).applied);
      tiles.push({ image: out.image, caption: applied.length ? applied.join(", ") : "nothing applied" });
      if (i === 0 && (preset === "photo" || preset === "fax")) {
        // A 1:1 piece centred on a trace, to judge texture, noise and line quality.
        const pts = out.annotation.leads[1]?.plotted_pixels ?? [];
        const [cy, cx] = pts[pts.length >> 1] ?? [out.image.height / 2, out.image.width / 2];
        tiles.push({ image: out.image, caption: "1:1 crop", crop: { cx, cy } });
      }
    }
    if (preset === "photo") {
      // The page smaller in the frame, to show the desk scene (table edge, other sheet, objects) and a glare band.
      const out = await applyArtifacts(pages[2]!, { preset, background: { pageScale: [0.72, 0.78] }, lighting: { glareProbability: 1 } }, new Rng("gallery-photo-desk-3"));
      tiles.push({ image: out.image, caption: "photo, page at 0.75 scale, glare forced" });
    }
    rows.push({ label: preset, tiles });
  }
  const real = REAL.map((f) => ({ image: sharedPath("images", "real", f), caption: f }));
  rows.push({ label: "real", tiles: real.slice(0, 4) }, { label: "real", tiles: real.slice(4) });

  const cols = Math.max(...rows.map((r) => r.tiles.length));
  const left = 70;
  const width = left + cols * (TILE_W + GAP), height = rows.length * (TILE_H + LABEL_H + GAP) + GAP;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#303030";
  ctx.fillRect(0, 0, width, height);
  for (let r = 0; r < rows.length; r++) {
    const top = GAP + r * (TILE_H + LABEL_H + GAP);
    label(ctx, rows[r]!.label, 8, top + TILE_H / 2, 18);
    for (let c = 0; c < rows[r]!.tiles.length; c++) {
      const tile = rows[r]!.tiles[c]!;
      const x = left + c * (TILE_W + GAP);
      const thumb = await thumbnail(tile.image, tile.crop);
      const imageData = ctx.createImageData(thumb.width, thumb.height);
      imageData.data.set(thumb.data);
      ctx.putImageData(imageData, x + (TILE_W - thumb.width) / 2, top + (TILE_H - thumb.height) / 2);
      label(ctx, tile.caption.length > 44 ? `${tile.caption.slice(0, 42)}…` : tile.caption, x, top + TILE_H + 15, 11);
    }
  }
  const rgba = ctx.getImageData(0, 0, width, height).data;
  // Palette PNG keeps the sheet small enough for the repository (< 300 KB).
  const png = await sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width, height, channels: 4 } })
    .removeAlpha().png({ palette: true, colours: 24, quality: 50, dither: 0, compressionLevel: 9 })
    .toBuffer();
  await writeFileAtomic(outPath, png);
  process.stdout.write(`wrote ${outPath} (${width}x${height}, ${(png.length / 1024).toFixed(0)} KB)\n`);
}

function label(ctx: SKRSContext2D, text: string, x: number, y: number, sizePx: number): void {
  ctx.fillStyle = "#f0f0f0";
  ctx.font = `${sizePx}px ecgkit-gallery`;
  ctx.fillText(text, x, y);
}

interface Centre { cx: number; cy: number }

/** Fits an image (or a file) into a tile; `crop` takes a 1:1 piece around that point instead. */
async function thumbnail(image: RgbaImage | string, crop?: Centre): Promise<RgbaImage> {
  let s = typeof image === "string" ? sharp(image) : sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 4 } });
  if (crop && typeof image !== "string") {
    const left = Math.min(Math.max(0, Math.round(crop.cx - TILE_W / 2)), image.width - TILE_W);
    const top = Math.min(Math.max(0, Math.round(crop.cy - TILE_H / 2)), image.height - TILE_H);
    s = s.extract({ left, top, width: TILE_W, height: TILE_H });
  } else {
    s = s.resize(TILE_W, TILE_H, { fit: "inside" });
  }
  const { data, info } = await s.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  await makeGallery(process.argv[2] ?? resolve(root, "docs", "gallery.png"));
}
