/**
 * Format 8: 8-bit signed first differences, one running sum per signal. `bytes` is the stream from
 * its first byte (differences are summed from the start). Frame slot j adds to the sum of signal
 * slotSignal[j], which starts at initialValues[slotSignal[j]] (the header's initial value).
 */
export function decodeFormat8(bytes: Uint8Array, count: number, out: Int32Array, slotSignal: Int32Array, initialValues: Int32Array): void {
  const frameSize = slotSignal.length;
  const acc = Int32Array.from(initialValues);
  for (let i = 0, j = 0; i < count; i++) {
    const a = slotSignal[j]!;
    acc[a] = acc[a]! + ((bytes[i]! << 24) >> 24);
    out[i] = acc[a]!;
    if (++j === frameSize) j = 0;
  }
}
