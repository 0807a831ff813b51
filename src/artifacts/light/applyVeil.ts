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
  const lr = light[0]!, lg = light[1]!, lb = light[2]!;
  // Integer arithmetic and tables: this pass may cover the whole frame.
  const satQ = Math.round(sat * 256), desaturate = satQ < 256;
  const lutR = new Uint8Array(256), lutG = new Uint8Array(256), lutB = new Uint8Array(256);
  for (let v = 0; v < 256; v++) { lutR[v] = Math.round(v + (lr - v) * w0); lutG[v] = Math.round(v + (lg - v) * w0); lutB[v] = Math.round(v + (lb - v) * w0); }
  const pass: VeilPass = { words, width, field, bx0, by0, bx1, w0, satQ: desaturate ? satQ : 256, everywhere: w0 > 0 || desaturate, lr, lg, lb, lutR, lutG, lutB };
  veilRows(pass, height, by0, by1);
  if (data !== image.data) image.data.set(data);
}

/** What veilRows needs: the frame's words, the glare lattice over its box from (bx0, by0), the veil and its tables. */
interface VeilPass {
  words: Int32Array; width: number; field: CoarseField | null; bx0: number; by0: number; bx1: number; w0: number; satQ: number; everywhere: boolean;
  lr: number; lg: number; lb: number; lutR: Uint8Array; lutG: Uint8Array; lutB: Uint8Array;
}

/**
 * Every row (the glare's only on rows by0..by1-1). The row loop is here, not in applyVeil: a loop in
 * that once-a-page function was compiled mid-call and thrown away on later pages.
 */
function veilRows(v: VeilPass, height: number, by0: number, by1: number): void {
  const { words, width, field, bx0, bx1 } = v;
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
    const c0 = v.everywhere ? 0 : g0, c1 = v.everywhere ? width : g1;
    veilRow(words, row * width, c0, c1, v.satQ, inBand ? g0 : 0, inBand ? g1 : 0, bx0, rowQ, v.lr, v.lg, v.lb, v.lutR, v.lutG, v.lutB);
  }
}

/**
 * The veil weight (1/65536) at the glare lattice's columns, row j + b, into rowQ; into span the
 * first and last column whose glare is not negligible (span[1] = -1: none). A module function for
 * the reason given at veilRow.
 */
function bandWeights(d: Float32Array, fw: number, j: number, b: number, w0: number, rowQ: Int32Array, span: Int32Array): void {
  let lo = fw, hi = -1;
  for (let i = 0; i < fw; i++) {
    const w = d[j * fw + i]! * (1 - b) + d[(j + 1) * fw + i]! * b;
    rowQ[i] = Math.round((w0 + (1 - w0) * w) * 65536);
    if (w > 1 / 1024) { if (lo === fw) lo = i; hi = i; }
  }
  span[0] = lo; span[1] = hi;
}

/**
 * Columns c0..c1-1 of one row (p0 = the row's first word): desaturation (satQ / 256 kept; 256 = none),
 * then the glare on columns g0..g1-1, the plain veil's tables elsewhere. Its own function: V8
 * optimises it after a few rows, where the loop inside applyVeil started unoptimised on every page.
 */
function veilRow(words: Int32Array, p0: number, c0: number, c1: number, satQ: number, g0: number, g1: number, bx0: number, rowQ: Int32Array,
  lr: number, lg: number, lb: number, lutR: Uint8Array, lutG: Uint8Array, lutB: Uint8Array): void {
  const b0 = Math.max(c0, Math.min(g0, c1)), b1 = Math.max(b0, Math.min(g1, c1));
  veilPlain(words, p0 + c0, p0 + b0, satQ, lutR, lutG, lutB);
  for (let col = b0, p = p0 + b0; col < b1; col++, p++) {
    const word = words[p]!;
    let r = word & 255, g = (word >> 8) & 255, bl = (word >> 16) & 255;
    if (satQ < 256) {
      const y = (77 * r + 150 * g + 29 * bl + 128) >> 8;
      r = y + (((r - y) * satQ) >> 8); g = y + (((g - y) * satQ) >> 8); bl = y + (((bl - y) * satQ) >> 8);
    }
    // Fixed point (1/65536): the weight between lattice nodes, then each channel toward the light.
    const x = col - bx0, i = x >> 3, k = x & 7;
    const wq = ((rowQ[i]! * (8 - k) + rowQ[i + 1]! * k) >> 3);
    r += ((lr - r) * wq + 32768) >> 16; g += ((lg - g) * wq + 32768) >> 16; bl += ((lb - bl) * wq + 32768) >> 16;
    words[p] = r | (g << 8) | (bl << 16) | (word & 0xff000000);
  }
  veilPlain(words, p0 + b1, p0 + c1, satQ, lutR, lutG, lutB);
}

/**
 * Words p..end-1 outside the glare: desaturation, then the plain veil's tables. Runs of one colour
 * (paper, background) are common: a word equal to the one before takes its result.
 */
function veilPlain(words: Int32Array, p: number, end: number, satQ: number, lutR: Uint8Array, lutG: Uint8Array, lutB: Uint8Array): void {
  let last = 0, lastOut = 0, any = false;
  for (; p < end; p++) {
    const word = words[p]!;
    if (any && word === last) { words[p] = lastOut; continue; }
    let r = word & 255, g = (word >> 8) & 255, bl = (word >> 16) & 255;
    if (satQ < 256) {
      const y = (77 * r + 150 * g + 29 * bl + 128) >> 8;
      r = y + (((r - y) * satQ) >> 8); g = y + (((g - y) * satQ) >> 8); bl = y + (((bl - y) * satQ) >> 8);
    }
    last = word; any = true;
    lastOut = words[p] = lutR[r]! | (lutG[g]! << 8) | (lutB[bl]! << 16) | (word & 0xff000000);
  }
}
