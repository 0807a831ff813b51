import type { Rng } from "../util/rng.js";

export type Rgb = [number, number, number];

export interface GridColors {
  major: Rgb;
  minor: Rgb;
}

/** Grid colour presets seen on real paper: major lines strong, minor lines lighter. */
export const GRID_PRESETS: Record<string, GridColors> = {
  red: { major: [230, 60, 60], minor: [248, 190, 190] },
  pink: { major: [240, 130, 160], minor: [252, 215, 225] },
  orange: { major: [240, 140, 50], minor: [252, 215, 180] },
  brown: { major: [160, 100, 60], minor: [225, 200, 180] },
  blue: { major: [70, 110, 210], minor: [195, 210, 245] },
  green: { major: [60, 160, 90], minor: [195, 235, 205] },
  grey: { major: [140, 140, 140], minor: [215, 215, 215] },
  bw: { major: [90, 90, 90], minor: [200, 200, 200] },
};

export const GRID_COLOR_NAMES = [...Object.keys(GRID_PRESETS), "random", "none"] as const;

/** A random but plausible grid: a random hue, major line saturated, minor line a pale tint of it. */
export function randomGridColors(rng: Rng): GridColors {
  const hue = rng.uniform(0, 360);
  const sat = rng.uniform(0.45, 0.85);
  const major = hslToRgb(hue, sat, rng.uniform(0.4, 0.6));
  const minor = hslToRgb(hue, sat, rng.uniform(0.82, 0.9));
  return { major, minor };
}

export function hslToRgb(hueDeg: number, s: number, l: number): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const h = (((hueDeg % 360) + 360) % 360) / 60;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const [r, g, b] = h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  const m = l - c / 2;
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/** Parses "#rrggbb" or "r,g,b". Returns undefined when the text is neither. */
export function parseColor(text: string): Rgb | undefined {
  const hex = /^#?([0-9a-f]{6})$/i.exec(text.trim());
  if (hex) {
    const n = parseInt(hex[1]!, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const parts = text.split(",").map((p) => Number(p.trim()));
  if (parts.length === 3 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255)) return parts as Rgb;
  return undefined;
}
