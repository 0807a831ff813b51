import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { alignSignals } from "../alignSignals.js";
import { maxLagSamples, scoreDataset, scoreLead, scoreRecord } from "../scoreSignals.js";
import { Rng } from "../../util/rng.js";

const FS = 500;

/** ECG-like test signal: flat baseline 0 with seeded bumps of random height, width and place. */
function bumps(n: number, seed: string): Float64Array {
  const rng = new Rng(seed);
  const x = new Float64Array(n);
  for (let k = 0; k < Math.round(n / 120); k++) {
    const c = rng.uniform(0, n);
    const w = rng.uniform(3, 25);
    const a = rng.uniform(-1.2, 1.5);
    for (let i = Math.max(0, Math.floor(c - 4 * w)); i < Math.min(n, c + 4 * w); i++) x[i] += a * Math.exp(-((i - c) ** 2) / (2 * w * w));
  }
  return x;
}

function snrDb(ref: Float64Array, est: Float64Array): number {
  let ps = 0;
  let pn = 0;
  for (let i = 0; i < ref.length; i++) (ps += ref[i]! ** 2), (pn += (ref[i]! - est[i]!) ** 2);
  return 10 * Math.log10(ps / pn);
}

/** The official align_signals written the plain way: dense images, reflect blur, every lag. */
function denseOfficial(ref: Float64Array, est: Float64Array): { lag: number; offset: number } {
  const L = 256;
  const T = Math.max(ref.length, est.length);
  const finite = [...ref, ...est].filter(Number.isFinite);
  const mn = Math.min(...finite);
  const mx = Math.max(...finite);
  const g = [-2, -1, 0, 1, 2].map((k) => Math.exp(-2 * k * k));
  const gs = g.reduce((a, b) => a + b);
  const refl = (i: number, n: number) => (i < 0 ? -1 - i : i >= n ? 2 * n - 1 - i : i);
  const image = (x: Float64Array) => {
    const a = Array.from({ length: L }, () => new Float64Array(T));
    x.forEach((v, t) => {
      if (!Number.isFinite(v)) return;
      const y = (255 * (v - mn)) / (mx - mn) + 1;
      const f = Math.floor(y);
      const r = y - f > 0.5 || (y - f === 0.5 && f % 2 === 1) ? f + 1 : f;
      a[Math.min(256, Math.max(1, r)) - 1]![t] = 1;
    });
    const b = Array.from({ length: L }, () => new Float64Array(T));
    for (let p = 0; p < L; p++) for (let q = 0; q < T; q++) for (let k = -2; k <= 2; k++) b[p]![q] += (g[k + 2]! / gs) * a[refl(p + k, L)]![q]!;
    const c = Array.from({ length: L }, () => new Float64Array(T));
    for (let p = 0; p < L; p++) for (let q = 0; q < T; q++) for (let k = -2; k <= 2; k++) c[p]![q] += (g[k + 2]! / gs) * b[p]![refl(q + k, T)]!;
    return c;
  };
  const A = image(ref);
  const B = image(est);
  let best = -Infinity;
  let bd = 0;
  let be = 0;
  for (let d = -(L - 1); d <= L - 1; d++) {
    for (let e = -(T - 1); e <= T - 1; e++) {
      let s = 0;
      for (let p = Math.max(0, d); p < Math.min(L, L + d); p++) {
        const ar = A[p]!;
        const br = B[p - d]!;
        for (let q = Math.max(0, e); q < Math.min(T, T + e); q++) s += ar[q]! * br[q - e]!;
      }
      if (s > best * (1 + 1e-12)) (best = s), (bd = d), (be = e);
    }
  }
  return { lag: -be, offset: (-bd / 255) * (mx - mn) };
}

