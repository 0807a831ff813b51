import type { RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import { r4 } from "../draw.js";
import type { CoarseField } from "../field.js";

/**
 * A specular glare band (a lamp or window mirrored by glossy paper): long along `angleRad`,
 * narrow across it, sharper on one side than the other, its brightness rippling along the band.
 * Lengths in px of the frame it is drawn on.
 */
export interface Glare {
  centerX: number;
  centerY: number;
  angleRad: number;
  /** Gaussian half-lengths along the band, ahead of and behind the centre. */
  alongPx: [number, number];
  /** Gaussian half-widths across the band, on its two sides (different: the highlight is asymmetric). */
  acrossPx: [number, number];
  /** Veil at the brightest point (0-1: fraction of the way to the light's colour). */
  strength: number;
  /** Relative ripple of the brightness along the band, and its wavelength in px. */
  ripple: number;
  rippleWavelengthPx: number;
  ripplePhase: number;
  /** Colour of the light the glare mirrors (8-bit RGB). */
  rgb: [number, number, number];
}

/** What applyVeil does: a glare band and/or a veil over the whole frame with loss of colour. */
export interface VeilPlan {
  glare: Glare | null;
  /** Flare veiling the whole frame (0 = none): fraction of the way to the glare's or a neutral light colour. */
  veilFraction: number;
  /** Colour saturation kept (1 = unchanged, 0 = grey): photographed grids lose their colour. */
  saturationFraction: number;
}

/** The plan for the same frame seen on a grid `scale` times its size (a camera's smaller grid): lengths and positions scaled. */
export function scaledVeil(plan: VeilPlan, scale: number): VeilPlan {
  const g = plan.glare;
  if (!g) return plan;
  return {
    ...plan,
    glare: { ...g, centerX: g.centerX * scale, centerY: g.centerY * scale, alongPx: [g.alongPx[0] * scale, g.alongPx[1] * scale], acrossPx: [g.acrossPx[0] * scale, g.acrossPx[1] * scale], rippleWavelengthPx: g.rippleWavelengthPx * scale },
  };
}

/** Draws a glare band for a frame of width x height px with veil `strength` at its brightest. */
export function planGlare(rng: Rng, strength: number, width: number, height: number): { glare: Glare; applied: Record<string, unknown> } {
  const size = Math.max(width, height);
  const along = rng.uniform(0.18, 0.45) * size, across = rng.uniform(0.025, 0.07) * size;
  const glare: Glare = {
    centerX: rng.uniform(0.1, 0.9) * width, centerY: rng.uniform(0.1, 0.9) * height,
    angleRad: rng.uniform(0, Math.PI),
    alongPx: [along, along * rng.uniform(0.4, 1)],
    acrossPx: [across, across * rng.uniform(1.6, 2.8)],
    strength,
    ripple: rng.uniform(0, 0.2), rippleWavelengthPx: rng.uniform(0.15, 0.5) * size, ripplePhase: rng.uniform(0, 2 * Math.PI),
    rgb: [255, Math.round(rng.uniform(246, 255)), Math.round(rng.uniform(228, 255))],
  };
  return {
    glare,
    applied: {
      strengthFraction: r4(strength), centerYX: [r4(glare.centerY), r4(glare.centerX)], angleDeg: r4((glare.angleRad * 180) / Math.PI),
      alongPx: glare.alongPx.map(r4), acrossPx: glare.acrossPx.map(r4), ripple: r4(glare.ripple), rippleWavelengthPx: r4(glare.rippleWavelengthPx), rgb: glare.rgb.map(r4),
    },
  };
}

/** The glare's veil (0-1) at frame point (x, y). */
export function glareWeight(g: Glare, x: number, y: number): number {
  return glareAt(glareConstants(g), x, y);
}

interface GlareConstants { g: Glare; c: number; s: number; ku0: number; ku1: number; kv0: number; kv1: number; k: number }

/** The band's constants, worked out once (the weight is evaluated over a lattice). */
function glareConstants(g: Glare): GlareConstants {
  return {
    g, c: Math.cos(g.angleRad), s: Math.sin(g.angleRad),
    ku0: 1 / (2 * g.alongPx[0] ** 2), ku1: 1 / (2 * g.alongPx[1] ** 2), kv0: 1 / (2 * g.acrossPx[0] ** 2), kv1: 1 / (2 * g.acrossPx[1] ** 2),
    k: (2 * Math.PI) / g.rippleWavelengthPx,
  };
}

function glareAt(q: GlareConstants, x: number, y: number): number {
  const g = q.g;
  const u = (x - g.centerX) * q.c + (y - g.centerY) * q.s, v = -(x - g.centerX) * q.s + (y - g.centerY) * q.c;
  const e = u * u * (u >= 0 ? q.ku0 : q.ku1) + v * v * (v >= 0 ? q.kv0 : q.kv1);
  if (e > 12) return 0;
  // exp(-0.7 e): a flatter top than a Gaussian (the mirrored lamp has a size), soft tails.
  return Math.min(1, g.strength * Math.exp(-0.7 * e) * (1 + g.ripple * Math.sin(q.k * u + g.ripplePhase)));
}

/**
 * The glare's weight on a lattice every CELL px over the box of widthPx x heightPx from (x0, y0),
 * as coarseField lays it out. Row by row in a module function: a closure per node through
 * coarseField was compiled again on many pages.
 */
function glareField(q: GlareConstants, x0: number, y0: number, widthPx: number, heightPx: number): CoarseField {
  const width = Math.ceil(widthPx / CELL) + 2, height = Math.ceil(heightPx / CELL) + 2;
  const data = new Float32Array(width * height);
  for (let j = 0; j < height; j++) glareRow(data, j * width, width, q, x0, j * CELL + y0);
  return { width, height, cellPx: CELL, data };
}

function glareRow(out: Float32Array, q0: number, n: number, q: GlareConstants, x0: number, y: number): void {
  for (let i = 0; i < n; i++) out[q0 + i] = glareAt(q, i * CELL + x0, y);
}

/** Lattice step of the glare's weight (8 px, used as shifts below): the band is at least ~50 px across. */
const CELL = 8;

/**
 * Glare and veil in one pass, in place: each pixel first loses colour (toward its luma, by
 * 1 - saturationFraction), then moves toward the light's colour by the veil weight
 * w = veil + (1 - veil) * glare(x, y): ink and grid wash out under the glare, not just brighten.
 * The glare is evaluated on an 8 px lattice over its bounding box only and interpolated.
 */
export function applyVeil(image: RgbaImage, plan: VeilPlan): void {
  const { width, height } = image;
  const g = plan.glare;
  const w0 = plan.veilFraction, sat = plan.saturationFraction;
  const light = g ? g.rgb : [250, 250, 250];
  let field: CoarseField | null = null, bx0 = 0, by0 = 0, bx1 = 0, by1 = 0;
  if (g) {
    // Bounding box of the band where exp(-0.7 e) > 1/255 (e < 8), clipped to the image.
    const reachU = Math.max(...g.alongPx) * 4, reachV = Math.max(...g.acrossPx) * 4;
    const c = Math.abs(Math.cos(g.angleRad)), s = Math.abs(Math.sin(g.angleRad));
    const hx = reachU * c + reachV * s, hy = reachU * s + reachV * c;
    bx0 = Math.max(0, Math.floor(g.centerX - hx)); bx1 = Math.min(width, Math.ceil(g.centerX + hx));
    by0 = Math.max(0, Math.floor(g.centerY - hy)); by1 = Math.min(height, Math.ceil(g.centerY + hy));
    if (bx1 > bx0 && by1 > by0) {
      field = glareField(glareConstants(g), bx0, by0, bx1 - bx0, by1 - by0);
    }
  }
  if (!field && w0 === 0 && sat === 1) return;
  const data = image.data.byteOffset % 4 === 0 ? image.data : new Uint8ClampedArray(image.data);
  const words = new Int32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  // Integer arithmetic and tables: this pass may cover the whole frame. Chroma kept in 1/256 (256 = all).
  const satQ = Math.min(256, Math.round(sat * 256)), everywhere = w0 > 0 || satQ < 256;
  const lr = light[0]!, lg = light[1]!, lb = light[2]!;
  const [plainR, plainG, plainB] = everywhere ? plainVeilTables(satQ, w0, [lr, lg, lb]) : [NONE, NONE, NONE];
  const pass: VeilPass = { words, width, field, bx0, by0, bx1, w0, satQ, everywhere, lr, lg, lb, plainR, plainG, plainB };
  veilRows(pass, height, by0, by1);
  if (data !== image.data) image.data.set(data);
}

const NONE = new Uint8Array(0);

/**
 * Per channel, at (y << 8) | c for a pixel of luma y and level c: desaturated,
 * d = y + floor((c - y) satQ / 256), then veiled, round(d + (light - d) w0). Outside the glare a
 * pixel is looked up, not computed (measured ~5-10% faster). Channels of equal light share one table.
 */
function plainVeilTables(satQ: number, w0: number, light: [number, number, number]): [Uint8Array, Uint8Array, Uint8Array] {
  const veiled = new Uint8Array(256), byLevel = new Map<number, Uint8Array>();
  for (const l of light) {
    if (byLevel.has(l)) continue;
    for (let v = 0; v < 256; v++) veiled[v] = Math.round(v + (l - v) * w0);
    const t = new Uint8Array(65536);
    for (let y = 0; y < 256; y++) veilTableRow(t, y, satQ, veiled);
    byLevel.set(l, t);
  }
  return [byLevel.get(light[0])!, byLevel.get(light[1])!, byLevel.get(light[2])!];
}

/** Row y of a plain veil table: a module function, optimised after a few rows (a loop in the once-a-page caller was not). */
function veilTableRow(t: Uint8Array, y: number, satQ: number, veiled: Uint8Array): void {
  for (let c = 0, o = y << 8; c < 256; c++) t[o | c] = veiled[y + (((c - y) * satQ) >> 8)]!;
}

/** What veilRows needs: the frame's words, the glare lattice over its box from (bx0, by0), the veil's light and tables. */
interface VeilPass {
  words: Int32Array; width: number; field: CoarseField | null; bx0: number; by0: number; bx1: number; w0: number; satQ: number; everywhere: boolean;
  lr: number; lg: number; lb: number; plainR: Uint8Array; plainG: Uint8Array; plainB: Uint8Array;
}

/**
 * Every row (the glare's only on rows by0..by1-1): the plain veil left and right of the band's
 * columns, the glare's within them. The row loop is here, not in applyVeil: a loop in that
 * once-a-page function was compiled mid-call and thrown away on later pages.
 */
function veilRows(v: VeilPass, height: number, by0: number, by1: number): void {
  const { words, width, field, bx0, bx1, satQ } = v;
  const rowQ = new Int32Array(field ? field.width : 1), span = new Int32Array(2);
  for (let row = 0; row < height; row++) {
    let inBand = field !== null && row >= by0 && row < by1;
    // Within the band's box, only the columns where this row's weight is not negligible (the band is long and thin, often diagonal).
    let g0 = 0, g1 = 0;
    if (inBand) {
      const at = Math.min((row - by0 + 0.5) / CELL, field!.height - 1.001), fw = field!.width;
      bandWeights(field!.data, fw, at | 0, at - (at | 0), v.w0, rowQ, span);
      const lo = span[0]!, hi = span[1]!;
      g0 = Math.max(bx0, bx0 + (lo - 1) * CELL); g1 = Math.min(bx1, bx0 + (hi + 1) * CELL);
      inBand = hi >= 0 && g1 > g0;
    }
    if (!inBand && !v.everywhere) continue;
    const p0 = row * width, c0 = v.everywhere ? 0 : g0, c1 = v.everywhere ? width : g1;
    const b0 = inBand ? Math.max(c0, Math.min(g0, c1)) : c1, b1 = inBand ? Math.max(b0, Math.min(g1, c1)) : c1;
    if (b0 > c0) veilPlain(words, p0 + c0, p0 + b0, v.plainR, v.plainG, v.plainB);
    if (b1 > b0) veilGlare(words, p0 + b0, p0 + b1, b0 - bx0, rowQ, satQ, v.lr, v.lg, v.lb);
    if (c1 > b1) veilPlain(words, p0 + b1, p0 + c1, v.plainR, v.plainG, v.plainB);
  }
}

/**
 * The veil weight (1/65536) at the glare lattice's columns, row j + b, into rowQ; into span the
 * first and last column whose glare is not negligible (span[1] = -1: none). A module function for
 * the reason given at veilRows.
 */
function bandWeights(d: Float32Array, fw: number, j: number, b: number, w0: number, rowQ: Int32Array, span: Int32Array): void {
  let lo = fw, hi = -1;
  for (let i = 0; i < fw; i++) {
    const w = d[j * fw + i]! * (1 - b) + d[(j + 1) * fw + i]! * b;
    // (x + 0.5) | 0, not Math.round (2.5x slower here): equal for x >= 0 unless x + 0.5 itself rounds.
    rowQ[i] = ((w0 + (1 - w0) * w) * 65536 + 0.5) | 0;
    if (w > 1 / 1024) { if (lo === fw) lo = i; hi = i; }
  }
  span[0] = lo; span[1] = hi;
}

/** A pixel's luma (weights 77/150/29 in 1/256, rounded) times 256: its row in the plain veil's tables. */
function lumaRow(word: number): number {
  return ((77 * (word & 255) + 150 * ((word >> 8) & 255) + 29 * ((word >> 16) & 255) + 128) >> 8) << 8;
}

/**
 * Words p..end-1 outside the glare: desaturation and plain veil, one table per channel. Two words
 * an iteration (measured ~15% faster than one); no shortcut for runs of one colour (on a lit photo
 * they are short, and the test cost more than it saved).
 */
function veilPlain(words: Int32Array, p: number, end: number, tR: Uint8Array, tG: Uint8Array, tB: Uint8Array): void {
  const pairsEnd = p + ((end - p) & ~1);
  for (; p < pairsEnd; p += 2) {
    const u = words[p]!, v = words[p + 1]!, yu = lumaRow(u), yv = lumaRow(v);
    words[p] = tR[yu | (u & 255)]! | (tG[yu | ((u >> 8) & 255)]! << 8) | (tB[yu | ((u >> 16) & 255)]! << 16) | (u & 0xff000000);
    words[p + 1] = tR[yv | (v & 255)]! | (tG[yv | ((v >> 8) & 255)]! << 8) | (tB[yv | ((v >> 16) & 255)]! << 16) | (v & 0xff000000);
  }
  if (p < end) {
    const u = words[p]!, yu = lumaRow(u);
    words[p] = tR[yu | (u & 255)]! | (tG[yu | ((u >> 8) & 255)]! << 8) | (tB[yu | ((u >> 16) & 255)]! << 16) | (u & 0xff000000);
  }
}

/**
 * Words p..end-1 under the glare, x = the first one's column from the lattice's origin: the same
 * desaturation, then each channel toward the light by the lattice's weight (1/65536) interpolated
 * between nodes. Two words an iteration from an even x (a pair shares a lattice cell).
 */
function veilGlare(words: Int32Array, p: number, end: number, x: number, rowQ: Int32Array, satQ: number, lr: number, lg: number, lb: number): void {
  if (x & 1 && p < end) veilGlare1(words, p++, x++, rowQ, satQ, lr, lg, lb);
  const pairsEnd = p + ((end - p) & ~1);
  for (; p < pairsEnd; p += 2, x += 2) {
    const u = words[p]!, v = words[p + 1]!;
    const i = x >> 3, q0 = rowQ[i]!, dq = rowQ[i + 1]! - q0, at = (q0 << 3) + dq * (x & 7);
    const wu = at >> 3, wv = (at + dq) >> 3;
    const ru = u & 255, gu = (u >> 8) & 255, bu = (u >> 16) & 255, rv = v & 255, gv = (v >> 8) & 255, bv = (v >> 16) & 255;
    const yu = lumaRow(u) >> 8, yv = lumaRow(v) >> 8;
    const du = yu + (((ru - yu) * satQ) >> 8), eu = yu + (((gu - yu) * satQ) >> 8), fu = yu + (((bu - yu) * satQ) >> 8);
    const dv = yv + (((rv - yv) * satQ) >> 8), ev = yv + (((gv - yv) * satQ) >> 8), fv = yv + (((bv - yv) * satQ) >> 8);
    words[p] = (du + (((lr - du) * wu + 32768) >> 16)) | ((eu + (((lg - eu) * wu + 32768) >> 16)) << 8) | ((fu + (((lb - fu) * wu + 32768) >> 16)) << 16) | (u & 0xff000000);
    words[p + 1] = (dv + (((lr - dv) * wv + 32768) >> 16)) | ((ev + (((lg - ev) * wv + 32768) >> 16)) << 8) | ((fv + (((lb - fv) * wv + 32768) >> 16)) << 16) | (v & 0xff000000);
  }
  if (p < end) veilGlare1(words, p, x, rowQ, satQ, lr, lg, lb);
}

/** veilGlare's map for one word. */
function veilGlare1(words: Int32Array, p: number, x: number, rowQ: Int32Array, satQ: number, lr: number, lg: number, lb: number): void {
  const u = words[p]!, i = x >> 3, k = x & 7, w = (rowQ[i]! * (8 - k) + rowQ[i + 1]! * k) >> 3;
  const r = u & 255, g = (u >> 8) & 255, b = (u >> 16) & 255, y = lumaRow(u) >> 8;
  const d = y + (((r - y) * satQ) >> 8), e = y + (((g - y) * satQ) >> 8), f = y + (((b - y) * satQ) >> 8);
  words[p] = (d + (((lr - d) * w + 32768) >> 16)) | ((e + (((lg - e) * w + 32768) >> 16)) << 8) | ((f + (((lb - f) * w + 32768) >> 16)) << 16) | (u & 0xff000000);
}
