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
  { family: "ecgkit-indie-flower", file: "@fontsource/indie-flower/files/indie-flower-latin-400-normal.woff2", scale: 1.15 },
  { family: "ecgkit-shadows-into-light", file: "@fontsource/shadows-into-light/files/shadows-into-light-latin-400-normal.woff2", scale: 1.15 },
  { family: "ecgkit-nanum-pen-script", file: "@fontsource/nanum-pen-script/files/nanum-pen-script-latin-400-normal.woff2", scale: 1.4 },
  { family: "ecgkit-cedarville-cursive", file: "@fontsource/cedarville-cursive/files/cedarville-cursive-latin-400-normal.woff2", scale: 0.9 },
  { family: "ecgkit-covered-by-your-grace", file: "@fontsource/covered-by-your-grace/files/covered-by-your-grace-latin-400-normal.woff2", scale: 1 },
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
    const spacing = drawRange(rng, options.spacingFraction), sizeVariation = drawRange(rng, options.sizeVariationFraction);
    const overwrite = rng.chance(options.overwriteProbability);
    const crossOut = rng.chance(options.crossOutProbability) ? rng.pick(["strike", "double", "scribble"] as const) : null;
    const spec = { text, family: face.family, sizePx, slantDeg, angleDeg, jitter, ink: INKS[ink], cx, cy, underline, arrow, spacing, sizeVariation, overwrite, crossOut };
    const { box, overwritten } = drawNote(image, spec, rng);
    objects.push({ kind: "handwriting", text, box });
    if (crossOut) objects.push({ kind: "handwriting", text: `crossout:${text}`, box });
    notes.push({
      text, font: face.family, ink, sizePx: r4(sizePx), slantDeg: r4(slantDeg), angleDeg: r4(angleDeg), jitterFraction: r4(jitter), centerYX: [r4(cy), r4(cx)], underline, arrow,
      spacingFraction: r4(spacing), sizeVariationFraction: r4(sizeVariation), overwrittenLetter: overwritten, crossOut,
    });
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

export interface NoteSpec {
  text: string; family: string; sizePx: number; slantDeg: number; angleDeg: number; jitter: number;
  ink: [number, number, number]; cx: number; cy: number; underline: boolean; arrow: boolean;
  spacing: number; sizeVariation: number; overwrite: boolean; crossOut: "strike" | "double" | "scribble" | null;
}

/** One letter as the hand wrote it: where, how big, turned and sheared how much, with how much ink. */
export interface Glyph { ch: string; x: number; y: number; scaleX: number; scaleY: number; rotate: number; shear: number; alpha: number; weight: number; advance: number }

/**
 * Where and how each letter of a note goes: size, width, turn, shear, ink and spacing vary letter
 * by letter (the same letter never comes out the same twice); the baseline drifts.
 * Returns the glyphs, the vertical extent (px, y down, baseline 0) and the pen's travel.
 */
