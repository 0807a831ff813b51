/** In-place radix-2 complex FFT of length n (a power of two); inverse when `inverse` (unscaled). */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (n & (n - 1)) throw new Error(`fft: length ${n} is not a power of two`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!;
      re[i] = re[j]!;
      re[j] = t;
      t = im[i]!;
      im[i] = im[j]!;
      im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    const half = len >> 1;
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < half; k++) {
        const a = i + k;
        const b = a + half;
        const xr = re[b]! * cr - im[b]! * ci;
        const xi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
}

/** Power spectrum |F|^2 of an n x n real patch (row-major), unshifted (DC at [0]). */
export function powerSpectrum2d(patch: Float64Array, n: number): Float64Array {
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  re.set(patch);
  const rr = new Float64Array(n);
  const ri = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    rr.set(re.subarray(r * n, r * n + n));
    ri.set(im.subarray(r * n, r * n + n));
    fft(rr, ri);
    re.set(rr, r * n);
    im.set(ri, r * n);
  }
  for (let c = 0; c < n; c++) {
    for (let r = 0; r < n; r++) (rr[r] = re[r * n + c]!), (ri[r] = im[r * n + c]!);
    fft(rr, ri);
    for (let r = 0; r < n; r++) (re[r * n + c] = rr[r]!), (im[r * n + c] = ri[r]!);
  }
  const p = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) p[i] = re[i]! * re[i]! + im[i]! * im[i]!;
  return p;
}
