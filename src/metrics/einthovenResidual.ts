import type { SignalSet } from "./scoreSignals.js";

/**
 * Einthoven check of a digitized record without truth: rms(II - (I + III)) / rms(II) over the
 * samples where I, II and III are all finite (on a 3x4 page: the first column's window), each
 * lead less its mean there first (the score forgives a baseline offset, so this does too; means,
 * unlike medians, keep II = I + III exact).
 * 0 = the law holds exactly; about 1 or more = the leads read do not belong together.
 * NaN when the three leads are not all present or never finite together.
 */
export function einthovenResidual(set: SignalSet): number {
  const find = (n: string) => set.signals[set.names.findIndex((x) => x.toLowerCase() === n)];
  const i = find("i");
  const ii = find("ii");
  const iii = find("iii");
  if (!i || !ii || !iii) return NaN;
  const idx: number[] = [];
  const n = Math.min(i.length, ii.length, iii.length);
  for (let t = 0; t < n; t++) if (Number.isFinite(i[t]!) && Number.isFinite(ii[t]!) && Number.isFinite(iii[t]!)) idx.push(t);
  const mean = (x: Float64Array) => idx.reduce((s, t) => s + x[t]!, 0) / (idx.length || 1);
  const [mi, mii, miii] = [mean(i), mean(ii), mean(iii)];
  let num = 0;
  let den = 0;
  for (const t of idx) {
    const b = ii[t]! - mii;
    num += (b - (i[t]! - mi) - (iii[t]! - miii)) ** 2;
    den += b * b;
  }
  return den > 0 ? Math.sqrt(num / den) : NaN;
}