export function layoutGlyphs(s: Pick<NoteSpec, "text" | "family" | "sizePx" | "slantDeg" | "jitter" | "spacing" | "sizeVariation">, rng: Rng): { glyphs: Glyph[]; top: number; bottom: number; drift: number; width: number; metrics: Map<string, TextMetrics> } {
  registerFonts();
  const measure = createCanvas(8, 8).getContext("2d");
  measure.font = `${s.sizePx}px ${s.family}`;
  const slant = Math.tan((s.slantDeg * Math.PI) / 180);
  // Ink flow: the pen starts with some ink, runs drier letter by letter, and is pressed harder now and then.
  let flow = rng.uniform(0.8, 1);
  const dryRate = rng.uniform(0, 0.025);
  const weightBase = rng.uniform(0.01, 0.06);
  const driftStep = rng.uniform(-0.03, 0.03) * s.sizePx;
  const glyphs: Glyph[] = [];
  let pen = 0, drift = 0, top = 0, bottom = 0;
  // Each letter measured once per note (a native call of several us), here and when drawn.
  const metrics = new Map<string, TextMetrics>();
  for (const ch of s.text) {
    if (!metrics.has(ch)) metrics.set(ch, measure.measureText(ch));
    drift += driftStep + rng.normal(0, 0.015) * s.sizePx;
    const scale = Math.min(1.35, Math.max(0.7, 1 + rng.normal(0, s.sizeVariation)));
    const scaleX = scale * (1 + rng.normal(0, 0.06)), scaleY = scale;
    flow = Math.max(0.45, flow - dryRate + (rng.chance(0.06) ? rng.uniform(0.1, 0.3) : 0));
    const skip = rng.chance(0.04) ? rng.uniform(0.4, 0.7) : 1;
    const advance = metrics.get(ch)!.width * scaleX * rng.uniform(0.95, 1.08) + (ch === " " ? 0 : s.spacing * s.sizePx + rng.normal(0, 0.03) * s.sizePx);
    const g: Glyph = {
      ch, x: pen + rng.normal(0, s.jitter) * s.sizePx, y: drift + rng.normal(0, s.jitter) * s.sizePx,
      scaleX, scaleY, rotate: rng.normal(0, 0.06), shear: slant + rng.normal(0, 0.08),
      alpha: Math.min(1, flow * rng.uniform(0.85, 1.05) * skip), weight: Math.max(0.2, s.sizePx * weightBase * rng.uniform(0.5, 1.5)), advance,
    };
    glyphs.push(g);
    top = Math.min(top, g.y - s.sizePx * 0.95 * scaleY);
    bottom = Math.max(bottom, g.y + s.sizePx * 0.4 * scaleY);
    pen += Math.max(advance, s.sizePx * 0.05);
  }
  return { glyphs, top, bottom, drift, width: pen, metrics };
}

