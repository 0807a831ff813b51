import { createRequire } from "node:module";
import { createCanvas, GlobalFonts, type SKRSContext2D } from "@napi-rs/canvas";
import type { ObjectBox, PageAnnotation, Quad, RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import type { InkName, ResolvedArtifactOptions } from "../artifactOptions.js";
import { drawCount, drawRange, r4 } from "../draw.js";
import { pickNote } from "./notes.js";

/** Handwriting faces shipped as npm packages; `scale` evens out their different letter heights. */
const FACES = [
  { family: "ecgkit-caveat", file: "@fontsource/caveat/files/caveat-latin-400-normal.woff2", scale: 1.15 },
  { family: "ecgkit-homemade-apple", file: "@fontsource/homemade-apple/files/homemade-apple-latin-400-normal.woff2", scale: 0.8 },
  { family: "ecgkit-reenie-beanie", file: "@fontsource/reenie-beanie/files/reenie-beanie-latin-400-normal.woff2", scale: 1.3 },
];

const INKS: Record<InkName, [number, number, number]> = { blue: [25, 45, 150], black: [25, 25, 35], red: [175, 25, 35] };

let fontsRegistered = false;
function registerFonts(): void {
  if (fontsRegistered) return;
  const require = createRequire(import.meta.url);
  for (const face of FACES) GlobalFonts.registerFromPath(require.resolve(face.file), face.family);
  fontsRegistered = true;
}

/**
 * Clinical notes in handwriting faces, drawn glyph by glyph with jitter, slant, baseline drift and
 * pressure (opacity and stroke weight), in blue, black or red ink; optional underlines, arrows and
 * circled lead labels. Ink is multiplied into the page (it darkens, never lightens). Every note,
 * circle and arrow gets a box in `objects` (kind "handwriting"). The trace mask is not changed.
 */
export function drawHandwriting(image: RgbaImage, annotation: PageAnnotation, options: ResolvedArtifactOptions["handwriting"], rng: Rng, pxPerMm: number): { applied: Record<string, unknown>; objects: ObjectBox[] } {
  registerFonts();
  const objects: ObjectBox[] = [];
  const notes: Record<string, unknown>[] = [];
  const count = drawCount(rng, options.notes);
  for (let n = 0; n < count; n++) {
    const face = rng.pick(FACES);
    const ink = rng.pick(options.inks);
    const text = pickNote(rng);
    const sizePx = drawRange(rng, options.sizeMm) * pxPerMm * face.scale;
    const slantDeg = drawRange(rng, options.slantDeg);
    const angleDeg = drawRange(rng, options.angleDeg);
    const jitter = drawRange(rng, options.jitterFraction);
    const cx = rng.uniform(0.05, 0.95) * image.width, cy = rng.uniform(0.05, 0.95) * image.height;
    const underline = rng.chance(options.underlineProbability);
    const arrow = rng.chance(options.arrowProbability);
    const box = drawNote(image, { text, family: face.family, sizePx, slantDeg, angleDeg, jitter, ink: INKS[ink], cx, cy, underline, arrow }, rng);
    objects.push({ kind: "handwriting", text, box });
    notes.push({ text, font: face.family, ink, sizePx: r4(sizePx), slantDeg: r4(slantDeg), angleDeg: r4(angleDeg), jitterFraction: r4(jitter), centerYX: [r4(cy), r4(cx)], underline, arrow });
  }
  const circles: Record<string, unknown>[] = [];
  const labelled = annotation.leads.filter((l) => l.text_bounding_box);
  if (labelled.length > 0 && rng.chance(options.circleProbability)) {
    const lead = rng.pick(labelled);
    const ink = rng.pick(options.inks);
    const box = circleBox(image, lead.text_bounding_box!, INKS[ink], rng, pxPerMm);
    objects.push({ kind: "handwriting", text: `circle:${lead.lead_name}`, box });
    circles.push({ lead: lead.lead_name, cell: lead.cell, ink });
  }
  return { applied: { notes, circles }, objects };
}

interface NoteSpec {
  text: string; family: string; sizePx: number; slantDeg: number; angleDeg: number; jitter: number;
  ink: [number, number, number]; cx: number; cy: number; underline: boolean; arrow: boolean;
}

function drawNote(image: RgbaImage, s: NoteSpec, rng: Rng): Quad {
  const measure = createCanvas(8, 8).getContext("2d");
  measure.font = `${s.sizePx}px ${s.family}`;
  const glyphs = [...s.text].map((ch) => ({ ch, w: measure.measureText(ch).width * rng.uniform(0.95, 1.08) }));
  const textW = glyphs.reduce((a, g) => a + g.w, 0);
  const arrowW = s.arrow ? s.sizePx * 1.6 : 0;
  const w = textW + arrowW, asc = s.sizePx * 0.8, desc = s.sizePx * (s.underline ? 0.45 : 0.3);
  const side = Math.ceil(Math.hypot(w, asc + desc) + 2 * s.sizePx);
  const canvas = createCanvas(side, side);
  const ctx = canvas.getContext("2d");
  const colour = `rgb(${s.ink.join(",")})`;
  ctx.fillStyle = colour;
  ctx.strokeStyle = colour;
  ctx.lineCap = "round";
  ctx.translate(side / 2, side / 2);
  ctx.rotate((-s.angleDeg * Math.PI) / 180);
  ctx.translate(-w / 2, 0);
  ctx.font = `${s.sizePx}px ${s.family}`;
  const slant = Math.tan((s.slantDeg * Math.PI) / 180);
  let pen = 0, drift = 0, driftLo = 0, driftHi = 0;
  const driftStep = rng.uniform(-0.03, 0.03) * s.sizePx;
  for (const g of glyphs) {
    drift += driftStep + rng.normal(0, 0.015) * s.sizePx;
    driftLo = Math.min(driftLo, drift);
    driftHi = Math.max(driftHi, drift);
    ctx.save();
    ctx.translate(pen + rng.normal(0, s.jitter) * s.sizePx, drift + rng.normal(0, s.jitter) * s.sizePx);
    ctx.rotate(rng.normal(0, 0.04));
    ctx.transform(1, 0, -slant, 1, 0, 0);
    ctx.globalAlpha = rng.uniform(0.75, 1);
    ctx.fillText(g.ch, 0, 0);
    ctx.lineWidth = rng.uniform(0.2, 0.06 * s.sizePx);
    ctx.strokeText(g.ch, 0, 0);
    ctx.restore();
    pen += g.w;
  }
  ctx.globalAlpha = rng.uniform(0.8, 1);
  ctx.lineWidth = Math.max(1, s.sizePx * 0.07);
  if (s.underline) {
    ctx.beginPath();
    ctx.moveTo(-s.sizePx * 0.1, s.sizePx * 0.3);
    ctx.quadraticCurveTo(textW / 2, s.sizePx * rng.uniform(0.2, 0.45) + drift / 2, textW + s.sizePx * 0.1, s.sizePx * 0.25 + drift);
    ctx.stroke();
  }
  if (s.arrow) drawArrow(ctx, textW + s.sizePx * 0.2, -asc / 3 + drift, textW + arrowW, -asc / 3 + drift + rng.uniform(-0.3, 0.3) * s.sizePx, s.sizePx);
  compositeInk(image, ctx.getImageData(0, 0, side, side).data, side, Math.round(s.cx - side / 2), Math.round(s.cy - side / 2));
  // Box: the note's rectangle [0, w] x [-asc, desc] in its own frame, rotated onto the page.
  const ox = Math.round(s.cx - side / 2) + side / 2, oy = Math.round(s.cy - side / 2) + side / 2;
  const t = (-s.angleDeg * Math.PI) / 180, c = Math.cos(t), sn = Math.sin(t);
  const pad = s.sizePx * 0.15;
  const corner = (x: number, y: number): [number, number] => {
    const lx = x - w / 2;
    return [oy + lx * sn + y * c, ox + lx * c - y * sn];
  };
  const top = -asc + driftLo - pad, bottom = desc + driftHi + pad;
  return [corner(-pad, top), corner(w + pad, top), corner(w + pad, bottom), corner(-pad, bottom)];
}

function drawArrow(ctx: SKRSContext2D, x0: number, y0: number, x1: number, y1: number, sizePx: number): void {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  const a = Math.atan2(y1 - y0, x1 - x0), head = sizePx * 0.35;
  ctx.moveTo(x1 - head * Math.cos(a - 0.5), y1 - head * Math.sin(a - 0.5));
  ctx.lineTo(x1, y1);
  ctx.lineTo(x1 - head * Math.cos(a + 0.5), y1 - head * Math.sin(a + 0.5));
  ctx.stroke();
}

/** A hand-drawn ellipse around a lead label, not quite closed; returns its box. */
function circleBox(image: RgbaImage, label: Quad, ink: [number, number, number], rng: Rng, pxPerMm: number): Quad {
  const ys = label.map((p) => p[0]), xs = label.map((p) => p[1]);
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2, cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const rx = (Math.max(...xs) - Math.min(...xs)) / 2 + rng.uniform(1.5, 3) * pxPerMm;
  const ry = (Math.max(...ys) - Math.min(...ys)) / 2 + rng.uniform(1, 2.5) * pxPerMm;
  const margin = Math.ceil(pxPerMm * 2);
  const w = Math.ceil(2 * rx + 2 * margin), h = Math.ceil(2 * ry + 2 * margin);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext("2d");
  ctx.strokeStyle = `rgb(${ink.join(",")})`;
  ctx.lineWidth = Math.max(1.5, pxPerMm * 0.35);
  ctx.lineCap = "round";
  ctx.beginPath();
  const start = rng.uniform(0, 2 * Math.PI), sweep = 2 * Math.PI * rng.uniform(1.02, 1.15), tilt = rng.normal(0, 0.1);
  for (let i = 0; i <= 60; i++) {
    const t = start + (sweep * i) / 60, grow = 1 + 0.08 * (i / 60);
    const ex = rx * grow * Math.cos(t), ey = ry * grow * Math.sin(t);
    const x = w / 2 + ex * Math.cos(tilt) - ey * Math.sin(tilt), y = h / 2 + ex * Math.sin(tilt) + ey * Math.cos(tilt);
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  }
  ctx.stroke();
  const left = Math.round(cx - w / 2), top = Math.round(cy - h / 2);
  compositeInk(image, ctx.getImageData(0, 0, w, h).data, w, left, top);
  return [[top, left], [top, left + w], [top + h, left + w], [top + h, left]];
}

/** Multiplies ink (straight-alpha RGBA patch) into the page at (left, top), clipped to the page. */
function compositeInk(image: RgbaImage, patch: Uint8ClampedArray, patchWidth: number, left: number, top: number): void {
  const patchHeight = patch.length / 4 / patchWidth;
  const d = image.data;
  for (let py = 0; py < patchHeight; py++) {
    const row = top + py;
    if (row < 0 || row >= image.height) continue;
    for (let px = 0; px < patchWidth; px++) {
      const col = left + px;
      const p = (py * patchWidth + px) * 4;
      const a = patch[p + 3]! / 255;
      if (a === 0 || col < 0 || col >= image.width) continue;
      const o = (row * image.width + col) * 4;
      d[o] = d[o]! * (1 - a * (1 - patch[p]! / 255));
      d[o + 1] = d[o + 1]! * (1 - a * (1 - patch[p + 1]! / 255));
      d[o + 2] = d[o + 2]! * (1 - a * (1 - patch[p + 2]! / 255));
    }
  }
}
