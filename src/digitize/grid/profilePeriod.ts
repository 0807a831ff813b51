/** What the autocorrelation of a grid profile says about its period. */
export interface ProfilePeriod {
  /** Pixels per 1 mm (minor square) along the profile; NaN when no period was found. */
  pxPerMm: number;
  /** How the 1 mm vs 5 mm choice was made. */
  basis: "major/minor ratio" | "major only" | "minor only" | "none";
  /** Peak-to-trough contrast of the autocorrelation at the chosen major period (0-1). */
  contrast: number;
  /** Offset (px, 0..major period) of the strongest line of the folded profile. */
  majorPhase: number;
}

/** Normalised autocorrelation of a zero-mean copy of `p` for lags 0..maxLag. */
export function autocorrelation(p: Float64Array, maxLag: number): Float64Array {
  const n = p.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += p[i]!;
  mean /= n;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = p[i]! - mean;
  const ac = new Float64Array(maxLag + 1);
  for (let lag = 0; lag <= maxLag; lag++) {
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += z[i]! * z[i + lag]!;
    ac[lag] = s / (n - lag);
  }
  const a0 = ac[0]! || 1;
  for (let lag = 0; lag <= maxLag; lag++) ac[lag] = ac[lag]! / a0;
  return ac;
}

function at(ac: Float64Array, x: number): number {
  if (x <= 0) return ac[0]!;
  const i = Math.floor(x);
  if (i >= ac.length - 1) return ac[ac.length - 1]!;
  const f = x - i;
  return ac[i]! * (1 - f) + ac[i + 1]! * f;
}

/** Mean of (peak at k p) - (trough at k p +- p/2) over the multiples of p within the lags. */
export function combContrast(ac: Float64Array, p: number): number {
  const maxLag = ac.length - 1;
  let s = 0;
  let k = 0;
  for (let m = 1; m * p + p / 2 <= maxLag && m <= 12; m++) {
    const c = m * p;
    s += at(ac, c) - 0.5 * (at(ac, c - p / 2) + at(ac, c + p / 2));
    k++;
  }
  return k ? s / k : 0;
}

/** Sub-sample position of the autocorrelation maximum near `guess` (+- radius), by a parabola. */
export function refinePeak(ac: Float64Array, guess: number, radius: number): number {
  const lo = Math.max(1, Math.floor(guess - radius));
  const hi = Math.min(ac.length - 2, Math.ceil(guess + radius));
  let best = lo;
  for (let i = lo; i <= hi; i++) if (ac[i]! > ac[best]!) best = i;
  const y0 = ac[best - 1]!;
  const y1 = ac[best]!;
  const y2 = ac[best + 1]!;
  const den = y0 - 2 * y1 + y2;
  const off = den < 0 ? (0.5 * (y0 - y2)) / den : 0;
  return best + Math.max(-0.5, Math.min(0.5, off));
}

/** Refines a period p using the farthest multiples still inside the lags (error shrinks as 1/k). */
function refinePeriod(ac: Float64Array, p: number): number {
  const maxLag = ac.length - 2;
  let est = p;
  // Walk outwards: each multiple is predicted from the current estimate, so the search stays narrow.
  for (let k = 1; k * est + 2 <= maxLag; k = k < 4 ? k + 1 : Math.ceil(k * 1.5)) {
    const pos = refinePeak(ac, k * est, Math.max(1, est * 0.15));
    const cand = pos / k;
    if (Math.abs(cand - est) < est * 0.05) est = k === 1 ? cand : (est + 3 * cand) / 4;
  }
  return est;
}

/**
 * Finds the grid period of a projection profile (sum of grid darkness per column or row).
 * The strongest comb period is the major (5 mm) period when a comb at a fifth of it also shows
 * (minor lines), else decided by whether a 1 mm or a 5 mm reading gives a plausible page length.
 */
export function profilePeriod(profile: Float64Array, minPx = 2): ProfilePeriod {
  const n = profile.length;
  const maxLag = Math.floor(n / 2);
  const none: ProfilePeriod = { pxPerMm: NaN, basis: "none", contrast: 0, majorPhase: 0 };
  if (n < 8 * minPx) return none;
  const ac = autocorrelation(profile, maxLag);
  // Contrast of every candidate period in 0.5 % steps. Multiples of the true period score as
  // well as it does, so take the smallest local maximum that comes near the best.
  const ps: number[] = [];
  const cs: number[] = [];
  for (let p = minPx; p <= maxLag / 3; p *= 1.005) {
    ps.push(p);
    cs.push(combContrast(ac, p));
  }
  const bestC = Math.max(0, ...cs);
  if (!(bestC > 0.05)) return none;
  let fundamental = NaN;
  for (let i = 1; i < ps.length - 1; i++) {
    if (cs[i]! >= 0.7 * bestC && cs[i]! >= cs[i - 1]! && cs[i]! >= cs[i + 1]!) {
      fundamental = ps[i]!;
      break;
    }
  }
  if (!Number.isFinite(fundamental)) fundamental = ps[cs.indexOf(bestC)]!;
  let major = refinePeriod(ac, fundamental);
  // The fundamental is the minor (1 mm) period when a comb five times longer is clearly stronger.
  if (5 * major <= maxLag / 1.5 && combContrast(ac, 5 * major) > 1.25 * combContrast(ac, major)) {
    major = refinePeriod(ac, 5 * major);
  }
  // A grid repeats across the page; fewer than 8 major squares is a few trace rows, not a grid.
  if (major > n / 8) return none;
  const majorC = combContrast(ac, major);
  const minor = major / 5;
  const minorC = minor >= minPx ? combContrast(ac, minor) : 0;
  let pxPerMm: number;
  let basis: ProfilePeriod["basis"];
  if (minorC > 0.15 * majorC && minorC > 0.03) {
    pxPerMm = major / 5;
    basis = "major/minor ratio";
  } else {
    // One period only: choose the reading that makes the profile a plausible page length.
    const asMajorMm = (n * 5) / major;
    const asMinorMm = n / major;
    const plausible = (mm: number) => Math.abs(Math.log(mm / 250));
    if (plausible(asMinorMm) < plausible(asMajorMm)) {
      pxPerMm = major;
      major = 5 * major;
      basis = "minor only";
    } else {
      pxPerMm = major / 5;
      basis = "major only";
    }
  }
  return { pxPerMm, basis, contrast: Math.min(1, majorC), majorPhase: foldPhase(profile, major) };
}

function foldPhase(profile: Float64Array, period: number): number {
  const bins = Math.max(4, Math.round(period));
  const acc = new Float64Array(bins);
  for (let i = 0; i < profile.length; i++) {
    const b = Math.floor((((i + 0.5) % period) / period) * bins) % bins;
    acc[b] = acc[b]! + profile[i]!;
  }
  let best = 0;
  for (let b = 1; b < bins; b++) if (acc[b]! > acc[best]!) best = b;
  return ((best + 0.5) / bins) * period;
}

/** Grid period (px per mm) of the column and of the row projection of one tile of a darkness plane (x0, y0, tw x th px); NaN where none. */
export function tilePeriods(plane: Uint8Array, width: number, x0: number, y0: number, tw: number, th: number): [number, number] {
  const cols = new Float64Array(tw), rows = new Float64Array(th);
  for (let r = 0; r < th; r++) {
    const o = (y0 + r) * width + x0;
    let s = 0;
    for (let c = 0; c < tw; c++) {
      const v = plane[o + c]!;
      cols[c] = cols[c]! + v;
      s += v;
    }
    rows[r] = s;
  }
  return [profilePeriod(cols).pxPerMm, profilePeriod(rows).pxPerMm];
}
