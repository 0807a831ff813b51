import type { RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import type { ResolvedArtifactOptions } from "../artifactOptions.js";
import { drawRange, r4 } from "../draw.js";

/**
 * The paper itself: fibres (thin strands a few px to a few mm long, slightly curved, most a
 * little darker than the sheet, some lighter) and specks (dark inclusions of pulp), multiplied
 * into the page. Sparse on purpose: only the pixels under a fibre or speck are touched
 * (`coverageFraction` of the page), so the cost follows the coverage, not the page size.
 */
export function applyPaperTexture(image: RgbaImage, options: ResolvedArtifactOptions["paperTexture"], rng: Rng): Record<string, unknown> {
  const { width, height, data } = image;
  const strength = drawRange(rng, options.strengthFraction);
  const fibreLength = drawRange(rng, options.fibreLengthPx);
  const coverage = drawRange(rng, options.coverageFraction);
  const fibres = Math.round((coverage * width * height) / Math.max(1, fibreLength));
  drawFibres(data, width, height, rng, fibres, fibreLength, strength);
  const specks = Math.round(width * height * 2e-5);
  drawSpecks(data, width, height, rng, specks, strength);
  return { strengthFraction: r4(strength), fibreLengthPx: r4(fibreLength), coverageFraction: r4(coverage), fibres, specks };
}

/**
 * The fibres, in the order drawn. The loops over fibres and specks live in these module functions,
 * not in applyPaperTexture: V8 compiled that page-level function again on most pages (on-stack
 * replacement, then deoptimisation on code not yet run), ~30 ms of compiler time a page.
 * (Recording the steps and applying them in pixel order, for the cache, measured slower.)
 */
function drawFibres(data: Uint8ClampedArray, width: number, height: number, rng: Rng, fibres: number, fibreLength: number, strength: number): void {
  for (let f = 0; f < fibres; f++) {
    const x = rng.uniform(0, width), y = rng.uniform(0, height);
    const a = rng.uniform(0, 2 * Math.PI), bend = rng.normal(0, 0.1), len = fibreLength * rng.uniform(0.4, 1.6);
    const gain = 1 - strength * (rng.chance(0.75) ? rng.uniform(0.5, 1.5) : -rng.uniform(0.3, 0.8));
    // A unit step turned by `bend` each px (a rotation, no trigonometry per step).
    drawFibre(data, width, height, x, y, Math.cos(a), Math.sin(a), Math.cos(bend), Math.sin(bend), len, gain);
  }
}

/** Dark specks of pulp, anti-aliased discs 1-3.6 px across. */
function drawSpecks(data: Uint8ClampedArray, width: number, height: number, rng: Rng, specks: number, strength: number): void {
  for (let k = 0; k < specks; k++) {
    const cx = rng.uniform(0, width), cy = rng.uniform(0, height), radius = rng.uniform(0.5, 1.8), dark = strength * rng.uniform(2, 6);
    for (let row = Math.max(0, Math.floor(cy - radius)); row < Math.min(height, Math.ceil(cy + radius)); row++) {
      for (let col = Math.max(0, Math.floor(cx - radius)); col < Math.min(width, Math.ceil(cx + radius)); col++) {
        const cover = Math.max(0, Math.min(1, radius + 0.5 - Math.hypot(col + 0.5 - cx, row + 0.5 - cy)));
        const g = 1 - Math.min(0.8, dark) * cover, o = (row * width + col) * 4;
        data[o] = data[o]! * g; data[o + 1] = data[o + 1]! * g; data[o + 2] = data[o + 2]! * g;
      }
    }
  }
}

/** One fibre: `len` unit steps from (x, y), the step (dx, dy) turned by the rotation (cb, sb) each px. In its own function, which V8 optimises after a few fibres. */
function drawFibre(data: Uint8ClampedArray, width: number, height: number, x: number, y: number, dx: number, dy: number, cb: number, sb: number, len: number, gain: number): void {
  for (let s = 0; s < len; s++) {
    if (x >= 0 && y >= 0 && x < width && y < height) {
      const o = ((y | 0) * width + (x | 0)) * 4;
      data[o] = data[o]! * gain; data[o + 1] = data[o + 1]! * gain; data[o + 2] = data[o + 2]! * gain;
    }
    x += dx; y += dy;
    const t = dx * cb - dy * sb;
    dy = dx * sb + dy * cb; dx = t;
  }
}