function drawNote(image: RgbaImage, s: NoteSpec, rng: Rng): { box: Quad; overwritten: string | null } {
  const slant = Math.tan((s.slantDeg * Math.PI) / 180);
  const { glyphs, top: top0, bottom: bottom0, drift, width: pen, metrics } = layoutGlyphs(s, rng);
  let top = top0, bottom = bottom0;
  const textW = pen;
  const arrowW = s.arrow ? s.sizePx * 1.6 : 0;
  const w = textW + arrowW;
  if (s.underline) bottom = Math.max(bottom, drift, 0) + s.sizePx * 0.55;
  const side = Math.ceil(Math.hypot(w, bottom - top) + 2 * s.sizePx + 2 * Math.max(Math.abs(top), Math.abs(bottom)));
  const canvas = createCanvas(side, side);
  const ctx = canvas.getContext("2d");
  const colour = `rgb(${s.ink.join(",")})`;
  ctx.fillStyle = colour;
  ctx.strokeStyle = colour;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.translate(side / 2, side / 2);
  ctx.rotate((-s.angleDeg * Math.PI) / 180);
  ctx.translate(-w / 2, 0);
  ctx.font = `${s.sizePx}px ${s.family}`;
  // Where ink lands, in the note's frame: only that part of the canvas is read back (reading back
  // the whole square, mostly empty, was most of the cost of a note).
  const ink = new InkBounds();
  const path = tracing(ctx, ink);
  const drawGlyph = (g: Glyph, dx: number, dy: number, extraRotate: number) => {
    const m = metrics.get(g.ch)!, p = g.weight / Math.max(g.scaleX, 0.5) / 2;
    const r = g.rotate + extraRotate, cr = Math.cos(r), sr = Math.sin(r);
    for (const gy of [-m.actualBoundingBoxAscent - p, m.actualBoundingBoxDescent + p]) {
      for (const gx of [-m.actualBoundingBoxLeft - p, m.actualBoundingBoxRight + p]) {
        const x = g.scaleX * gx - g.shear * g.scaleY * gy, y = g.scaleY * gy;
        ink.add(x * cr - y * sr + g.x + dx, x * sr + y * cr + g.y + dy, 0);
      }
    }
    ctx.save();
    ctx.translate(g.x + dx, g.y + dy);
    ctx.rotate(g.rotate + extraRotate);
    ctx.transform(g.scaleX, 0, -g.shear * g.scaleY, g.scaleY, 0, 0);
    ctx.globalAlpha = g.alpha;
    ctx.fillText(g.ch, 0, 0);
    ctx.lineWidth = g.weight / Math.max(g.scaleX, 0.5);
    ctx.strokeText(g.ch, 0, 0);
    ctx.restore();
  };
  for (const g of glyphs) drawGlyph(g, 0, 0, 0);
  // A letter written over again (corrected or retraced): drawn a second time, a little off.
  let overwritten: string | null = null;
  const letters = glyphs.filter((g) => g.ch.trim() !== "");
  if (s.overwrite && letters.length > 0) {
    const g = rng.pick(letters);
    drawGlyph(g, rng.normal(0, 0.05) * s.sizePx, rng.normal(0, 0.04) * s.sizePx, rng.normal(0, 0.08));
    overwritten = g.ch;
  }
  ctx.globalAlpha = rng.uniform(0.8, 1);
  ctx.lineWidth = Math.max(1, s.sizePx * 0.07);
  if (s.underline) {
    ctx.beginPath();
    path.moveTo(-s.sizePx * 0.1, s.sizePx * 0.3);
    path.quadraticCurveTo(textW / 2, s.sizePx * rng.uniform(0.2, 0.45) + drift / 2, textW + s.sizePx * 0.1, s.sizePx * 0.25 + drift);
    ctx.stroke();
  }
  if (s.arrow) drawArrow(ctx, path, textW + s.sizePx * 0.2, -s.sizePx * 0.27 + drift, textW + arrowW, -s.sizePx * 0.27 + drift + rng.uniform(-0.3, 0.3) * s.sizePx, s.sizePx);
  if (s.crossOut) drawCrossOut(ctx, path, s.crossOut, textW, drift, s.sizePx, rng);
  const t = (-s.angleDeg * Math.PI) / 180, c = Math.cos(t), sn = Math.sin(t);
  // The ink box on the canvas (translate(side / 2), rotate(t), translate(-w / 2, 0)), 2 px wider for antialiasing.
  let x0 = side, y0 = side, x1 = 0, y1 = 0;
  for (const y of [ink.y0, ink.y1]) {
    for (const x of [ink.x0, ink.x1]) {
      const cx = side / 2 + (x - w / 2) * c - y * sn, cy = side / 2 + (x - w / 2) * sn + y * c;
      x0 = Math.min(x0, cx); x1 = Math.max(x1, cx); y0 = Math.min(y0, cy); y1 = Math.max(y1, cy);
    }
  }
  x0 = Math.max(0, Math.floor(x0) - 2); y0 = Math.max(0, Math.floor(y0) - 2);
  x1 = Math.min(side, Math.ceil(x1) + 2); y1 = Math.min(side, Math.ceil(y1) + 2);
  if (x1 > x0 && y1 > y0) compositeInk(image, ctx.getImageData(x0, y0, x1 - x0, y1 - y0).data, x1 - x0, Math.round(s.cx - side / 2) + x0, Math.round(s.cy - side / 2) + y0);
  // Box: the note's rectangle [0, w] x [top, bottom] in its own frame, rotated onto the page.
  const ox = Math.round(s.cx - side / 2) + side / 2, oy = Math.round(s.cy - side / 2) + side / 2;
  // Slanted letters lean out of their advance by up to |shear| x their height.
  const pad = s.sizePx * 0.2, padX = pad + s.sizePx * 0.95 * (Math.abs(slant) + 0.2);
  const corner = (x: number, y: number): [number, number] => {
    const lx = x - w / 2;
    return [oy + lx * sn + y * c, ox + lx * c - y * sn];
  };
  return { box: [corner(-padX, top - pad), corner(w + padX, top - pad), corner(w + padX, bottom + pad), corner(-padX, bottom + pad)], overwritten };
}

