import { OptionError } from "../../errors.js";
import type { RgbaImage } from "../../render/types.js";
import { checkInteger, checkNumber } from "../../util/validate.js";
import { imagePlanes } from "../imagePlanes.js";
import { median } from "../../util/median.js";
import { powerSpectrum2d } from "./fft.js";
import { gridDarkness } from "./gridDarkness.js";
import type { GridEstimate } from "./types.js";
import { reconcileAxes } from "./reconcileAxes.js";

export interface EstimateGridSpectralOptions {
  /** Patch side, px, a power of two from 64 to 1024. Default 512 when the shorter image side is at least 1024 px, else 256 (less for tiny images). */
  patchSizePx?: number;
  /** Patches per side of the regular lattice of patch positions (n x n patches). Default 3. */
  patchesPerSide?: number;
  /** Largest grid rotation searched, degrees. Default 20. */
  maxAngleDeg?: number;
}

/** A harmonic peak must stand this many times above the median power around it. */
const PEAK_RATIO = 5;
/** A sub-multiple of the strongest peak counts (as a 5 mm harmonic) only above this share of it. */
const SUBHARMONIC_SHARE = 0.03;

interface AxisResult {
  pxPerMm: number;
  angleDeg: number;
  /** Strongest peak over its background. */
  snr: number;
  basis: string;
}

/**
 * Grid period and rotation from the averaged 2D power spectrum of windowed patches: vertical
 * grid lines make a comb of peaks along the kx direction, horizontal ones along ky. The strongest
 * peak near each axis fixes the direction; its sub-multiples that also peak reveal the 5 mm
 * fundamental (minor lines give every 5th harmonic, major lines all of them); the period comes
 * from a least-squares fit over every harmonic found, the angle from the farthest strong one.
 */
export function estimateGridSpectralFromPlane(plane: Uint8Array, width: number, height: number, options: EstimateGridSpectralOptions = {}): GridEstimate {
  const warnings: string[] = [];
  const maxAngle = checkNumber("maxAngleDeg", options.maxAngleDeg ?? 20, 0, 44);
  const k = checkInteger("patchesPerSide", options.patchesPerSide ?? 3, 1, 8);
  const shorter = Math.min(width, height);
  let n = options.patchSizePx ?? (shorter >= 1024 ? 512 : 256);
  if (!Number.isInteger(Math.log2(n)) || n < 64 || n > 1024) throw new OptionError("patchSizePx", `expected a power of two from 64 to 1024, got ${n}`);
  while (n > shorter && n > 32) n >>= 1;
  const none = (msg: string): GridEstimate => ({ method: "spectral", pxPerMmX: NaN, pxPerMmY: NaN, angleDeg: 0, confidence: 0, warnings: [...warnings, msg] });
  if (n < 32) return none(`image too small for spectral grid estimation (${width}x${height} px)`);
  const dark = gridDarkness(plane);
  const hann = new Float64Array(n).map((_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / n));
  const power = new Float64Array(n * n);
  const patch = new Float64Array(n * n);
  for (let pi = 0; pi < k; pi++) {
    for (let pj = 0; pj < k; pj++) {
      const x0 = k === 1 ? (width - n) >> 1 : Math.round((pi * (width - n)) / (k - 1));
      const y0 = k === 1 ? (height - n) >> 1 : Math.round((pj * (height - n)) / (k - 1));
      let mean = 0;
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) mean += dark[(y0 + r) * width + x0 + c]!;
      mean /= n * n;
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) patch[r * n + c] = (dark[(y0 + r) * width + x0 + c]! - mean) * hann[r]! * hann[c]!;
      const p = powerSpectrum2d(patch, n);
      for (let i = 0; i < n * n; i++) power[i] += p[i]!;
    }
  }
  const ax = analyzeAxis(power, n, "x", maxAngle, width);
  const ay = analyzeAxis(power, n, "y", maxAngle, height);
  if (!ax && !ay) return none("no periodic grid found in the spectrum");
  let pxPerMmX = ax?.pxPerMm ?? NaN;
  let pxPerMmY = ay?.pxPerMm ?? NaN;
  if (!ax) (pxPerMmX = pxPerMmY), warnings.push("no grid peak along x; assumed square pixels");
  if (!ay) (pxPerMmY = pxPerMmX), warnings.push("no grid peak along y; assumed square pixels");
  if (ax && ay) [pxPerMmX, pxPerMmY] = reconcileAxes(pxPerMmX, pxPerMmY, ax.snr >= ay.snr, warnings);
  const wx = ax ? Math.log10(ax.snr) : 0;
  const wy = ay ? Math.log10(ay.snr) : 0;
  const angleDeg = ((ax?.angleDeg ?? 0) * wx + (ay?.angleDeg ?? 0) * wy) / (wx + wy || 1);
  const conf = (r: AxisResult | undefined) => (r ? Math.min(1, Math.max(0, Math.log10(r.snr) / 3)) : 0);
  return { method: "spectral", pxPerMmX, pxPerMmY, angleDeg, confidence: Math.sqrt(conf(ax) * conf(ay)), warnings };
}

