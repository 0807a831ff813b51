/** The WFDB checksum of a signal: the sum of its samples as a signed 16-bit value. */
export function computeChecksum(samples: Int32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum = (sum + samples[i]!) | 0;
  return (sum << 16) >> 16;
}

/** Header checksums are compared modulo 65536 (writers print them signed or unsigned). */
export function checksumsMatch(a: number, b: number): boolean {
  return ((a - b) & 0xffff) === 0;
}