/** Strikes a note out: one or two lines through its middle, or a scribble back and forth over it. */
function drawCrossOut(ctx: SKRSContext2D, pen: Pen, kind: "strike" | "double" | "scribble", textW: number, drift: number, sizePx: number, rng: Rng): void {
  const mid = -sizePx * 0.3;
  ctx.globalAlpha = rng.uniform(0.85, 1);
  ctx.lineWidth = Math.max(1, sizePx * rng.uniform(0.05, 0.09));
  ctx.beginPath();
  if (kind === "scribble") {
    const loops = Math.max(3, Math.round(textW / (sizePx * 0.35)));
    pen.moveTo(0, mid);
    for (let i = 1; i <= loops; i++) {
      const x = (textW * i) / loops + rng.normal(0, 0.05) * sizePx;
      const y = (i % 2 ? -0.65 : 0.05) * sizePx + rng.normal(0, 0.08) * sizePx + (drift * i) / loops;
      pen.lineTo(Math.min(textW + 0.1 * sizePx, x), y);
    }
  } else {
    for (let k = 0; k < (kind === "double" ? 2 : 1); k++) {
      const y0 = mid + (k - 0.5 * (kind === "double" ? 1 : 0)) * 0.2 * sizePx + rng.normal(0, 0.05) * sizePx;
      pen.moveTo(-sizePx * 0.1, y0);
      pen.lineTo(textW + sizePx * 0.1, y0 + drift + rng.normal(0, 0.08) * sizePx);
    }
  }
  ctx.stroke();
}

function drawArrow(ctx: SKRSContext2D, pen: Pen, x0: number, y0: number, x1: number, y1: number, sizePx: number): void {
  ctx.beginPath();
  pen.moveTo(x0, y0);
  pen.lineTo(x1, y1);
  const a = Math.atan2(y1 - y0, x1 - x0), head = sizePx * 0.35;
  pen.moveTo(x1 - head * Math.cos(a - 0.5), y1 - head * Math.sin(a - 0.5));
  pen.lineTo(x1, y1);
  pen.lineTo(x1 - head * Math.cos(a + 0.5), y1 - head * Math.sin(a + 0.5));
  ctx.stroke();
}

/** The bounds of what is drawn (px, in the frame of the points given), each point padded by its own margin. */
class InkBounds {
  x0 = Infinity; y0 = Infinity; x1 = -Infinity; y1 = -Infinity;
  add(x: number, y: number, pad: number): void {
    this.x0 = Math.min(this.x0, x - pad); this.x1 = Math.max(this.x1, x + pad);
    this.y0 = Math.min(this.y0, y - pad); this.y1 = Math.max(this.y1, y + pad);
  }
}

/** Path calls that also record their points in `ink`, padded by half the line width in force (control points bound a quadratic curve). */
interface Pen { moveTo(x: number, y: number): void; lineTo(x: number, y: number): void; quadraticCurveTo(cx: number, cy: number, x: number, y: number): void }
function tracing(ctx: SKRSContext2D, ink: InkBounds): Pen {
  return {
    moveTo: (x, y) => { ctx.moveTo(x, y); ink.add(x, y, ctx.lineWidth / 2); },
    lineTo: (x, y) => { ctx.lineTo(x, y); ink.add(x, y, ctx.lineWidth / 2); },
    quadraticCurveTo: (cx, cy, x, y) => { ctx.quadraticCurveTo(cx, cy, x, y); ink.add(cx, cy, ctx.lineWidth / 2); ink.add(x, y, ctx.lineWidth / 2); },
  };
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
  const c0 = Math.max(0, -left), c1 = Math.min(patchWidth, image.width - left);
  for (let py = Math.max(0, -top); py < Math.min(patchHeight, image.height - top); py++) inkRow(image.data, ((top + py) * image.width + left) * 4, patch, py * patchWidth * 4, c0, c1);
}

/** Patch columns c0..c1-1 of one row (o0, p0 = the byte of column 0 in page and patch), in a module function: see creaseRow in applyCreases.ts. */
function inkRow(d: Uint8ClampedArray, o0: number, patch: Uint8ClampedArray, p0: number, c0: number, c1: number): void {
  for (let px = c0; px < c1; px++) {
    const p = p0 + px * 4;
    const a = patch[p + 3]! / 255;
    if (a === 0) continue;
    const o = o0 + px * 4;
    d[o] = d[o]! * (1 - a * (1 - patch[p]! / 255));
    d[o + 1] = d[o + 1]! * (1 - a * (1 - patch[p + 1]! / 255));
    d[o + 2] = d[o + 2]! * (1 - a * (1 - patch[p + 2]! / 255));
  }
}
