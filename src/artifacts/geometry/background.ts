import type { Rng } from "../../util/rng.js";
import { r4 } from "../draw.js";
import { coarseField, sampleField, valueNoise } from "../field.js";
import type { BackgroundFn } from "./resamplePage.js";

const SURFACES: Record<string, [number, number, number]> = {
  wood: [150, 105, 65],
  darkDesk: [52, 52, 58],
  greyTable: [165, 165, 160],
  whiteTable: [226, 222, 214],
  blueCloth: [70, 82, 100],
  beigeDesk: [190, 175, 150],
};

/**
 * What a photographed page lies on: a surface colour with blotches and grain, and the soft shadow
 * the page casts on it (offset toward one side, fading with the distance from the page edge).
 */
export function deskBackground(rng: Rng, width: number, height: number, pageWidth: number, pageHeight: number): { fn: BackgroundFn; applied: Record<string, unknown> } {
  const surface = rng.pick(Object.keys(SURFACES));
  const base = SURFACES[surface]!.map((v) => v * rng.uniform(0.85, 1.15));
  const blotch = valueNoise(rng.fork("blotch"), 300, 3);
  const streak = valueNoise(rng.fork("streak"), 40, 2);
  const seed = rng.nextUint32();
  const smooth = coarseField(width, height, 8, (x, y) => 1 + 0.12 * blotch(x, y) + (surface === "wood" ? 0.08 * streak(x * 0.05, y) : 0));
  const shadowDepth = rng.uniform(0.2, 0.5), shadowSoftPx = rng.uniform(4, 16);
  const shadowAngle = rng.uniform(0, 2 * Math.PI), shadowOffsetPx = rng.uniform(2, 12);
  const ox = Math.cos(shadowAngle) * shadowOffsetPx, oy = Math.sin(shadowAngle) * shadowOffsetPx;
  const fn: BackgroundFn = (col, row, rgb, pageX, pageY) => {
    let f = sampleField(smooth, col + 0.5, row + 0.5) + 0.03 * (hash(col, row, seed) - 0.5);
    if (pageX === pageX) {
      const x = pageX - ox, y = pageY - oy;
      // Distance to the page rectangle (written out: Math.hypot/max with many arguments are slow per pixel).
      const ex = x < 0 ? -x : x > pageWidth ? x - pageWidth : 0, ey = y < 0 ? -y : y > pageHeight ? y - pageHeight : 0;
      const d = Math.sqrt(ex * ex + ey * ey);
      if (d < 8 * shadowSoftPx) f *= 1 - shadowDepth * Math.exp(-d / shadowSoftPx);
    }
    rgb[0] = base[0]! * f; rgb[1] = base[1]! * f; rgb[2] = base[2]! * f;
  };
  return { fn, applied: { surface, rgb: base.map(r4), shadowDepthFraction: r4(shadowDepth), shadowSoftnessPx: r4(shadowSoftPx), shadowOffsetYX: [r4(oy), r4(ox)] } };
}

/** A flatbed scanner's lid or glass around a scanned page: one flat colour. */
export function scannerBackground(rng: Rng): { fn: BackgroundFn; applied: Record<string, unknown> } {
  const v = rng.chance(0.8) ? rng.uniform(235, 255) : rng.uniform(20, 60);
  const fn: BackgroundFn = (_c, _r, rgb) => { rgb[0] = rgb[1] = rgb[2] = v; };
  return { fn, applied: { surface: "scanner", level: r4(v) } };
}

function hash(x: number, y: number, seed: number): number {
  let h = Math.imul(x, 374761393) ^ Math.imul(y, 668265263) ^ seed;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}
