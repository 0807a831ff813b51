import type { Rng } from "../../util/rng.js";

/** Clinical notes as scribbled on ECG printouts: rhythm names, findings, abbreviations, requests. */
const PHRASES = [
  "NSR", "Sinus rhythm", "sinus brady", "sinus tachy", "AF", "AFib", "A flutter", "SVT", "VT?", "paced",
  "1st deg AVB", "RBBB", "LBBB", "LAFB", "LVH", "RVH", "old MI?", "inf MI", "ant STEMI?", "ST elev",
  "ST dep", "T inv", "TWI V1-V3", "peaked T", "long QT", "Q waves", "poor R wave prog", "low voltage",
  "repeat ECG", "repeat in 1 hr", "compare old ECG", "no change", "unchanged", "discussed w/ cardio",
  "chest pain", "c/o SOB", "post PCI", "pre-op", "on amiodarone", "K+ 5.9", "trop pending", "seen",
  "reviewed", "urgent", "baseline", "artefact", "lead reversal?", "wrong leads?", "?", "!!", "OK",
];

/** A note text: a stock phrase or one with numbers (rates, intervals, times). */
export function pickNote(rng: Rng): string {
  const r = rng.next();
  if (r < 0.7) return rng.pick(PHRASES);
  if (r < 0.78) return `HR ${rng.int(38, 160)}`;
  if (r < 0.84) return `QTc ${rng.int(360, 540)}`;
  if (r < 0.9) return `${rng.int(0, 23)}:${String(rng.int(0, 59)).padStart(2, "0")}`;
  if (r < 0.95) return `${rng.int(1, 28)}/${rng.int(1, 12)}`;
  return `PR ${rng.int(100, 320)} ms`;
}
