import type { RgbaImage } from "../../render/types.js";
import { checkNumber } from "../../util/validate.js";
import { imagePlanes } from "../imagePlanes.js";
import { estimateRotation } from "./estimateRotation.js";
import { gridDarkness } from "./gridDarkness.js";
import { highPassPlane } from "./highPassPlane.js";
import type { GridEstimate } from "./types.js";
import { reconcileAxes } from "./reconcileAxes.js";

export interface EstimateGridMatchedFilterOptions {
  /** Estimate the rotation first (projection sharpness, as the marginal estimator). Default true. */
  rotation?: boolean;
  /** Smallest and largest grid period searched, px per mm. Defaults 1.5 and 40. */
  minPxPerMm?: number;
  maxPxPerMm?: number;
  /** Weight of the major (every 5th) tooth of the comb; minor teeth weigh 1. Default 2.5. */
  majorWeight?: number;
}

/** Share of the best score a comb five times denser needs to be preferred (see fitComb). */
const DENSER_SHARE = 0.25;

export interface CombFit {
  /** Pixels per mm (tooth spacing); NaN when nothing periodic was found. */
  pxPerMm: number;
  /** Position (px along the profile, 0..5 period) of a major tooth. */
  majorPhasePx: number;
  /** Best score per mm of profile (mean tooth contrast, weighted). */
  score: number;
  /** 0-1: the best tooth contrast relative to the profile's spread. */
  confidence: number;
}

/**
 * Fits a comb template (teeth every p px, every 5th tooth weighted `majorWeight`) to a projection
 * profile: for each candidate p (0.05 % steps) the profile is folded modulo 5p and every phase
 * scored by the weighted contrast of its teeth against the points half a period away (so a comb
 * twice as dense, whose extra teeth fall between lines, scores below zero), per mm of profile
 * (so a comb five times sparser, which skips the minor lines, scores lower).
 */
