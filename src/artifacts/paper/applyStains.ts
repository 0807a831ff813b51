import type { ObjectBox, RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import type { ResolvedArtifactOptions } from "../artifactOptions.js";
import { drawCount, drawRange, r4 } from "../draw.js";
import { fastAtan2 } from "../fastAtan2.js";

const TINTS: Record<string, [number, number, number]> = {
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
    const kind = rng.pick(Object.keys(TINTS));
    const tint = TINTS[kind]!;
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
  for (let row = r0; row < r1; row++) stainRow(data, width, row, c0, c1, cx, cy, limit, radiusByAngle, rimWidth, fill, opacity, kr, kg, kb);
}

/** Columns c0..c1-1 of one row of a stain (its own function: V8 optimises it after a few rows, see creaseRow in applyCreases.ts). */
function stainRow(data: Uint8ClampedArray, width: number, row: number, c0: number, c1: number, cx: number, cy: number, reach: number, radiusByAngle: Float32Array,
  rimWidth: number, fill: number, opacity: number, kr: number, kg: number, kb: number): void {
  for (let col = c0; col < c1; col++) {
    const ex = col + 0.5 - cx, ey = row + 0.5 - cy;
    const d2 = ex * ex + ey * ey;
    if (d2 > reach * reach) continue;
    const d = Math.sqrt(d2) / radiusByAngle[Math.round(((fastAtan2(ey, ex) + Math.PI) / (2 * Math.PI)) * 360)]!;
    if (d > 1.3) continue;
    // Beyond 3 rim widths the rim is below exp(-9) (a hundredth of a level): not worth an exp.
    const e = (d - 1) / rimWidth;
    if (e >= 3) continue;
    const rim = e > -3 ? Math.exp(-e * e) : 0;
    const a = opacity * Math.min(1, (d < 1 ? fill * (0.5 + 0.5 * d * d) : 0) + rim);
    const o = (row * width + col) * 4;
    data[o] = data[o]! * (1 - a * kr);
    data[o + 1] = data[o + 1]! * (1 - a * kg);
    data[o + 2] = data[o + 2]! * (1 - a * kb);
  }
}
