import type { ObjectBox, RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import type { ResolvedArtifactOptions } from "../artifactOptions.js";
import { drawCount, drawRange, r4 } from "../draw.js";
import { rgbaWords } from "../sensor/pixels.js";
import { fastGauss } from "./fastMath.js";

/** Tint of each kind of stain (sRGB of a full-strength stain on white). */
export const STAIN_TINTS: Record<string, [number, number, number]> = {
  coffee: [150, 95, 45],
  tea: [185, 140, 70],
  water: [200, 200, 190],
  grease: [215, 200, 150],
};

/** Ring-shaped stains (coffee, tea, water, grease) with a darker rim, multiplied into the page. */
export function applyStains(image: RgbaImage, options: ResolvedArtifactOptions["stains"], rng: Rng, pxPerMm: number): { applied: Record<string, unknown>; objects: ObjectBox[] } {
  const { width, height, data } = image;
  const stains: Record<string, unknown>[] = [];
  const objects: ObjectBox[] = [];
  for (let n = drawCount(rng, options.count); n > 0; n--) {
    const kind = rng.pick(Object.keys(STAIN_TINTS));
    const tint = STAIN_TINTS[kind]!;
    const radius = drawRange(rng, options.radiusMm) * pxPerMm;
    const opacity = drawRange(rng, options.opacity);
    const cx = rng.uniform(0, width), cy = rng.uniform(0, height);
    const wobble = [1, 2, 3, 5].map((k) => ({ k, amp: rng.uniform(0, 0.06 / Math.sqrt(k)), phase: rng.uniform(0, 2 * Math.PI) }));
    const radiusByAngle = radiusTable(radius, wobble);
    const rimWidth = rng.uniform(0.02, 0.06), fill = rng.uniform(0.2, 0.6);
    const reach = radius * 1.35;
    const c0 = Math.max(0, Math.floor(cx - reach)), c1 = Math.min(width, Math.ceil(cx + reach));
    const r0 = Math.max(0, Math.floor(cy - reach)), r1 = Math.min(height, Math.ceil(cy + reach));
    const k = [1 - tint[0] / 255, 1 - tint[1] / 255, 1 - tint[2] / 255];
    drawStain(data, width, r0, r1, c0, c1, cx, cy, reach, radiusByAngle, rimWidth, fill, opacity, k[0]!, k[1]!, k[2]!);
    stains.push({ kind, centerYX: [r4(cy), r4(cx)], radiusPx: r4(radius), opacity: r4(opacity) });
    objects.push({ kind: "stain", text: kind, box: [[r0, c0], [r0, c1], [r1, c1], [r1, c0]] });
  }
  return { applied: { stains }, objects };
}

/**
 * Radius as a function of angle, tabulated per degree (an angle per pixel, no sines). A module
 * function: a closure made per stain was compiled again for every page.
 */
function radiusTable(radius: number, wobble: { k: number; amp: number; phase: number }[]): Float32Array {
  const table = new Float32Array(361);
  for (let i = 0; i <= 360; i++) {
    const theta = (i / 360) * 2 * Math.PI - Math.PI;
    let rr = 1;
    for (const w of wobble) rr += w.amp * Math.sin(w.k * theta + w.phase);
    table[i] = radius * rr;
  }
  return table;
}

/** Rows r0..r1-1 of a stain (the row loop out of the page-level function, which V8 otherwise compiled again on many pages). */
function drawStain(data: Uint8ClampedArray, width: number, r0: number, r1: number, c0: number, c1: number, cx: number, cy: number, reach: number, radiusByAngle: Float32Array,
  rimWidth: number, fill: number, opacity: number, kr: number, kg: number, kb: number): void {
  // Beyond (1 + 3 rim widths) x the largest radius a pixel is unchanged (no fill, rim below exp(-9), see stainRow): no angle needed there.
  let maxRadius = 0;
  for (const r of radiusByAngle) maxRadius = Math.max(maxRadius, r);
  const limit = Math.min(reach, (1 + 3 * rimWidth) * maxRadius * 1.0001);
  const words = rgbaWords(data);
  const inverseSquare = new Float64Array(radiusByAngle.length);
  for (let i = 0; i < inverseSquare.length; i++) inverseSquare[i] = 1 / (radiusByAngle[i]! * radiusByAngle[i]!);
  for (let row = r0; row < r1; row++) {
    // Only the columns of the row's chord of the circle of radius `limit` (a column wider each side; stainRow tests exactly).
    const ey = row + 0.5 - cy, half = Math.sqrt(Math.max(0, limit * limit - ey * ey));
    if (ey * ey > limit * limit) continue;
    const a = Math.max(c0, Math.floor(cx - half - 0.5) - 1), b = Math.min(c1, Math.ceil(cx + half - 0.5) + 2);
    stainRow(words, width, row, a, b, cx, cy, limit, inverseSquare, rimWidth, fill, opacity, kr, kg, kb);
  }
  if (words.buffer !== data.buffer) data.set(new Uint8ClampedArray(words.buffer));
}

/**
 * cot((j - 180.5) deg) for j = 0..361: the angles (atan2, from -180 deg) where the radius table's
 * degree changes; along a row the angle is monotone in the column, so the row walks these.
 */
const SECTOR_COT = Float64Array.from({ length: 362 }, (_, j) => 1 / Math.tan(((j - 180.5) * Math.PI) / 180));

/**
 * Columns c0..c1-1 of one row of a stain (its own function: V8 optimises it after a few rows, see
 * creaseRow in applyCreases.ts); inverseSquare[degree] = 1 / radius^2. The degree of the pixel's
 * angle (round((atan2 + pi) / 2pi * 360)) is stepped along the row at SECTOR_COT's crossings, with
 * no arctangent per pixel; inside the rim only the squared relative distance is needed (no root,
 * no division). Each pixel is read and written as one word, rounded half up (the byte stores
 * rounded halves to even: no product here lands on an exact half in practice).
 */
function stainRow(words: Int32Array, width: number, row: number, c0: number, c1: number, cx: number, cy: number, reach: number, inverseSquare: Float64Array,
  rimWidth: number, fill: number, opacity: number, kr: number, kg: number, kb: number): void {
  const ey = row + 0.5 - cy, inner = (1 - 3 * rimWidth) ** 2, cot = SECTOR_COT;
  // Above the centre (ey > 0) the angle falls from 180 deg toward 0 as the column grows, below it rises from -180 toward 0.
  let k = Math.round(((Math.atan2(ey, c0 + 0.5 - cx) + Math.PI) / (2 * Math.PI)) * 360);
  for (let col = c0; col < c1; col++) {
    const ex = col + 0.5 - cx;
    if (ey > 0) while (k > 180 && ex > ey * cot[k]!) k--;
    else if (ey < 0) while (k < 180 && ex >= ey * cot[k + 1]!) k++;
    else k = ex < 0 ? 360 : 180;
    const d2 = ex * ex + ey * ey;
    if (d2 > reach * reach) continue;
    const dd = d2 * inverseSquare[k]!;
    if (dd > 1.69) continue;
    let a: number;
    if (dd <= inner) a = opacity * Math.min(1, fill * (0.5 + 0.5 * dd));
    else {
      // Beyond 3 rim widths the rim is below exp(-9) (a hundredth of a level): not worth evaluating.
      const d = Math.sqrt(dd), e = (d - 1) / rimWidth;
      if (e >= 3) continue;
      a = opacity * Math.min(1, (d < 1 ? fill * (0.5 + 0.5 * dd) : 0) + fastGauss(e));
    }
    const p = row * width + col, w = words[p]!;
    const r = ((w & 255) * (1 - a * kr) + 0.5) | 0, g = (((w >> 8) & 255) * (1 - a * kg) + 0.5) | 0, b = (((w >> 16) & 255) * (1 - a * kb) + 0.5) | 0;
    words[p] = r | (g << 8) | (b << 16) | (w & 0xff000000);
  }
}
