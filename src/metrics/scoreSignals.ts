import { alignSignals, roundHalfEven } from "./alignSignals.js";
import { resampleSignal } from "./resampleSignal.js";

/**
 * The PhysioNet Challenge 2024 digitization score (shared/docs/domain.md), per lead, record and
 * dataset. Choices where the official helper code is silent or odd:
 * - identical signals (noise power 0) score +Infinity, as the official compute_snr; means that
 *   include one are +Infinity too (printed "inf").
 * - an estimate with no finite sample where the reference has some scores 0 dB (coverage 0), as
 *   domain.md says; the official code yields NaN there and its nanmean drops the lead.
 * - a reference lead with no finite sample (not shown on the page) scores NaN and is left out of
 *   means (nothing to score), as the official nanmean.
 * - a reference that is all zeros scores NaN (the official code's 0/x case), left out of means.
 */

export interface LeadScore {
  /** SNR in dB times coverage; see the module comment for Infinity and NaN. */
  snrDb: number;
  /** Official offset_hz of the correlation peak: estimate sample i + lag is compared with reference sample i. */
  lagSamples: number;
  /** Official offset_vt of the correlation peak, mV (subtracted from the estimate). */
  offsetMv: number;
  /** Whether the shift was within 0.5 s and 1 mV and so applied. */
  shiftApplied: boolean;
  /** Samples finite in both / samples finite in the reference (0 when the reference has none). */
  coverage: number;
}

/** Largest lag applied, samples: round(0.5 s * fs) as the official evaluate_model. */
export function maxLagSamples(samplingFrequencyHz: number): number {
  return roundHalfEven(0.5 * samplingFrequencyHz);
}

/** Largest vertical offset applied, mV. */
export const MAX_OFFSET_MV = 1.0;

/** Score of one lead: align (if within the limits), then coverage-weighted SNR. */
export function scoreLead(ref: Float64Array, est: Float64Array, samplingFrequencyHz: number): LeadScore {
  const { lagSamples, offsetMv } = alignSignals(ref, est);
  const shiftApplied = Math.abs(lagSamples) <= maxLagSamples(samplingFrequencyHz) && Math.abs(offsetMv) <= MAX_OFFSET_MV;
  const lag = shiftApplied ? lagSamples : 0;
  const off = shiftApplied ? offsetMv : 0;
  // The official shift: a positive lag drops the first samples, a negative one prepends NaNs.
  const estAt = (i: number): number => {
    const j = i + lag;
    return j >= 0 && j < est.length ? est[j]! - off : NaN;
  };
  const n = Math.max(ref.length, lag < 0 ? est.length - lag : est.length);
  let nRef = 0;
  let nBoth = 0;
  let ps = 0;
  let pn = 0;
  for (let i = 0; i < n; i++) {
    const r = i < ref.length ? ref[i]! : NaN;
    if (!Number.isFinite(r)) continue;
    nRef++;
    const e = estAt(i);
    if (!Number.isFinite(e)) continue;
    nBoth++;
    ps += r * r;
    pn += (r - e) * (r - e);
  }
  const coverage = nRef > 0 ? nBoth / nRef : 0;
  let snrDb: number;
  if (nRef === 0) snrDb = NaN;
  else if (nBoth === 0) snrDb = 0;
  else if (ps > 0 && pn > 0) snrDb = 10 * Math.log10(ps / pn) * coverage;
  else if (pn === 0) snrDb = Infinity;
  else snrDb = NaN;
  return { snrDb, lagSamples, offsetMv, shiftApplied, coverage };
}

/** Named signals of one record at one sampling frequency (physical units, mV). */
export interface SignalSet {
  samplingFrequencyHz: number;
  names: string[];
  signals: Float64Array[];
}

export interface RecordScore {
  leads: { name: string; score: LeadScore }[];
  /** Mean of the finite-or-infinite lead scores (NaN ones left out). */
  meanSnrDb: number;
  warnings: string[];
}

/** Mean leaving out NaN (numpy nanmean); NaN when nothing is left. */
export function nanMean(values: number[]): number {
  let s = 0;
  let k = 0;
  for (const v of values) if (!Number.isNaN(v)) (s += v), k++;
  return k ? s / k : NaN;
}

/**
 * Scores every reference lead. `est` undefined = the record is missing: every lead 0 dB.
 * Leads are matched by name ignoring case; a lead missing from the estimate counts as zeros
 * (of the estimate's length). An estimate at another sampling frequency is resampled to the
 * reference's by linear interpolation (with a warning).
 */
export function scoreRecord(ref: SignalSet, est: SignalSet | undefined): RecordScore {
  const warnings: string[] = [];
  const fs = ref.samplingFrequencyHz;
  const leads: RecordScore["leads"] = [];
  if (!est) {
    for (let k = 0; k < ref.names.length; k++) {
      const r = ref.signals[k]!;
      const any = r.some((v) => Number.isFinite(v));
      leads.push({ name: ref.names[k]!, score: { snrDb: any ? 0 : NaN, lagSamples: 0, offsetMv: 0, shiftApplied: false, coverage: 0 } });
    }
    return { leads, meanSnrDb: nanMean(leads.map((l) => l.score.snrDb)), warnings: ["no estimate for this record: every lead scores 0 dB"] };
  }
  let estSignals = est.signals;
  if (est.samplingFrequencyHz !== fs) {
    warnings.push(`estimate at ${est.samplingFrequencyHz} Hz resampled to the reference's ${fs} Hz (linear interpolation)`);
    estSignals = est.signals.map((s) => resampleSignal(s, est.samplingFrequencyHz, fs));
  }
  const byName = new Map<string, number>();
  est.names.forEach((name, i) => {
    const key = name.toLowerCase();
    if (byName.has(key)) warnings.push(`estimate has lead "${name}" twice; the first is scored`);
    else byName.set(key, i);
  });
  const estLength = estSignals.reduce((m, s) => Math.max(m, s.length), 0);
  for (let k = 0; k < ref.names.length; k++) {
    const name = ref.names[k]!;
    const i = byName.get(name.toLowerCase());
    if (i === undefined) warnings.push(`lead ${name} missing from the estimate: scored as zeros`);
    const e = i === undefined ? new Float64Array(estLength) : estSignals[i]!;
    leads.push({ name, score: scoreLead(ref.signals[k]!, e, fs) });
  }
  const refNames = new Set(ref.names.map((n) => n.toLowerCase()));
  const extra = est.names.filter((n) => !refNames.has(n.toLowerCase()));
  if (extra.length) warnings.push(`estimate leads not in the reference (ignored): ${extra.join(", ")}`);
  return { leads, meanSnrDb: nanMean(leads.map((l) => l.score.snrDb)), warnings };
}

export interface DatasetScore {
  records: { name: string; score: RecordScore }[];
  /** The score: mean over all (record, lead) pairs, NaN ones left out. */
  meanSnrDb: number;
  /** Pairs that entered the mean. */
  pairs: number;
}

/** The dataset score: the mean over every (record, lead) pair, not over record means. */
export function scoreDataset(records: { name: string; score: RecordScore }[]): DatasetScore {
  const all = records.flatMap((r) => r.score.leads.map((l) => l.score.snrDb));
  return { records, meanSnrDb: nanMean(all), pairs: all.filter((v) => !Number.isNaN(v)).length };
}
