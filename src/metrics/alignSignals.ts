/**
 * The alignment step of the PhysioNet Challenge 2024 score: both signals quantized to 256 levels
 * over their joint range, drawn as 256 x T binary images, blurred (Gaussian, sigma 0.5, radius 2,
 * edges reflected as scipy's gaussian_filter does) and cross-correlated; the peak gives the lag
 * and the vertical offset.
 *
 * A dense 2D FFT of 511 x (2T - 1) would take seconds per lead. Instead: the correlation of the
 * blurred images is bounded above by the correlation of the raw points (plus their mirror copies
 * at the edges) smoothed with the blur's autocorrelation, a 2D histogram of level differences per
 * lag that costs T^2 increments. Lags are visited in order of that bound and only candidates whose
 * bound reaches the best exact value found so far are evaluated exactly, so the result is the
 * exact argmax of the official correlation (ties: smallest vertical, then time, index, as numpy).
 */

/** Quantization levels of the official score. */
export const QUANT_LEVELS = 256;
const RADIUS = 2;
const SIGMA = 0.5;

export interface Alignment {
  /**
   * Official `offset_hz`: the estimate is read from sample i + lagSamples when compared with
   * reference sample i (positive: the estimate lags behind the reference).
   */
  lagSamples: number;
  /** Official `offset_vt`, mV: subtracted from the estimate. */
  offsetMv: number;
}

const GAUSS = ((): Float64Array => {
  const g = new Float64Array(2 * RADIUS + 1);
  let s = 0;
  for (let k = -RADIUS; k <= RADIUS; k++) s += g[k + RADIUS] = Math.exp((-0.5 * k * k) / (SIGMA * SIGMA));
  for (let k = 0; k < g.length; k++) g[k] = g[k]! / s;
  return g;
})();

/** Autocorrelation of the blur kernel (9 taps): the kernel of blurred-vs-blurred correlation. */
const KERNEL = ((): Float64Array => {
  const k = new Float64Array(4 * RADIUS + 1);
  for (let m = -2 * RADIUS; m <= 2 * RADIUS; m++) {
    let s = 0;
    for (let a = -RADIUS; a <= RADIUS; a++) {
      const b = a - m;
      if (b >= -RADIUS && b <= RADIUS) s += GAUSS[a + RADIUS]! * GAUSS[b + RADIUS]!;
    }
    k[m + 2 * RADIUS] = s;
  }
  return k;
})();

/** numpy's round: halves go to the even neighbour. */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Level 0..255 of every sample (-1 where not finite), as the official convert_signal. */
export function quantizeLevels(x: Float64Array, minAmp: number, maxAmp: number, length: number): Int32Array {
  const out = new Int32Array(length).fill(-1);
  const span = maxAmp - minAmp;
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!;
    if (!Number.isFinite(v)) continue;
    const y = roundHalfEven(((QUANT_LEVELS - 1) * (v - minAmp)) / span + 1);
    out[t] = Math.min(QUANT_LEVELS, Math.max(1, y)) - 1;
  }
  return out;
}

function countFinite(levels: Int32Array): number {
  let n = 0;
  for (let t = 0; t < levels.length; t++) if (levels[t]! >= 0) n++;
  return n;
}

