import type { RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import type { ResolvedArtifactOptions } from "../artifactOptions.js";
import { drawCount, drawRange, r4 } from "../draw.js";

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
  for (let row = 0; row < height; row++) {
    const rf = rowFactor[row]!;
    let o = row * width * 4;
    for (let col = 0; col < width; col++, o += 4) {
      const t = (col * dx + row * dy - lo) / span;
      const f = (1 - (1 - weakest) * t) * rf;
      data[o] = 255 - (255 - data[o]!) * f;
      data[o + 1] = 255 - (255 - data[o + 1]!) * f;
      data[o + 2] = 255 - (255 - data[o + 2]!) * f;
    }
  }
  return { strengthFraction: r4(weakest), directionDeg: r4((angle * 180) / Math.PI), streaks };
}
