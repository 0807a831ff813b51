/**
 * A darkness plane less its local mean (box of (2 radius + 1) px a side), floored at 0: grid
 * lines and ink stay, shading and uneven lighting of photos go.
 */
export function highPassPlane(plane: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const tmp = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    const o = r * width;
    let s = 0;
    let n = 0;
    for (let c = 0; c < Math.min(width, radius); c++) (s += plane[o + c]!), n++;
    for (let c = 0; c < width; c++) {
      if (c + radius < width) (s += plane[o + c + radius]!), n++;
      if (c - radius - 1 >= 0) (s -= plane[o + c - radius - 1]!), n--;
      tmp[o + c] = s / n;
    }
  }
  const out = new Uint8Array(width * height);
  const col = new Float64Array(width);
  const cnt = new Float64Array(width);
  const add = (r: number, sign: number) => {
    const o = r * width;
    for (let c = 0; c < width; c++) (col[c] += sign * tmp[o + c]!), (cnt[c] += sign);
  };
  for (let r = 0; r < Math.min(height, radius); r++) add(r, 1);
  for (let r = 0; r < height; r++) {
    if (r + radius < height) add(r + radius, 1);
    if (r - radius - 1 >= 0) add(r - radius - 1, -1);
    const o = r * width;
    for (let c = 0; c < width; c++) out[o + c] = Math.max(0, Math.min(255, Math.round(plane[o + c]! - col[c]! / cnt[c]!)));
  }
  return out;
}
