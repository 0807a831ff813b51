/**
 * One value per frame from a signal with `spf` samples per frame: the mean truncated toward zero
 * (C integer division, as the WFDB library's getvec and rdsamp do); invalid if any sample of the frame is invalid.
 */
export function averageFrames(samples: Int32Array, spf: number, invalid: number): Int32Array {
  if (spf === 1) return samples;
  const n = Math.floor(samples.length / spf);
  const out = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    let sum = 0;
    let bad = false;
    for (let j = 0; j < spf; j++) {
      const v = samples[t * spf + j]!;
      if (v === invalid) bad = true;
      sum += v;
    }
    out[t] = bad ? invalid : Math.trunc(sum / spf);
  }
  return out;
}
