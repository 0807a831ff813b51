import { createRequire } from "node:module";
import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import type { Rgb } from "./gridColors.js";
import type { Quad, RgbaImage } from "./types.js";

/** Font families bundled through @fontsource (registered on first use; nothing is downloaded). */
export const FONT_FILES: Record<string, string> = {
  Roboto: "@fontsource/roboto/files/roboto-latin-400-normal.woff2",
  "Roboto Bold": "@fontsource/roboto/files/roboto-latin-700-normal.woff2",
  Caveat: "@fontsource/caveat/files/caveat-latin-400-normal.woff2",
  "Homemade Apple": "@fontsource/homemade-apple/files/homemade-apple-latin-400-normal.woff2",
  "Reenie Beanie": "@fontsource/reenie-beanie/files/reenie-beanie-latin-400-normal.woff2",
};

const registered = new Set<string>();
let probeContext: ReturnType<ReturnType<typeof createCanvas>["getContext"]> | undefined;

function ensureFont(family: string): void {
  if (registered.has(family)) return;
  const file = FONT_FILES[family];
  if (!file) throw new Error(`unknown font family ${family}`);
  const path = createRequire(import.meta.url).resolve(file);
  if (!GlobalFonts.registerFromPath(path, family)) throw new Error(`cannot load font ${path}`);
  registered.add(family);
}

export interface TextStyle {
  /** Font size in px (em height). */
  sizePx: number;
  family?: string;
  rgb: Rgb;
}

/**
 * Draws text with its alphabetic baseline starting at (x, y) px and returns the box of its
 * ink as a Quad [y, x]. Glyphs are rasterized by Skia on a small canvas and blended in.
 */
export function drawText(img: RgbaImage, text: string, x: number, y: number, style: TextStyle): Quad {
  const family = style.family ?? "Roboto";
  ensureFont(family);
  const font = `${style.sizePx}px "${family}"`;
  probeContext ??= createCanvas(1, 1).getContext("2d");
  const probe = probeContext;
  probe.font = font;
  const m = probe.measureText(text);
  const asc = Math.ceil(Math.max(m.actualBoundingBoxAscent, 0)) + 2;
  const desc = Math.ceil(Math.max(m.actualBoundingBoxDescent, 0)) + 2;
  const left = Math.ceil(Math.max(m.actualBoundingBoxLeft, 0)) + 2;
  const w = Math.max(1, Math.ceil(m.actualBoundingBoxRight) + left + 2);
  const h = Math.max(1, asc + desc);
  const x0 = Math.floor(x) - left;
  const y0 = Math.floor(y) - asc;
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext("2d");
  ctx.font = font;
  ctx.fillStyle = "#000";
  ctx.fillText(text, left + (x - Math.floor(x)), asc + (y - Math.floor(y)));
  const alpha = canvas.data();
  const { width, height, data } = img;
  const [r, g, b] = style.rgb;
  let cMin = Infinity, cMax = -Infinity, rMin = Infinity, rMax = -Infinity;
  for (let j = 0; j < h; j++) {
    const row = y0 + j;
    if (row < 0 || row >= height) continue;
    for (let i = 0; i < w; i++) {
      const col = x0 + i;
      if (col < 0 || col >= width) continue;
      const av = alpha[(j * w + i) * 4 + 3]!;
      if (av === 0) continue;
      const a = av / 255;
      const p = (row * width + col) * 4;
      data[p] = data[p]! + (r - data[p]!) * a;
      data[p + 1] = data[p + 1]! + (g - data[p + 1]!) * a;
      data[p + 2] = data[p + 2]! + (b - data[p + 2]!) * a;
      if (col < cMin) cMin = col;
      if (col > cMax) cMax = col;
      if (row < rMin) rMin = row;
      if (row > rMax) rMax = row;
    }
  }
  if (cMax < cMin) return boxQuad(x, y, x, y);
  return boxQuad(cMin, rMin, cMax + 1, rMax + 1);
}

/** Quad [y, x] corners (top-left, top-right, bottom-right, bottom-left) of a px rectangle. */
export function boxQuad(x0: number, y0: number, x1: number, y1: number): Quad {
  return [
    [y0, x0],
    [y0, x1],
    [y1, x1],
    [y1, x0],
  ];
}
