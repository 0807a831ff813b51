import type { ObjectBox, RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import type { ResolvedArtifactOptions } from "../artifactOptions.js";
import { drawRange, r4 } from "../draw.js";

/**
 * Filing marks: punch holes along one edge (2 or 4, 80 mm apart, 12 mm in; what lies behind
 * shows through, with the paper's cut edge as a thin dark rim on the shadowed side) and a
 * staple near a corner (a metal bar with a highlight, sometimes beside the two holes of an
 * earlier staple). Each is recorded as an object ("punchHole", "staple"); the mask is untouched.
 */
export function applyBinding(image: RgbaImage, options: ResolvedArtifactOptions["binding"], rng: Rng, pxPerMm: number): { applied: Record<string, unknown>; objects: ObjectBox[] } {
  const { width, height } = image;
  const objects: ObjectBox[] = [];
  const applied: Record<string, unknown> = {};
  if (rng.chance(options.holeProbability)) {
    const edge = rng.pick(["top", "left", "bottom", "right"] as const);
    const count = rng.chance(0.6) ? 2 : 4;
    const radius = (drawRange(rng, options.holeDiameterMm) * pxPerMm) / 2;
    const inset = rng.uniform(9, 14) * pxPerMm, spacing = 80 * pxPerMm;
    const along = edge === "top" || edge === "bottom" ? width : height;
    const middle = along / 2 + rng.normal(0, 0.02) * along;
    const behind = rng.pick([rng.uniform(25, 70), rng.uniform(110, 170), rng.uniform(200, 235)]);
    const lightAngle = rng.uniform(0, 2 * Math.PI);
    const centres: [number, number][] = [];
    for (let i = 0; i < count; i++) {
      const t = middle + (i - (count - 1) / 2) * spacing;
      if (t < radius || t > along - radius) continue;
      const [x, y] = edge === "top" ? [t, inset] : edge === "bottom" ? [t, height - inset] : edge === "left" ? [inset, t] : [width - inset, t];
      drawHole(image, x, y, radius, behind, lightAngle);
      centres.push([r4(y), r4(x)]);
      objects.push({ kind: "punchHole", box: box(x - radius - 1, y - radius - 1, x + radius + 1, y + radius + 1) });
    }
    applied.holes = { edge, centresYX: centres, radiusPx: r4(radius), behindLevel: r4(behind) };
  }
  if (rng.chance(options.stapleProbability)) {
    const corner = rng.int(0, 3);
    const inset = rng.uniform(6, 15) * pxPerMm;
    const cx = corner % 2 === 0 ? inset : width - inset, cy = corner < 2 ? inset : height - inset;
    const angle = rng.uniform(-0.9, 0.9) + (corner % 2 === 0 ? -Math.PI / 4 : Math.PI / 4) * (corner < 2 ? 1 : -1);
    const half = (rng.uniform(10, 13) * pxPerMm) / 2, thick = rng.uniform(0.6, 0.9) * pxPerMm;
    const metal = rng.uniform(110, 175);
    const dx = Math.cos(angle) * half, dy = Math.sin(angle) * half;
    drawBar(image, cx - dx, cy - dy, cx + dx, cy + dy, thick / 2, metal);
    const rec: Record<string, unknown> = { centerYX: [r4(cy), r4(cx)], angleDeg: r4((angle * 180) / Math.PI), lengthPx: r4(2 * half), widthPx: r4(thick), level: r4(metal) };
    let x0 = Math.min(cx - dx, cx + dx), x1 = Math.max(cx - dx, cx + dx), y0 = Math.min(cy - dy, cy + dy), y1 = Math.max(cy - dy, cy + dy);
    if (rng.chance(0.4)) {
      // An earlier staple, pulled out: two small holes a staple's length apart, a little aside.
      const sx = rng.uniform(-3, 3) * pxPerMm, sy = rng.uniform(-3, 3) * pxPerMm;
      for (const s of [-1, 1]) drawHole(image, cx + sx + s * dx, cy + sy + s * dy, thick * 0.6, 40, angle);
      x0 = Math.min(x0, cx + sx - Math.abs(dx)); x1 = Math.max(x1, cx + sx + Math.abs(dx));
      y0 = Math.min(y0, cy + sy - Math.abs(dy)); y1 = Math.max(y1, cy + sy + Math.abs(dy));
      rec.earlierStapleOffsetYX = [r4(sy), r4(sx)];
    }
    objects.push({ kind: "staple", box: box(x0 - thick - 1, y0 - thick - 1, x1 + thick + 1, y1 + thick + 1) });
    applied.staple = rec;
  }
  return { applied, objects };
}

function box(x0: number, y0: number, x1: number, y1: number): ObjectBox["box"] {
  return [[y0, x0], [y0, x1], [y1, x1], [y1, x0]];
}

/**
 * A round hole showing `behind` (grey level), anti-aliased, with a dark rim away from the light.
 * Row by row in module functions (here and in drawBar): loops inside these once-a-page functions
 * were compiled again on many pages (on-stack replacement, then deoptimisation).
 */
function drawHole(image: RgbaImage, cx: number, cy: number, radius: number, behind: number, lightAngle: number): void {
  const { width, height, data } = image;
  const lx = Math.cos(lightAngle), ly = Math.sin(lightAngle), rim = Math.max(1, radius * 0.12);
  const c0 = Math.max(0, Math.floor(cx - radius - 2)), c1 = Math.min(width, Math.ceil(cx + radius + 2));
  for (let row = Math.max(0, Math.floor(cy - radius - 2)); row < Math.min(height, Math.ceil(cy + radius + 2)); row++) holeRow(data, width, row, c0, c1, cx, cy, radius, behind, lx, ly, rim);
}

function holeRow(data: Uint8ClampedArray, width: number, row: number, c0: number, c1: number, cx: number, cy: number, radius: number, behind: number, lx: number, ly: number, rim: number): void {
  for (let col = c0; col < c1; col++) {
    const ex = col + 0.5 - cx, ey = row + 0.5 - cy, d = Math.sqrt(ex * ex + ey * ey);
    if (d > radius + 1.5) continue;
    const o = (row * width + col) * 4;
    const inside = Math.min(1, Math.max(0, radius + 0.5 - d));
    // The cut edge: a dark crescent on the side facing away from the light, just outside the hole.
    const facing = d > 0 ? (ex * lx + ey * ly) / d : 0;
    const edge = Math.max(0, 1 - Math.abs(d - radius) / rim) * (0.5 + 0.5 * Math.max(0, -facing));
    for (let c = 0; c < 3; c++) {
      const paper = data[o + c]! * (1 - 0.45 * edge);
      data[o + c] = paper * (1 - inside) + behind * (1 - 0.25 * Math.max(0, -facing) * (d / radius)) * inside;
    }
  }
}

/** A staple: a bar of metal of half-width `half` from (x0, y0) to (x1, y1), shaded across (highlight along one side). */
function drawBar(image: RgbaImage, x0: number, y0: number, x1: number, y1: number, half: number, metal: number): void {
  const { width, height, data } = image;
  const len = Math.hypot(x1 - x0, y1 - y0), ux = (x1 - x0) / len, uy = (y1 - y0) / len;
  const minX = Math.max(0, Math.floor(Math.min(x0, x1) - half - 2)), maxX = Math.min(width, Math.ceil(Math.max(x0, x1) + half + 2));
  const minY = Math.max(0, Math.floor(Math.min(y0, y1) - half - 2)), maxY = Math.min(height, Math.ceil(Math.max(y0, y1) + half + 2));
  for (let row = minY; row < maxY; row++) barRow(data, width, row, minX, maxX, x0, y0, len, ux, uy, half, metal);
}

function barRow(data: Uint8ClampedArray, width: number, row: number, minX: number, maxX: number, x0: number, y0: number, len: number, ux: number, uy: number, half: number, metal: number): void {
  for (let col = minX; col < maxX; col++) {
    const px = col + 0.5 - x0, py = row + 0.5 - y0;
    const t = Math.max(0, Math.min(len, px * ux + py * uy));
    const across = -px * uy + py * ux, dist = Math.hypot(px - t * ux, py - t * uy);
    const cover = Math.min(1, Math.max(0, half + 0.5 - dist));
    const shadow = Math.max(0, Math.min(1, half + 2 - Math.abs(across - half * 0.8))) * 0.25 * (dist > half ? 1 : 0);
    if (cover === 0 && shadow === 0) continue;
    const level = metal * (1 + 0.5 * Math.max(-1, Math.min(1, -across / Math.max(half, 0.5))));
    const o = (row * width + col) * 4;
    for (let c = 0; c < 3; c++) data[o + c] = data[o + c]! * (1 - shadow) * (1 - cover) + Math.min(255, level) * cover;
  }
}
