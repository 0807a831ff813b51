import type { RgbaImage } from "../../render/types.js";
import type { Rng } from "../../util/rng.js";
import type { ResolvedArtifactOptions } from "../artifactOptions.js";
import { drawRange, r4 } from "../draw.js";
import { multiplyByFields, type CoarseField } from "../field.js";
import { fastPow26 } from "../paper/fastMath.js";
import { applyVeil, planGlare, type Glare, type VeilPlan } from "./applyVeil.js";

type O = ResolvedArtifactOptions;
/** The light artifacts switched on for this page, each with its own random stream. */
export interface LightPlan {
  lighting?: { options: O["lighting"]; rng: Rng };
  vignetting?: { options: O["vignetting"]; rng: Rng };
  colorTemperature?: { options: O["colorTemperature"]; rng: Rng };
}

/**
 * Draws the light artifacts of `plan` for an image of width x height and returns their
 * per-channel gain fields (null when none is on) with the parameters drawn. Uneven lighting (a brightness gradient and an optional soft shadow), vignetting and the colour
 * temperature of the light, multiplied into the image as one per-channel gain field (computed on
 * a 16 px grid and interpolated: light varies slowly).
 */
export function planLight(width: number, height: number, plan: LightPlan): { gains: [CoarseField, CoarseField, CoarseField] | null; veil: VeilPlan | null; applied: Record<string, Record<string, unknown>> } {
  const applied: Record<string, Record<string, unknown>> = {};
  let veil: VeilPlan | null = null;
  const terms: LightTerms = { lighting: null, shadow: null, vignette: null, tint: null };
  if (plan.lighting) {
    const { options, rng } = plan.lighting;
    const amount = drawRange(rng, options.gradientFraction);
    const exposure = drawRange(rng, options.exposureFraction);
    const a = rng.uniform(0, 2 * Math.PI), dx = Math.cos(a), dy = Math.sin(a);
    const proj = [0, width * dx, height * dy, width * dx + height * dy];
    const lo = Math.min(...proj), span = Math.max(...proj) - lo || 1;
    const rec: Record<string, unknown> = { gradientFraction: r4(amount), exposureFraction: r4(exposure), gradientDeg: r4((a * 180) / Math.PI) };
    if (rng.chance(options.shadowProbability)) {
      const depth = drawRange(rng, options.shadowFraction);
      const b = rng.uniform(0, 2 * Math.PI), nx = Math.cos(b), ny = Math.sin(b);
      const cx = rng.uniform(0.2, 0.8) * width, cy = rng.uniform(0.2, 0.8) * height;
      const soft = rng.uniform(0.02, 0.08) * Math.max(width, height);
      const waveAmp = rng.uniform(0, 0.05) * Math.max(width, height), waveLen = rng.uniform(0.3, 1) * Math.max(width, height);
      terms.shadow = { depth, nx, ny, cx, cy, soft, waveAmp, waveLen };
      rec.shadow = { depthFraction: r4(depth), directionDeg: r4((b * 180) / Math.PI), centerYX: [r4(cy), r4(cx)], softnessPx: r4(soft) };
    }
    // Glare is not a gain (it washes ink out toward the light's colour): applyVeil draws it after the gains.
    let glare: Glare | null = null;
    if (rng.chance(options.glareProbability)) {
      const planned = planGlare(rng, drawRange(rng, options.glareFraction), width, height);
      glare = planned.glare;
      rec.glare = planned.applied;
    }
    const veilFraction = drawRange(rng, options.veilFraction), saturationFraction = drawRange(rng, options.saturationFraction);
    if (veilFraction > 0) rec.veilFraction = r4(veilFraction);
    if (saturationFraction < 1) rec.saturationFraction = r4(saturationFraction);
    if (glare || veilFraction > 0 || saturationFraction < 1) veil = { glare, veilFraction, saturationFraction };
    terms.lighting = { exposure, amount, dx, dy, lo, span };
    applied.lighting = rec;
  }
  if (plan.vignetting) {
    const { options, rng } = plan.vignetting;
    const v = drawRange(rng, options.strengthFraction);
    const cx = width / 2, cy = height / 2;
    terms.vignette = { v, cx, cy, inv: 1 / (cx * cx + cy * cy) };
    applied.vignetting = { strengthFraction: r4(v) };
  }
  if (plan.colorTemperature) {
    const { options, rng } = plan.colorTemperature;
    const kelvin = drawRange(rng, options.kelvin);
    terms.tint = temperatureGains(kelvin);
    applied.colorTemperature = { kelvin: Math.round(kelvin), gains: terms.tint.map(r4) };
  }
  if (!terms.lighting && !terms.vignette && !terms.tint) return { gains: null, veil, applied };
  // A 16 px grid: the softest feature (a shadow's edge) spans 40 px or more, so bilinear interpolation stays within 0.2 level.
  const cell = 16, gw = Math.ceil(width / cell) + 2, gh = Math.ceil(height / cell) + 2;
  const gains = [0, 1, 2].map(() => ({ width: gw, height: gh, cellPx: cell, data: new Float32Array(gw * gh) })) as [CoarseField, CoarseField, CoarseField];
  for (let j = 0; j < gh; j++) lightRow(gains[0].data, gains[1].data, gains[2].data, j * gw, gw, cell, j * cell, terms);
  return { gains, veil, applied };
}