/** Spectral grid estimate of an RGBA image (grid darkness = 255 - min channel). */
export function estimateGridSpectral(image: RgbaImage, options: EstimateGridSpectralOptions = {}): GridEstimate {
  return estimateGridSpectralFromPlane(imagePlanes(image).any, image.width, image.height, options);
}

/** Bilinear power at fractional (u along the axis, v across it) bins; u, v may be negative. */
function powerAt(p: Float64Array, n: number, axis: "x" | "y", u: number, v: number): number {
  const kx = axis === "x" ? u : v;
  const ky = axis === "x" ? v : u;
  const x0 = Math.floor(kx);
  const y0 = Math.floor(ky);
  const fx = kx - x0;
  const fy = ky - y0;
  const at = (x: number, y: number) => p[(((y % n) + n) % n) * n + (((x % n) + n) % n)]!;
  return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
}

function parabola(y0: number, y1: number, y2: number): number {
  const den = y0 - 2 * y1 + y2;
  return den < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (y0 - y2)) / den)) : 0;
}

function analyzeAxis(p: Float64Array, n: number, axis: "x" | "y", maxAngleDeg: number, extentPx: number): AxisResult | undefined {
  const tan = Math.tan((maxAngleDeg * Math.PI) / 180);
  const half = n >> 1;
  // Strongest bin in the wedge around the axis, away from the lowest frequencies (page layout).
  let bu = 0;
  let bv = 0;
  let bp = -1;
  for (let u = 3; u < half - 1; u++) {
    const vm = Math.floor(u * tan);
    for (let v = -vm; v <= vm; v++) {
      const q = powerAt(p, n, axis, u, v);
      if (q > bp) (bp = q), (bu = u), (bv = v);
    }
  }
  if (bp <= 0) return undefined;
  const u = bu + parabola(powerAt(p, n, axis, bu - 1, bv), bp, powerAt(p, n, axis, bu + 1, bv));
  const v = bv + parabola(powerAt(p, n, axis, bu, bv - 1), bp, powerAt(p, n, axis, bu, bv + 1));
  let alpha = Math.atan2(v, u);
  const step = 0.25;
  const radial = (r: number, a = alpha) => powerAt(p, n, axis, r * Math.cos(a), r * Math.sin(a));
  const rMax = half * 0.92;
  const prof: number[] = [];
  for (let r = 0; r <= rMax; r += step) prof.push(radial(r));
  const at = (r: number) => prof[Math.min(prof.length - 1, Math.max(0, Math.round(r / step)))]!;
  /** Refined radius and height of the peak near r, and whether it stands out. */
  const peakNear = (r: number, fund: number) => {
    const w = Math.max(0.75, 0.006 * r);
    let br = r;
    let bh = -1;
    for (let x = Math.max(step, r - w); x <= Math.min(rMax - step, r + w); x += step) {
      if (at(x) > bh) (bh = at(x)), (br = x);
    }
    // Sub-bin position on the spectrum's own bins: the largest bin near the peak, then a
    // parabola through the log power of its neighbours along and across the axis (a Hann
    // window's main lobe is close to Gaussian, so this is nearly unbiased; a parabola on the
    // bilinearly interpolated profile is pulled towards whole bins).
    let iu = Math.round(br * Math.cos(alpha));
    let iv = Math.round(br * Math.sin(alpha));
    for (let k = 0; k < 3; k++) {
      let mu = iu;
      let mv = iv;
      for (const [du, dv] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        if (powerAt(p, n, axis, iu + du, iv + dv) > powerAt(p, n, axis, mu, mv)) (mu = iu + du), (mv = iv + dv);
      }
      if (mu === iu && mv === iv) break;
      (iu = mu), (iv = mv);
    }
    const lg = (du: number, dv: number) => Math.log(Math.max(1e-300, powerAt(p, n, axis, iu + du, iv + dv)));
    const fu = iu + parabola(lg(-1, 0), lg(0, 0), lg(1, 0));
    const fv = iv + parabola(lg(0, -1), lg(0, 0), lg(0, 1));
    const refined = Math.hypot(fu, fv);
    const bg: number[] = [];
    for (let x = Math.max(step, r - fund / 2); x <= Math.min(rMax, r + fund / 2); x += step) bg.push(at(x));
    const background = median(bg);
    return { r: refined, h: bh, bg: background, ok: bh > PEAK_RATIO * background };
  };
  const rs = Math.hypot(u, v);
  // Largest m with peaks at every j * rs / m: m = 5 means rs is the minor (1 mm) frequency.
  let m = 1;
  for (const cand of [5, 4, 3, 2]) {
    const f = rs / cand;
    if (f < 1.5) continue;
    let ok = true;
    for (let j = 1; j < cand && ok; j++) {
      const pk = peakNear(j * f, f);
      ok = pk.ok && pk.h > SUBHARMONIC_SHARE * bp;
    }
    if (ok) {
      m = cand;
      break;
    }
  }
  const fund = rs / m;
  // Least-squares fundamental over every harmonic that stands out (far ones weigh most).
  let sjr = 0;
  let sjj = 0;
  let far = { r: rs, j: m };
  let current = fund;
  const snrs: number[] = [];
  for (let j = 1; j * current <= rMax - 1; j++) {
    const pk = peakNear(j * current, current);
    // A peak off the comb predicted so far is something else (text, aliasing): skip it.
    if (!pk.ok || Math.abs(pk.r - j * current) > Math.max(0.6, 0.004 * j * current)) continue;
    const w = Math.log(pk.h / (pk.bg || 1e-12));
    sjr += w * j * pk.r;
    sjj += w * j * j;
    current = sjr / sjj;
    far = { r: pk.r, j };
    snrs.push(pk.h);
  }
  if (sjj === 0) return undefined;
  const f0 = sjr / sjj;
  // Angle: tangential parabola at the farthest harmonic.
  const rf = far.r;
  const da = 1 / rf;
  alpha += da * parabola(radial(rf, alpha - da), radial(rf, alpha), radial(rf, alpha + da));
  const bgAll = median(prof.slice(Math.round(2 / step)));
  const snr = Math.max(...snrs) / (bgAll || 1e-12);
  if (!(snr > PEAK_RATIO)) return undefined;
  const periodPx = n / f0;
  let pxPerMm: number;
  let basis: string;
  if (m >= 2) {
    pxPerMm = periodPx / 5;
    basis = m === 5 ? "major/minor ratio" : "major only";
  } else {
    // One comb only: 1 mm or 5 mm, whichever makes the image extent a plausible page (~250 mm).
    const asMinor = extentPx / periodPx;
    const asMajor = (5 * extentPx) / periodPx;
    const d = (mm: number) => Math.abs(Math.log(mm / 250));
    pxPerMm = d(asMinor) < d(asMajor) ? periodPx : periodPx / 5;
    basis = d(asMinor) < d(asMajor) ? "minor only" : "major only";
  }
  const vComp = Math.sin(alpha);
  const uComp = Math.cos(alpha);
  // Frequency direction (kx, ky) is the lines' normal; see GridEstimate for the angle sign.
  const angleDeg = axis === "x" ? (Math.atan2(-vComp, uComp) * 180) / Math.PI : (Math.atan2(vComp, uComp) * 180) / Math.PI;
  return { pxPerMm, angleDeg, snr, basis };
}
