/** Physical values (digital - baseline) / gain, NaN where the digital value is the invalid sample. */
export function toPhysical(digital: Int32Array, adcGain: number, baseline: number, invalid: number): Float64Array {
  const out = new Float64Array(digital.length);
  for (let i = 0; i < digital.length; i++) {
    const d = digital[i]!;
    out[i] = (d - baseline) / adcGain;
    // A separate store keeps the common path free of a NaN-or-number select, which V8 compiles slowly.
    if (d === invalid) out[i] = NaN;
  }
  return out;
}