describe("alignSignals", () => {
  it("finds the same peak as the dense official computation", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: -8, max: 8 }), fc.double({ min: -0.6, max: 0.6, noNaN: true }), (seed, shift, off) => {
        const n = 36;
        const ref = bumps(n + 20, `a${seed}`).map((v, i) => v + 0.2 * Math.sin(i / 3)).slice(10, 10 + n);
        const est = new Float64Array(n).map((_, i) => (i - shift >= 0 && i - shift < n ? ref[i - shift]! + off : NaN));
        if (seed % 3 === 0) est[5] = NaN;
        // Sparser reference than estimate: the other branch of the histogram walk.
        if (seed % 2 === 0) for (let i = 0; i < 12; i++) ref[2 * i] = NaN;
        const fast = alignSignals(ref, est);
        const dense = denseOfficial(ref, est);
        expect(fast.lagSamples).toBe(dense.lag);
        expect(fast.offsetMv).toBeCloseTo(dense.offset, 9);
      }),
      { numRuns: 8, seed: 7 },
    );
  });

  it("reports a delay of the estimate as a positive lag and a raise as a positive offset", () => {
    const ref = bumps(5000, "delay");
    const est = new Float64Array(5000).map((_, i) => (i >= 40 ? ref[i - 40]! + 0.3 : NaN));
    const a = alignSignals(ref, est);
    expect(a.lagSamples).toBe(40);
    expect(a.offsetMv).toBeGreaterThan(0.29);
    expect(a.offsetMv).toBeLessThan(0.31);
  });
});

describe("scoreLead", () => {
  const ref = bumps(5000, "lead");

  it("scores identical signals +Infinity (noise power 0), lag 0, coverage 1", () => {
    const s = scoreLead(ref, ref.slice(), FS);
    expect(s.snrDb).toBe(Infinity);
    expect(s).toMatchObject({ lagSamples: 0, offsetMv: 0, shiftApplied: true, coverage: 1 });
  });

  it("scores a 10 % gain error at 20 dB", () => {
    const s = scoreLead(ref, ref.map((v) => 1.1 * v), FS);
    expect(s.snrDb).toBeGreaterThan(19.7);
    expect(s.snrDb).toBeLessThan(20.3);
  });

  it("applies a 0.2 s shift (within 0.5 s): only the uncovered tail costs", () => {
    const est = new Float64Array(5000).map((_, i) => (i >= 100 ? 1.1 * ref[i - 100]! : NaN));
    const s = scoreLead(ref, est, FS);
    expect(s.lagSamples).toBe(100);
    expect(s.shiftApplied).toBe(true);
    expect(s.coverage).toBeCloseTo(4900 / 5000, 12);
    // 20 dB of gain error over the covered part, times coverage 0.98.
    expect(s.snrDb).toBeGreaterThan(0.98 * 19.7);
    expect(s.snrDb).toBeLessThan(0.98 * 20.3);
  });

  it("does not apply a 0.6 s shift (beyond 0.5 s): scored unshifted", () => {
    const est = new Float64Array(5000).map((_, i) => (i >= 300 ? ref[i - 300]! : 0));
    const s = scoreLead(ref, est, FS);
    expect(s.lagSamples).toBe(300);
    expect(maxLagSamples(FS)).toBe(250);
    expect(s.shiftApplied).toBe(false);
    expect(s.coverage).toBe(1);
    expect(s.snrDb).toBeCloseTo(snrDb(ref, est), 9);
  });

  it("removes a constant offset of 0.5 mV to within one quantization step", () => {
    const s = scoreLead(ref, ref.map((v) => v + 0.5), FS);
    expect(s.shiftApplied).toBe(true);
    let mn = Infinity;
    let mx = -Infinity;
    for (const v of ref) (mn = Math.min(mn, v, v + 0.5)), (mx = Math.max(mx, v, v + 0.5));
    const step = (mx - mn) / 255;
    expect(Math.abs(s.offsetMv - 0.5)).toBeLessThanOrEqual(step / 2 + 1e-12);
    // What remains is a constant error of at most half a step.
    const ps = ref.reduce((a, v) => a + v * v, 0) / ref.length;
    expect(s.snrDb).toBeGreaterThanOrEqual(10 * Math.log10(ps / (step / 2) ** 2) - 1e-9);
  });

  it("keeps a 1.5 mV offset (beyond 1 mV): scored unshifted", () => {
    const est = ref.map((v) => v + 1.5);
    const s = scoreLead(ref, est, FS);
    expect(s.offsetMv).toBeGreaterThan(1);
    expect(s.shiftApplied).toBe(false);
    expect(s.snrDb).toBeCloseTo(snrDb(ref, est), 9);
  });

  it("multiplies by the covered fraction when the estimate has NaNs", () => {
    const est = ref.map((v, i) => (i < 2500 ? 1.1 * v : NaN));
    const s = scoreLead(ref, est, FS);
    expect(s.coverage).toBe(0.5);
    const half = snrDb(ref.subarray(0, 2500), est.subarray(0, 2500));
    expect(s.snrDb).toBeCloseTo(0.5 * half, 6);
  });

  it("ignores reference NaNs (samples the page does not show)", () => {
    const r = ref.map((v, i) => (i < 1250 ? v : NaN));
    const s = scoreLead(r, ref.map((v) => 1.1 * v), FS);
    expect(s.coverage).toBe(1);
    expect(s.snrDb).toBeCloseTo(snrDb(r.subarray(0, 1250), ref.subarray(0, 1250).map((v) => 1.1 * v)), 6);
  });

  it("scores an all-NaN estimate 0 dB and an all-NaN reference NaN", () => {
    expect(scoreLead(ref, new Float64Array(5000).fill(NaN), FS)).toMatchObject({ snrDb: 0, coverage: 0 });
    expect(scoreLead(new Float64Array(10).fill(NaN), ref.subarray(0, 10), FS).snrDb).toBeNaN();
  });
});