/** The light's terms as drawn; each multiplies the gains, in this order. */
interface LightTerms {
  lighting: { exposure: number; amount: number; dx: number; dy: number; lo: number; span: number } | null;
  /** A soft shadow edge (only with lighting), its border rippled along its length. */
  shadow: { depth: number; nx: number; ny: number; cx: number; cy: number; soft: number; waveAmp: number; waveLen: number } | null;
  vignette: { v: number; cx: number; cy: number; inv: number } | null;
  tint: [number, number, number] | null;
}

/**
 * The gains at one row of grid nodes (q0 = its first node, y its page row): one module function
 * over the row, where calling a closure per term per node cost several times more.
 */
function lightRow(outR: Float32Array, outG: Float32Array, outB: Float32Array, q0: number, n: number, cell: number, y: number, t: LightTerms): void {
  const { lighting: l, shadow: sh, vignette: vg, tint } = t;
  for (let i = 0, q = q0; i < n; i++, q++) {
    const x = i * cell;
    let r = 1, g = 1, b = 1;
    if (l) {
      const light = l.exposure * (1 - l.amount * ((x * l.dx + y * l.dy - l.lo) / l.span));
      let s = 0;
      if (sh) {
        const along = -(x - sh.cx) * sh.ny + (y - sh.cy) * sh.nx;
        const d = (x - sh.cx) * sh.nx + (y - sh.cy) * sh.ny + sh.waveAmp * Math.sin((2 * Math.PI * along) / sh.waveLen);
        s = sh.depth / (1 + Math.exp(-d / sh.soft));
      }
      // Shadows are lit by the bluish sky/room light: blue darkens less.
      r *= light * (1 - s); g *= light * (1 - s); b *= light * (1 - 0.85 * s);
    }
    if (vg) {
      const f = 1 - vg.v * fastPow26(Math.sqrt(((x - vg.cx) ** 2 + (y - vg.cy) ** 2) * vg.inv));
      r *= f; g *= f; b *= f;
    }
    if (tint) { r *= tint[0]; g *= tint[1]; b *= tint[2]; }
    outR[q] = r; outG[q] = g; outB[q] = b;
  }
}

/** planLight, multiplied into the image, then its glare and veil (applyVeil). */
export function applyLight(image: RgbaImage, plan: LightPlan): Record<string, Record<string, unknown>> {
  const { gains, veil, applied } = planLight(image.width, image.height, plan);
  if (gains) multiplyByFields(image.data, image.width, image.height, gains);
  if (veil) applyVeil(image, veil);
  return applied;
}

/**
 * RGB gains of light at `kelvin` relative to 6500 K daylight (black-body colour by Tanner
 * Helland's fit), scaled so the strongest channel is 1: white paper takes the light's tint.
 */
export function temperatureGains(kelvin: number): [number, number, number] {
  const rgb = (k: number): [number, number, number] => {
    const t = k / 100;
    const r = t <= 66 ? 255 : 329.698727446 * (t - 60) ** -0.1332047592;
    const g = t <= 66 ? 99.4708025861 * Math.log(t) - 161.1195681661 : 288.1221695283 * (t - 60) ** -0.0755148492;
    const b = t >= 66 ? 255 : t <= 19 ? 0 : 138.5177312231 * Math.log(t - 10) - 305.0447927307;
    return [r, g, b].map((v) => Math.min(255, Math.max(1, v))) as [number, number, number];
  };
  const ref = rgb(6500), k = rgb(kelvin);
  const gains = k.map((v, i) => v / ref[i]!);
  const max = Math.max(...gains);
  return gains.map((v) => v / max) as [number, number, number];
}
