import type { XY } from "../artifacts/geometry/homography.js";
import type { RgbaImage } from "../render/types.js";

export interface OverlayPath {
  xs: Float64Array;
  ys: Float64Array;
  /** RGB colour. */
  color: [number, number, number];
}

export interface DrawOverlayOptions {
  /** Maps a point of the image the paths were read in to `image` (e.g. back through rectification). Default identity. */
  toImage?: (x: number, y: number) => XY;
  /** Height of the image the paths were read in, px (the marks' length). Default the image's height. */
  workHeight?: number;
}

/** Draws polylines (1.5 px wide) and vertical marks over a faded copy of the image. */
export function drawOverlay(image: RgbaImage, paths: OverlayPath[], marksX: number[] = [], options: DrawOverlayOptions = {}): RgbaImage {
  const map = options.toImage;
  const { width: w, height: h } = image;
  const data = new Uint8ClampedArray(image.data.length);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = 128 + (image.data[i]! >> 1);
    data[i + 1] = 128 + (image.data[i + 1]! >> 1);
    data[i + 2] = 128 + (image.data[i + 2]! >> 1);
    data[i + 3] = 255;
  }
  const plot = (x: number, y: number, c: [number, number, number]) => {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    for (let dy = 0; dy <= 1; dy++) {
      const yy = yi + dy;
      if (xi < 0 || xi >= w || yy < 0 || yy >= h) continue;
      const o = (yy * w + xi) * 4;
      data[o] = c[0];
      data[o + 1] = c[1];
      data[o + 2] = c[2];
    }
  };
  const line = (xs: ArrayLike<number>, ys: ArrayLike<number>): { xs: Float64Array; ys: Float64Array } => {
    const mx = new Float64Array(xs.length), my = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) [mx[i], my[i]] = map && Number.isFinite(ys[i]!) ? map(xs[i]!, ys[i]!) : [xs[i]!, ys[i]!];
    return { xs: mx, ys: my };
  };
  for (const path of paths) {
    const p = map ? line(path.xs, path.ys) : path;
    for (let i = 1; i < p.xs.length; i++) {
      const x0 = p.xs[i - 1]!;
      const y0 = p.ys[i - 1]!;
      const x1 = p.xs[i]!;
      const y1 = p.ys[i]!;
      if (![x0, y0, x1, y1].every(Number.isFinite)) continue;
      const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)) * 2));
      for (let s = 0; s <= steps; s++) plot(x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, path.color);
    }
  }
  const markH = options.workHeight ?? h;
  for (const x of marksX) {
    for (let y = 0; y < markH; y += 3) {
      const [px, py] = map ? map(x, y) : [x, y];
      plot(px, py, [0, 170, 0]);
    }
  }
  return { width: w, height: h, data };
}