export function fitComb(profile: Float64Array, minPx = 1.5, maxPx = 40, majorWeight = 2.5): CombFit {
  const n = profile.length;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = 0.25 * (profile[Math.max(0, i - 1)]! + 2 * profile[i]! + profile[Math.min(n - 1, i + 1)]!);
  const hi = Math.min(maxPx, n / 15);
  const none: CombFit = { pxPerMm: NaN, majorPhasePx: 0, score: 0, confidence: 0 };
  if (hi < minPx) return none;
  let mean = 0;
  for (const v of f) mean += v;
  mean /= n;
  let sd = 0;
  for (const v of f) sd += (v - mean) ** 2;
  sd = Math.sqrt(sd / n);
  if (!(sd > 0)) return none;
  const weights = [majorWeight, 1, 1, 1, 1];
  const wSum = majorWeight + 4;
  const maxBins = Math.floor(5 * hi) + 2;
  const g = new Float64Array(maxBins);
  const cnt = new Float64Array(maxBins);
  const con = new Float64Array(maxBins);
  const scoreAt = (p: number, len = n): { score: number; phase: number } => {
    const period = 5 * p;
    // Bins at least 1 px wide, so that every bin receives pixel centres (no empty bins whose
    // fill value would fake a contrast).
    const nb = Math.max(5, Math.floor(period));
    const perPx = nb / period;
    g.fill(0, 0, nb);
    cnt.fill(0, 0, nb);
    let pos = 0.5;
    for (let x = 0; x < len; x++) {
      const b = Math.min(nb - 1, Math.floor(pos * perPx));
      g[b] += f[x]!;
      cnt[b]++;
      pos += 1;
      if (pos >= period) pos -= period;
    }
    for (let b = 0; b < nb; b++) g[b] = cnt[b]! ? g[b]! / cnt[b]! : b > 0 ? g[b - 1]! : mean;
    // Linear interpolation on the circle of bins; pos in bins.
    const at = (arr: Float64Array, q: number) => {
      q = ((q % nb) + nb) % nb;
      const i = Math.floor(q);
      const t = q - i;
      return arr[i]! * (1 - t) + arr[(i + 1) % nb]! * t;
    };
    const halfBins = (p / 2) * perPx;
    for (let b = 0; b < nb; b++) con[b] = g[b]! - 0.5 * (at(g, b - halfBins) + at(g, b + halfBins));
    const stepBins = p * perPx;
    let best = -Infinity;
    let phase = 0;
    for (let b = 0; b < nb; b++) {
      let sc = weights[0]! * con[b]!;
      for (let m = 1; m < 5; m++) sc += weights[m]! * at(con, b + m * stepBins);
      if (sc > best) (best = sc), (phase = (b + 0.5) / perPx);
    }
    return { score: best / period, phase };
  };
  // Coarse pass on the first stretch of the profile (a shorter fold tolerates a coarser step),
  // then the best few local maxima refined on the whole profile.
  const short = Math.min(n, Math.max(700, Math.ceil(15 * hi)));
  const coarseStep = 1 + 0.7 / short;
  const ps: number[] = [];
  const ss: number[] = [];
  for (let p = minPx; p <= hi; p *= coarseStep) {
    ps.push(p);
    ss.push(scoreAt(p, short).score);
  }
  const peaks: number[] = [];
  for (let i = 0; i < ss.length; i++) if ((i === 0 || ss[i]! >= ss[i - 1]!) && (i === ss.length - 1 || ss[i]! >= ss[i + 1]!)) peaks.push(i);
  peaks.sort((a, b) => ss[b]! - ss[a]!);
  const fineStep = 1 + 0.25 / n;
  let p = NaN;
  let bestScore = -Infinity;
  for (const i of peaks.slice(0, 6)) {
    const lo = ps[i]! / coarseStep;
    const fp: number[] = [];
    const fs: number[] = [];
    for (let q = lo; q <= ps[i]! * coarseStep; q *= fineStep) {
      fp.push(q);
      fs.push(scoreAt(q).score);
    }
    let bi = 0;
    for (let k = 1; k < fs.length; k++) if (fs[k]! > fs[bi]!) bi = k;
    if (!(fs[bi]! > bestScore)) continue;
    bestScore = fs[bi]!;
    p = fp[bi]!;
    if (bi > 0 && bi < fs.length - 1) {
      const den = fs[bi - 1]! - 2 * fs[bi]! + fs[bi + 1]!;
      if (den < 0) p *= Math.pow(fineStep, Math.max(-0.5, Math.min(0.5, (0.5 * (fs[bi - 1]! - fs[bi + 1]!)) / den)));
    }
  }
  if (!Number.isFinite(p)) return none;
  // Dotted or faint minor lines can leave the 5 mm comb on top; take the comb five times denser
  // when it still scores and makes the profile a more plausible page length (~250 mm).
  const q = p / 5;
  if (q >= minPx) {
    let sq = -Infinity;
    let bq = q;
    for (let k = -8; k <= 8; k++) {
      const c = q * (1 + k * 0.0005);
      const sc = scoreAt(c).score;
      if (sc > sq) (sq = sc), (bq = c);
    }
    const implausible = (px: number) => Math.abs(Math.log(n / px / 250));
    if (sq > DENSER_SHARE * bestScore && implausible(bq) < implausible(p)) {
      p = bq;
      bestScore = sq;
    }
  }
  const best = scoreAt(p);
  if (!(best.score > 0)) return none;
  // Mean tooth contrast at the best fit, against the profile's spread.
  const toothContrast = (best.score * 5 * p) / wSum;
  return { pxPerMm: p, majorPhasePx: best.phase, score: best.score, confidence: Math.max(0, Math.min(1, toothContrast / (2 * sd))) };
}

