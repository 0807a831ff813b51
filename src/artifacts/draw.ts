import type { Rng } from "../util/rng.js";
import type { Range } from "./artifactOptions.js";

/** A number drawn uniformly from a range. */
export function drawRange(rng: Rng, [lo, hi]: Range): number {
  return lo === hi ? lo : rng.uniform(lo, hi);
}

/** A whole number drawn uniformly from a range (ends included, rounded inward). */
export function drawCount(rng: Rng, [lo, hi]: Range): number {
  const a = Math.ceil(lo), b = Math.floor(hi);
  return b <= a ? Math.max(0, Math.round(lo)) : rng.int(a, b);
}

/** Rounds for the record of applied parameters (JSON stays short; values used are unrounded). */
export function r4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
