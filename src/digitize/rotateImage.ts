import type { XY } from "../artifacts/geometry/homography.js";
import type { RgbaImage } from "../render/types.js";

/** Where a point of rotateImage(image, angleDeg)'s output came from in the image (continuous px). */
export function rotatedToSource(width: number, height: number, angleDeg: number): (x: number, y: number) => XY {
  const a = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(a), sin = Math.sin(a);
  const cx = width / 2, cy = height / 2;
  return (x, y) => [cx + cos * (x - cx) - sin * (y - cy), cy + sin * (x - cx) + cos * (y - cy)];
}

/**
 * Rotates an image about its centre by `angleDeg` (positive = counter-clockwise on screen),
 * bilinear, same size, uncovered pixels white. Rotating by minus a page's rotation undoes it.
 */
export function rotateImage(image: RgbaImage, angleDeg: number): RgbaImage {
  const { width: w, height: h, data } = image;
  const out = new Uint8ClampedArray(w * h * 4).fill(255);
  const a = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = w / 2;
  const cy = h / 2;
  for (let r = 0; r < h; r++) {
    const dy = r + 0.5 - cy;
    for (let c = 0; c < w; c++) {
      const dx = c + 0.5 - cx;
      // Inverse map: output (dx, dy) came from the source point rotated back by -angle (y down).
      const sx = cx + cos * dx - sin * dy - 0.5;
      const sy = cy + sin * dx + cos * dy - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (r * w + c) * 4;
      const i00 = (y0 * w + x0) * 4;
      const i10 = i00 + 4;
      const i01 = i00 + w * 4;
      const i11 = i01 + 4;
      for (let k = 0; k < 4; k++) {
        const top = data[i00 + k]! * (1 - fx) + data[i10 + k]! * fx;
        const bot = data[i01 + k]! * (1 - fx) + data[i11 + k]! * fx;
        out[o + k] = top * (1 - fy) + bot * fy;
      }
    }
  }
  return { width: w, height: h, data: out };
}