function lowerBound(sorted: Int32Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function reflect(i: number, n: number): number {
  // scipy "reflect" (d c b a | a b c d), repeated for tiny n.
  for (;;) {
    if (i < 0) i = -1 - i;
    else if (i >= n) i = 2 * n - 1 - i;
    else return i;
  }
}

/** The blurred binary image, time-major (column t holds QUANT_LEVELS values), with each column's nonzero band. */
interface Blurred {
  data: Float64Array;
  lo: Int32Array;
  hi: Int32Array;
}

export function blurLevels(levels: Int32Array): Blurred {
  const T = levels.length;
  const L = QUANT_LEVELS;
  const data = new Float64Array(T * L);
  const lo = new Int32Array(T).fill(L);
  const hi = new Int32Array(T).fill(-1);
  for (let t = 0; t < T; t++) {
    const l = levels[t]!;
    if (l < 0) continue;
    for (let dt = -RADIUS; dt <= RADIUS; dt++) {
      const tt = reflect(t + dt, T);
      const gt = GAUSS[dt + RADIUS]!;
      for (let dl = -RADIUS; dl <= RADIUS; dl++) {
        const ll = reflect(l + dl, L);
        data[tt * L + ll] += gt * GAUSS[dl + RADIUS]!;
        if (ll < lo[tt]!) lo[tt] = ll;
        if (ll > hi[tt]!) hi[tt] = ll;
      }
    }
  }
  return { data, lo, hi };
}

/** Exact official correlation value at vertical shift d and time shift e: sum A_ref[p, q] A_est[p - d, q - e]. */
export function correlationAt(ref: Blurred, est: Blurred, T: number, d: number, e: number): number {
  const L = QUANT_LEVELS;
  let s = 0;
  const t0 = Math.max(0, e);
  const t1 = Math.min(T, T + e);
  for (let t = t0; t < t1; t++) {
    const u = t - e;
    const a = Math.max(ref.lo[t]!, est.lo[u]! + d);
    const b = Math.min(ref.hi[t]!, est.hi[u]! + d);
    if (a > b) continue;
    const ro = t * L;
    const eo = u * L - d;
    for (let p = a; p <= b; p++) s += ref.data[ro + p]! * est.data[eo + p]!;
  }
  return s;
}

/**
 * Mirror copies (time, level) that scipy's reflected edges add within the blur radius: samples at
 * the two lowest or highest levels mirrored in level, the first and last two samples in time.
 */
function mirrorPoints(levels: Int32Array): { t: number[]; l: number[] } {
  const T = levels.length;
  const L = QUANT_LEVELS;
  const pts: { t: number[]; l: number[] } = { t: [], l: [] };
  const columnAt = (t: number, src: number) => {
    const l = levels[src]!;
    if (l < 0) return;
    const ls = [l];
    if (l <= 1) ls.push(-1 - l);
    else if (l >= L - 2) ls.push(2 * L - 1 - l);
    for (const v of ls) if (t !== src || v !== l) (pts.t.push(t), pts.l.push(v));
  };
  for (let t = 0; t < T; t++) columnAt(t, t);
  for (const [t, src] of [[-1, 0], [-2, 1], [T, T - 1], [T + 1, T - 2]] as const) if (src >= 0 && src < T) columnAt(t, src);
  return pts;
}

/**
 * Official align_signals: the lag and vertical offset at the peak of the blurred cross-correlation.
 * Returns zeros when either signal has no finite sample or both are one constant (the official code
 * divides by zero there).
 */
export function alignSignals(ref: Float64Array, est: Float64Array): Alignment {
  let minAmp = Infinity;
  let maxAmp = -Infinity;
  let nRef = 0;
  let nEst = 0;
  for (const v of ref) if (Number.isFinite(v)) (nRef++, (minAmp = Math.min(minAmp, v)), (maxAmp = Math.max(maxAmp, v)));
  for (const v of est) if (Number.isFinite(v)) (nEst++, (minAmp = Math.min(minAmp, v)), (maxAmp = Math.max(maxAmp, v)));
  if (nRef === 0 || nEst === 0 || !(maxAmp > minAmp)) return { lagSamples: 0, offsetMv: 0 };
  const T = Math.max(ref.length, est.length);
  const lr = quantizeLevels(ref, minAmp, maxAmp, T);
  const le = quantizeLevels(est, minAmp, maxAmp, T);
  const br = blurLevels(lr);
  const be = blurLevels(le);
  const L = QUANT_LEVELS;
  const peak = T < 8 ? bruteForcePeak(br, be, T) : boundedPeak(lr, le, br, be, T);
  return { lagSamples: -peak.e || 0, offsetMv: (-peak.d / (L - 1)) * (maxAmp - minAmp) || 0 };
}

interface Peak {
  d: number;
  e: number;
  value: number;
}

function better(v: number, d: number, e: number, best: Peak): boolean {
  if (best.value === -Infinity) return true;
  const tol = 1e-12 * Math.max(1, Math.abs(best.value));
  if (v > best.value + tol) return true;
  if (v < best.value - tol) return false;
  return d < best.d || (d === best.d && e < best.e);
}

function bruteForcePeak(br: Blurred, be: Blurred, T: number): Peak {
  const best: Peak = { d: 0, e: 0, value: -Infinity };
  for (let d = -(QUANT_LEVELS - 1); d <= QUANT_LEVELS - 1; d++) {
    for (let e = -(T - 1); e <= T - 1; e++) {
      const v = correlationAt(br, be, T, d, e);
      if (better(v, d, e, best)) Object.assign(best, { d, e, value: v });
    }
  }
  return best;
}

/**
 * Histogram of level differences per lag between the sparser signal's finite samples (pos, with
 * their levels) and the denser one, with the per-lag maximum. A top-level function with typed
 * arrays only: the hot loop of the score.
 */
function accumulatePairs(
  H: Int32Array,
  rowMax: Float64Array,
  pos: Int32Array,
  posLevel: Int32Array,
  dense: Int32Array,
  dMin: number,
  dMax: number,
  refSparse: boolean,
  EOFF: number,
  DN: number,
  DOFF: number,
): void {
  const sign = refSparse ? 1 : -1;
  const n = pos.length;
  // u = t + shift is the dense signal's time; shift = -e (reference sparse) or e.
  const sLo = dMin - pos[n - 1]!;
  const sHi = dMax - pos[0]!;
  for (let shift = sLo; shift <= sHi; shift++) {
    const ei = (refSparse ? -shift : shift) + EOFF;
    const row = ei * DN + DOFF;
    const tEnd = dMax - shift;
    let m = rowMax[ei]!;
    for (let j = lowerBound(pos, dMin - shift); j < n; j++) {
      const t = pos[j]!;
      if (t > tEnd) break;
      const b = dense[t + shift]!;
      if (b < 0) continue;
      const k = row + sign * (posLevel[j]! - b);
      const v = H[k]! + 1;
      H[k] = v;
      if (v > m) m = v;
    }
    rowMax[ei] = m;
  }
}

function boundedPeak(lr: Int32Array, le: Int32Array, br: Blurred, be: Blurred, T: number): Peak {
  const L = QUANT_LEVELS;
  const extent = (x: Int32Array) => {
    let lo = -1;
    let hi = -1;
    for (let t = 0; t < T; t++) if (x[t]! >= 0) (lo < 0 && (lo = t), (hi = t));
    return [lo, hi] as const;
  };
  const [rLo, rHi] = extent(lr);
  const [sLo0, sHi0] = extent(le);
  // Every pair, mirror copies (2 slots past an end) included, has its lag in [eMin, eMax].
  const eMin = rLo - 2 - (sHi0 + 2);
  const eMax = rHi + 2 - (sLo0 - 2);
  const EOFF = -eMin;
  const EN = eMax - eMin + 1;
  const DOFF = L + 3;
  const DN = 2 * L + 7;
  const H = new Int32Array(EN * DN);
  const rowMax = new Float64Array(EN);
  const bump = (idx: number, ei: number) => {
    const v = ++H[idx]!;
    if (v > rowMax[ei]!) rowMax[ei] = v;
  };
  // Walk the finite samples of the sparser signal, looking the other up by time, over the lags
  // where their finite extents overlap.
  const refSparse = countFinite(lr) <= countFinite(le);
  const sparse = refSparse ? lr : le;
  const dense = refSparse ? le : lr;
  const posList: number[] = [];
  for (let t = 0; t < T; t++) if (sparse[t]! >= 0) posList.push(t);
  const pos = Int32Array.from(posList);
  const posLevel = Int32Array.from(posList, (t) => sparse[t]!);
  const [dMin, dMax] = refSparse ? [sLo0, sHi0] : [rLo, rHi];
  if (pos.length && dMax >= 0) accumulatePairs(H, rowMax, pos, posLevel, dense, dMin, dMax, refSparse, EOFF, DN, DOFF);
  // Pairs involving a mirror point: few unless a signal sits at an extreme level throughout.
  const mr = mirrorPoints(lr);
  const me = mirrorPoints(le);
  for (let i = 0; i < mr.t.length; i++) {
    for (let u = 0; u < T; u++) {
      const b = le[u]!;
      if (b >= 0) bump((mr.t[i]! - u + EOFF) * DN + DOFF + mr.l[i]! - b, mr.t[i]! - u + EOFF);
    }
    for (let j = 0; j < me.t.length; j++) bump((mr.t[i]! - me.t[j]! + EOFF) * DN + DOFF + mr.l[i]! - me.l[j]!, mr.t[i]! - me.t[j]! + EOFF);
  }
  for (let j = 0; j < me.t.length; j++) {
    for (let t = 0; t < T; t++) {
      const a = lr[t]!;
      if (a >= 0) bump((t - me.t[j]! + EOFF) * DN + DOFF + a - me.l[j]!, t - me.t[j]! + EOFF);
    }
  }
  // Upper bound per lag: the kernel sums to 1 along each axis.
  const KR = 2 * RADIUS;
  const bound = new Float64Array(EN);
  for (let ei = 0; ei < EN; ei++) {
    let s = 0;
    for (let j = -KR; j <= KR; j++) {
      const k = ei - j;
      if (k >= 0 && k < EN) s += KERNEL[j + KR]! * rowMax[k]!;
    }
    bound[ei] = s;
  }
  const order: number[] = [];
  for (let ei = 0; ei < EN; ei++) {
    const e = ei - EOFF;
    if (e >= -(T - 1) && e <= T - 1 && bound[ei]! > 0) order.push(ei);
  }
  order.sort((a, b) => bound[b]! - bound[a]!);
  const best: Peak = { d: 0, e: 0, value: -Infinity };
  const tmp = new Float64Array(DN);
  const col = new Float64Array(DN);
  const cand: number[] = [];
  for (const ei of order) {
    if (bound[ei]! < best.value * (1 - 1e-9)) break;
    const e = ei - EOFF;
    tmp.fill(0);
    for (let j = -KR; j <= KR; j++) {
      const k = ei - j;
      if (k < 0 || k >= EN) continue;
      const w = KERNEL[j + KR]!;
      const o = k * DN;
      for (let di = 0; di < DN; di++) tmp[di] += w * H[o + di]!;
    }
    cand.length = 0;
    for (let di = 0; di < DN; di++) {
      let s = 0;
      for (let i = -KR; i <= KR; i++) {
        const k = di - i;
        if (k >= 0 && k < DN) s += KERNEL[i + KR]! * tmp[k]!;
      }
      col[di] = s;
      const d = di - DOFF;
      if (d >= -(L - 1) && d <= L - 1 && s >= best.value * (1 - 1e-9)) cand.push(di);
    }
    cand.sort((a, b) => col[b]! - col[a]!);
    for (const di of cand) {
      if (col[di]! < best.value * (1 - 1e-9)) break;
      const d = di - DOFF;
      const v = correlationAt(br, be, T, d, e);
      if (better(v, d, e, best)) Object.assign(best, { d, e, value: v });
    }
  }
  return best.value === -Infinity ? { d: 0, e: 0, value: 0 } : best;
}
