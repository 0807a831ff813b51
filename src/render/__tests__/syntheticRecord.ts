import type { WfdbRecord } from "../../wfdb/types.js";

/** A WfdbRecord built in memory (mV signals), for tests that need exact, known input. */
export function syntheticRecord(name: string, samplingFrequencyHz: number, signals: Record<string, Float64Array>, comments: string[] = []): WfdbRecord {
  const names = Object.keys(signals);
  const nSamples = signals[names[0]!]!.length;
  return {
    name,
    header: {
      recordName: name,
      nSignals: names.length,
      samplingFrequencyHz,
      nSamples,
      signals: names.map((n) => ({
        fileName: `${name}.dat`, format: 16, samplesPerFrame: 1, skew: 0, byteOffset: 0, adcGain: 1000, baseline: 0, units: "mV",
        adcResolution: 16, adcZero: 0, initialValue: 0, checksum: undefined, blockSize: 0, description: n,
      })),
      comments,
    },
    samplingFrequencyHz,
    nSamples,
    startSample: 0,
    signalNames: names,
    units: names.map(() => "mV"),
    physical: names.map((n) => signals[n]!),
    warnings: [],
  };
}

/** A smooth test wave: sum of sines (Hz, mV), n samples at fs. */
export function sines(n: number, fs: number, parts: [number, number, number?][]): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / fs;
    let v = 0;
    for (const [f, a, ph] of parts) v += a * Math.sin(2 * Math.PI * f * t + (ph ?? 0));
    out[i] = v;
  }
  return out;
}

/** Twelve standard leads of distinct sine mixtures obeying Einthoven (III = II - I). */
export function twelveLeads(n: number, fs: number): Record<string, Float64Array> {
  const I = sines(n, fs, [[1.1, 0.5], [7, 0.3]]);
  const II = sines(n, fs, [[1.3, 0.8, 1], [9, 0.4]]);
  const III = II.map((v, i) => v - I[i]!);
  const aVR = I.map((v, i) => -(v + II[i]!) / 2);
  const aVL = I.map((v, i) => v - II[i]! / 2);
  const aVF = II.map((v, i) => v - I[i]! / 2);
  const out: Record<string, Float64Array> = { I, II, III, aVR, aVL, aVF };
  for (let k = 1; k <= 6; k++) out[`V${k}`] = sines(n, fs, [[0.7 + k * 0.2, 0.3 + k * 0.15, k], [5 + k, 0.2]]);
  return out;
}
