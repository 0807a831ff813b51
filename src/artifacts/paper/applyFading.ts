import type { RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import type { ResolvedArtifactOptions } from "../artifactOptions.js";
import { drawCount, drawRange, r4 } from "../draw.js";
import { rgbaWords } from "../sensor/pixels.js";

/**
 * Faded or streaked printing: everything printed (grid, trace, text) loses contrast toward the
 * paper white, more at one end of the page; streaks are rows a weak printhead element printed
 * faintly (thermal heads span the page height, so streaks run along the time axis).
 */
export function applyFading(image: RgbaImage, options: ResolvedArtifactOptions["fading"], rng: Rng): Record<string, unknown> {
  const { width, height, data } = image;
  const weakest = drawRange(rng, options.strengthFraction);
  const angle = rng.uniform(0, 2 * Math.PI);
  const dx = Math.cos(angle), dy = Math.sin(angle);
  const rowFactor = new Float32Array(height).fill(1);
  const streaks: { row: number; heightPx: number; strength: number }[] = [];
  for (let s = drawCount(rng, options.streaks); s > 0; s--) {
    const row = rng.int(0, height - 1), heightPx = rng.int(1, 4), strength = rng.uniform(0.15, 0.7);
    for (let r = row; r < Math.min(height, row + heightPx); r++) rowFactor[r] = Math.min(rowFactor[r]!, strength);
    streaks.push({ row, heightPx, strength: r4(strength) });
  }
  // Projection of the page corners on the fading direction, to span [weakest, 1] across the page.
  const proj = [0, width * dx, height * dy, width * dx + height * dy];
  const lo = Math.min(...proj), span = Math.max(...proj) - lo || 1;
  const words = rgbaWords(data);
  fadeRows(words, width, height, rowFactor, weakest, dx, dy, lo, span);
  if (words.buffer !== data.buffer) data.set(new Uint8ClampedArray(words.buffer));
  return { strengthFraction: r4(weakest), directionDeg: r4((angle * 180) / Math.PI), streaks };
}

/**
 * Every row. The row loop is here, not in applyFading: V8 compiled that page-level function again
 * on many pages (on-stack replacement, then deoptimisation), costing compiler time.
 */
function fadeRows(words: Int32Array, width: number, height: number, rowFactor: Float32Array, weakest: number, dx: number, dy: number, lo: number, span: number): void {
  for (let row = 0; row < height; row++) {
    const rf = rowFactor[row]!;
    // Ink strength f along the row, stepped in 2^-24 units (drift over a row far below a level);
    // applied in 1/256 steps to red and blue together (two 16-bit halves) and to green:
    // 255 - (255 - v) * f, rounded.
    const f24 = Math.round((1 - (1 - weakest) * ((row * dy - lo) / span)) * rf * 16777216);
    const df24 = Math.round((-(1 - weakest) * dx / span) * rf * 16777216);
    fadeRow(words, row * width, width, f24, df24);
  }
}

/**
 * One row from word p on (its own function: V8 optimises it after a few rows, see creaseRow in
 * applyCreases.ts). White stays white at any f: skipping it (half a page) is a quarter faster, and
 * testing two words at once (white pairs skipped with one branch) a quarter faster again.
 */
function fadeRow(words: Int32Array, p: number, width: number, f24: number, df24: number): void {
  const end = p + (width & ~1);
  for (; p < end; p += 2, f24 += 2 * df24) {
    // Opaque white is -1 (any other white goes through fadeWord unchanged).
    const w = words[p]!, v = words[p + 1]!;
    if ((w & v) === -1) continue;
    if (w !== -1) words[p] = fadeWord(w, (f24 + 32768) >> 16);
    if (v !== -1) words[p + 1] = fadeWord(v, (f24 + df24 + 32768) >> 16);
  }
  if (width & 1 && words[p] !== -1) words[p] = fadeWord(words[p]!, (f24 + 32768) >> 16);
}

/** 255 - (255 - v) * f / 256 for each of r, g, b of word w, rounded (red and blue together in the two 16-bit halves). */
function fadeWord(w: number, f: number): number {
  const inv = ~w;
  const rb = ((Math.imul(inv & 0x00ff00ff, f) + 0x00800080) >>> 8) & 0x00ff00ff;
  const g = (Math.imul((inv >> 8) & 255, f) + 128) >> 8;
  return (~(rb | (g << 8)) & 0x00ffffff) | (w & 0xff000000);
}
