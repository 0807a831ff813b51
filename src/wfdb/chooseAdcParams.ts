import { digitalRange } from "./formats.js";

export interface AdcParams {
  /** ADC units per physical unit. */
  adcGain: number;
  /** Digital value of physical zero. */
  baseline: number;
}

/** Largest gain chosen: beyond it, doubles would no longer hold the digital values exactly. */
const MAX_GAIN = 1e15;

/** Rounds down to 10 significant digits, so the header prints it short and reads back the same value. */
function roundGainDown(g: number): number {
  const e = Math.floor(Math.log10(g)) - 9;
  const r = Math.floor(g / 10 ** e) * 10 ** e;
  return Number(r.toPrecision(10)) <= g ? Number(r.toPrecision(10)) : g;
}

/**
 * Gain and baseline that map the finite values of `physical` onto the format's valid digital range
 * (the invalid sample excluded) without clipping: the minimum lands on the lowest valid value and
 * the maximum at most on the highest.
 */
export function chooseAdcParams(physical: ArrayLike<number>, format: number): AdcParams {
  const { min: dmin, max: dmax } = digitalRange(format);
  let pmin = Infinity;
  let pmax = -Infinity;
  for (let i = 0; i < physical.length; i++) {
    const v = physical[i]!;
    if (Number.isFinite(v)) {
      if (v < pmin) pmin = v;
      if (v > pmax) pmax = v;
    }
  }
  if (pmin === Infinity) return { adcGain: 200, baseline: 0 };
  const magnitude = Math.max(Math.abs(pmin), Math.abs(pmax));
  if (pmax === pmin) {
    // A flat signal: a power-of-ten gain that puts its value within half the range.
    const adcGain = pmin === 0 ? 200 : Math.min(MAX_GAIN, 10 ** Math.floor(Math.log10(dmax / (2 * magnitude))));
    return { adcGain, baseline: 0 };
  }
  // One count of headroom absorbs rounding of the baseline and of each sample. The gain is capped
  // so that it prints and the baseline stays an exact integer (the range is then not filled).
  let adcGain = roundGainDown(Math.min((dmax - dmin - 1) / (pmax - pmin), MAX_GAIN, 2 ** 52 / (magnitude + 1)));
  let baseline = Math.round(dmin - pmin * adcGain);
  if (Math.round(pmin * adcGain + baseline) < dmin) baseline++;
  while (Math.round(pmax * adcGain + baseline) > dmax) {
    adcGain = roundGainDown(adcGain * (1 - 1e-9));
    baseline = Math.ceil(dmin - pmin * adcGain);
  }
  return { adcGain, baseline };
}
