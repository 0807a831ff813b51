/**
 * Grid darkness as floats with the darkest 3 % of pixels clipped (trace ink and text would
 * otherwise outweigh the thin periodic grid lines). `plane` is 0-255 row-major, e.g.
 * imagePlanes().any.
 */
export function gridDarkness(plane: Uint8Array): Float32Array {
  const clip = darknessClipLevel(plane);
  const out = new Float32Array(plane.length);
  for (let i = 0; i < plane.length; i++) out[i] = Math.min(plane[i]!, clip);
  return out;
}

/** The darkness level above which the darkest `fraction` of pixels lie (at least 1). */
export function darknessClipLevel(plane: Uint8Array, fraction = 0.03): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < plane.length; i++) hist[plane[i]!]!++;
  for (let acc = 0, v = 255; v >= 0; v--) {
    acc += hist[v]!;
    if (acc > plane.length * fraction) return Math.max(v, 1);
  }
  return 255;
}