describe("scoreRecord / scoreDataset", () => {
  const names = ["I", "II", "V1"];
  const sigs = names.map((n) => bumps(5000, n));
  const ref = { samplingFrequencyHz: FS, names, signals: sigs };

  it("matches leads by name ignoring case and scores a missing lead as zeros (0 dB on a flat baseline)", () => {
    const est = { samplingFrequencyHz: FS, names: ["i", "ii"], signals: [sigs[0]!.map((v) => 1.1 * v), sigs[1]!.slice()] };
    const r = scoreRecord(ref, est);
    expect(r.leads.map((l) => l.name)).toEqual(names);
    expect(r.leads[0]!.score.snrDb).toBeCloseTo(20, 0);
    expect(r.leads[1]!.score.snrDb).toBe(Infinity);
    expect(r.leads[2]!.score.snrDb).toBeCloseTo(0, 9);
    expect(r.warnings.join(" ")).toMatch(/V1 missing/);
  });

  it("scores a missing record 0 dB on every lead, and the dataset mean is over (record, lead) pairs", () => {
    const miss = scoreRecord(ref, undefined);
    expect(miss.leads.map((l) => l.score.snrDb)).toEqual([0, 0, 0]);
    const half = { samplingFrequencyHz: FS, names, signals: sigs.map((s) => s.map((v) => 1.1 * v)) };
    const ds = scoreDataset([
      { name: "a", score: scoreRecord(ref, half) },
      { name: "b", score: miss },
    ]);
    expect(ds.pairs).toBe(6);
    const each = sigs.map((s) => scoreLead(s, s.map((v) => 1.1 * v), FS).snrDb);
    expect(ds.meanSnrDb).toBeCloseTo((each[0]! + each[1]! + each[2]! + 0 + 0 + 0) / 6, 12);
    expect(ds.meanSnrDb).toBeGreaterThan(9);
  });

  it("resamples an estimate at another sampling frequency, with a warning", () => {
    const est = { samplingFrequencyHz: 250, names, signals: sigs.map((s) => s.filter((_, i) => i % 2 === 0)) };
    const r = scoreRecord(ref, est);
    expect(r.warnings.join(" ")).toMatch(/resampled/);
    for (const l of r.leads) expect(l.score.snrDb).toBeGreaterThan(15);
  });
});
