/**
 * Resamples a signal from one sampling frequency to another by linear interpolation between the
 * two neighbouring input samples (sample k of the output is at time k / toHz). An output sample
 * is NaN when a neighbour it needs is NaN or it lies past the last input sample.
 */
export function resampleSignal(x: Float64Array, fromHz: number, toHz: number): Float64Array {
  if (fromHz === toHz) return x;
  const n = Math.max(0, Math.floor(((x.length - 1) * toHz) / fromHz + 1e-9) + 1);
  const out = new Float64Array(x.length ? n : 0);
  for (let k = 0; k < out.length; k++) {
    const pos = (k * fromHz) / toHz;
    const i = Math.floor(pos);
    const f = pos - i;
    if (f < 1e-9) out[k] = x[i]!;
    else if (i + 1 >= x.length) out[k] = NaN;
    else out[k] = x[i]! * (1 - f) + x[i + 1]! * f;
  }
  return out;
}
