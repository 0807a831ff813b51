/**
 * Heart rate from one lead by a simple QRS detector: band-limited slope energy, a threshold at
 * 30% of the 99th percentile, 250 ms refractory period, rate from the median RR interval.
 * Returns undefined when fewer than two beats are found. NaN samples count as flat.
 */
export function estimateHeartRateBpm(signal: Float64Array, samplingFrequencyHz: number): number | undefined {
  const n = signal.length;
  const fs = samplingFrequencyHz;
  if (n < fs) return undefined;
  const win = Math.max(1, Math.round(0.08 * fs));
  const energy = new Float64Array(n);
  let acc = 0;
  const d = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const a = signal[i]!, b = signal[i - 1]!;
    const v = Number.isFinite(a) && Number.isFinite(b) ? a - b : 0;
    d[i] = v * v;
  }
  for (let i = 0; i < n; i++) {
    acc += d[i]!;
    if (i >= win) acc -= d[i - win]!;
    energy[i] = acc;
  }
  const sorted = Float64Array.from(energy).sort();
  const threshold = 0.3 * sorted[Math.floor(0.99 * (n - 1))]!;
  if (!(threshold > 0)) return undefined;
  const refractory = Math.round(0.25 * fs);
  const peaks: number[] = [];
  let i = 0;
  while (i < n) {
    if (energy[i]! > threshold) {
      let best = i;
      const end = Math.min(n, i + refractory);
      for (let j = i; j < end; j++) if (energy[j]! > energy[best]!) best = j;
      peaks.push(best);
      i = best + refractory;
    } else i++;
  }
  if (peaks.length < 2) return undefined;
  const rr = peaks.slice(1).map((p, k) => (p - peaks[k]!) / fs).sort((a, b) => a - b);
  const median = rr[rr.length >> 1]!;
  return 60 / median;
}