/** Sheared projection of a plane along lines at angleDeg: sums along vertical ("col") or horizontal ("row") grid lines, as means per bin. */
function shearedProfile(dark: Float32Array, width: number, height: number, angleDeg: number, kind: "col" | "row"): { profile: Float64Array; offset: number } {
  const t = Math.tan((angleDeg * Math.PI) / 180);
  const cx = width / 2;
  const cy = height / 2;
  const len = kind === "col" ? width : height;
  const across = kind === "col" ? height : width;
  const margin = Math.ceil(Math.abs(t) * across) + 2;
  const n = len + 2 * margin;
  const sum = new Float64Array(n);
  const cnt = new Float64Array(n);
  // Subsample along the lines only, so that every bin keeps its share of pixels.
  const step = width * height > 4_000_000 ? 2 : 1;
  const rStep = kind === "col" ? step : 1;
  const cStep = kind === "row" ? step : 1;
  for (let r = 0; r < height; r += rStep) {
    const o = r * width;
    for (let c = 0; c < width; c += cStep) {
      // Vertical lines (positive angle = counter-clockwise): x = x0 + (y - cy) tan; horizontal: y = y0 - (x - cx) tan.
      const pos = (kind === "col" ? c - (r - cy) * t : r + (c - cx) * t) + margin;
      const i = Math.floor(pos);
      const w = pos - i;
      const v = dark[o + c]!;
      sum[i] += v * (1 - w);
      cnt[i] += 1 - w;
      sum[i + 1] += v * w;
      cnt[i + 1] += w;
    }
  }
  let maxCnt = 0;
  for (const c of cnt) maxCnt = Math.max(maxCnt, c);
  let lo = 0;
  while (lo < n && cnt[lo]! < maxCnt / 2) lo++;
  let hi = n - 1;
  while (hi > lo && cnt[hi]! < maxCnt / 2) hi--;
  const profile = new Float64Array(Math.max(0, hi - lo + 1));
  for (let i = lo; i <= hi; i++) profile[i - lo] = sum[i]! / cnt[i]!;
  return { profile, offset: margin - lo };
}

/**
 * Matched-filter grid estimate: rotation as the marginal estimator (projection sharpness), then
 * a comb template fitted to the sheared column and row projections (see fitComb).
 */
export function estimateGridMatchedFilterFromPlane(plane: Uint8Array, width: number, height: number, options: EstimateGridMatchedFilterOptions = {}): GridEstimate {
  const minPx = checkNumber("minPxPerMm", options.minPxPerMm ?? 1.5, 0.5, 100);
  const maxPx = checkNumber("maxPxPerMm", options.maxPxPerMm ?? 40, minPx, 200);
  const majorWeight = checkNumber("majorWeight", options.majorWeight ?? 2.5, 1, 20);
  const warnings: string[] = [];
  // Shading (photos) would dominate both the rotation search and the profiles: remove it first.
  const flat = highPassPlane(plane, width, height, 12);
  const angleDeg = options.rotation === false ? 0 : estimateRotation(flat, width, height).angleDeg;
  const dark = gridDarkness(flat);
  const col = shearedProfile(dark, width, height, angleDeg, "col");
  const row = shearedProfile(dark, width, height, angleDeg, "row");
  const fx = fitComb(col.profile, minPx, maxPx, majorWeight);
  const fy = fitComb(row.profile, minPx, maxPx, majorWeight);
  let pxPerMmX = fx.pxPerMm;
  let pxPerMmY = fy.pxPerMm;
  if (!Number.isFinite(pxPerMmX) && !Number.isFinite(pxPerMmY)) {
    return { method: "matched-filter", pxPerMmX: NaN, pxPerMmY: NaN, angleDeg: 0, confidence: 0, warnings: ["no periodic grid found"] };
  }
  if (!Number.isFinite(pxPerMmX)) (pxPerMmX = pxPerMmY), warnings.push("no grid period found along x; assumed square pixels");
  if (!Number.isFinite(pxPerMmY)) (pxPerMmY = pxPerMmX), warnings.push("no grid period found along y; assumed square pixels");
  [pxPerMmX, pxPerMmY] = reconcileAxes(pxPerMmX, pxPerMmY, fx.confidence >= fy.confidence, warnings);
  const wrap = (v: number, period: number) => ((v % period) + period) % period;
  return {
    method: "matched-filter",
    pxPerMmX,
    pxPerMmY,
    angleDeg,
    confidence: Math.sqrt(fx.confidence * fy.confidence),
    majorLineCol: Number.isFinite(fx.pxPerMm) ? wrap(fx.majorPhasePx - col.offset, 5 * fx.pxPerMm) : undefined,
    majorLineRow: Number.isFinite(fy.pxPerMm) ? wrap(fy.majorPhasePx - row.offset, 5 * fy.pxPerMm) : undefined,
    warnings,
  };
}

/** Matched-filter grid estimate of an RGBA image (grid darkness = 255 - min channel). */
export function estimateGridMatchedFilter(image: RgbaImage, options: EstimateGridMatchedFilterOptions = {}): GridEstimate {
  return estimateGridMatchedFilterFromPlane(imagePlanes(image).any, image.width, image.height, options);
}
