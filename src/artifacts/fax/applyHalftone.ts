import type { RgbaImage } from "../../render/types.js";

export type HalftoneScreen = "clustered" | "bayer";

/**
 * Black and white by ordered dithering, as a fax's photo (halftone) mode sends greys: each pixel's
 * luma is compared with a threshold that cycles over a small tile, so flat greys (a pale grid,
 * faded ink) become dot patterns whose density follows the grey, instead of vanishing or going
 * solid as with one threshold. "clustered" grows round dots from each 6 x 6 cell's centre (print-like);
 * "bayer" is the 8 x 8 dispersed matrix. Thresholds span [lo, hi] in 8-bit levels. Output is only 0 and 255.
 */
export function applyHalftone(image: RgbaImage, screen: HalftoneScreen, lo: number, hi: number): void {
  const { n, rank } = screen === "bayer" ? bayer8() : clustered(6);
  const cells = n * n;
  const thresholds = Float32Array.from(rank, (k) => lo + ((hi - lo) * (k + 0.5)) / cells);
  const { width, height, data } = image;
  for (let row = 0; row < height; row++) {
    const t0 = (row % n) * n;
    let o = row * width * 4;
    for (let col = 0, tc = 0; col < width; col++, o += 4) {
      const y = 0.299 * data[o]! + 0.587 * data[o + 1]! + 0.114 * data[o + 2]!;
      const v = y < thresholds[t0 + tc]! ? 0 : 255;
      data[o] = data[o + 1] = data[o + 2] = v;
      if (++tc === n) tc = 0;
    }
  }
}

/** Order in which the pixels of an n x n cell turn black as the grey darkens: rank 0 first... inverted so rank = threshold order. */
function clustered(n: number): { n: number; rank: Int32Array } {
  const c = (n - 1) / 2;
  const order = Array.from({ length: n * n }, (_, k) => k).sort((a, b) => {
    const da = Math.hypot((a % n) - c, Math.floor(a / n) - c), db = Math.hypot((b % n) - c, Math.floor(b / n) - c);
    return da - db || a - b;
  });
  // The centre must turn black first: it gets the highest threshold (dark wins below the threshold).
  const rank = new Int32Array(n * n);
  order.forEach((cell, k) => { rank[cell] = n * n - 1 - k; });
  return { n, rank };
}

function bayer8(): { n: number; rank: Int32Array } {
  let m = [[0]];
  while (m.length < 8) {
    const s = m.length;
    const next = Array.from({ length: 2 * s }, () => new Array<number>(2 * s).fill(0));
    for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) {
      const v = 4 * m[y]![x]!;
      next[y]![x] = v; next[y]![x + s] = v + 2; next[y + s]![x] = v + 3; next[y + s]![x + s] = v + 1;
    }
    m = next;
  }
  return { n: 8, rank: Int32Array.from(m.flat()) };
}
