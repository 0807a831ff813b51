/**
 * Format 8: first differences per signal, each limited to -128..127. Frame slot j belongs to
 * signal slotSignal[j], whose running value starts at initialValues[slotSignal[j]]. Returns the
 * bytes and how many differences had to be limited (the decoded signal then lags the input).
 */
export function encodeFormat8(samples: Int32Array, slotSignal: Int32Array, initialValues: Int32Array): { bytes: Uint8Array; limited: number } {
  const out = new Uint8Array(samples.length);
  const acc = Int32Array.from(initialValues);
  const frameSize = slotSignal.length;
  let limited = 0;
  for (let i = 0, j = 0; i < samples.length; i++) {
    const a = slotSignal[j]!;
    let d = samples[i]! - acc[a]!;
    if (d > 127 || d < -128) {
      d = d > 127 ? 127 : -128;
      limited++;
    }
    acc[a] = acc[a]! + d;
    out[i] = d & 0xff;
    if (++j === frameSize) j = 0;
  }
  return { bytes: out, limited };
}
